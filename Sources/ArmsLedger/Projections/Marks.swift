/// The caveats a row of a projection carries: what the replay could not state as a plain fact.
///
/// Every projection that aggregates events gathers the marks of the events it counts, so an
/// output never shows a disputed, undated, unknown or estimated figure as if it were certain
/// (SPEC section 5). Tables show the marks as a compact string (``compact``) explained by
/// ``legend``; JSON carries them as booleans (``addJSON(to:)``).
public struct Marks: Hashable, Sendable {
    /// A counted event is the target of a known `event.disputed`.
    public var disputed: Bool
    /// A counted event's `occurred` range reaches past the as-of date.
    public var uncertainDate: Bool
    /// A counted ordered, delivered or service event gives no quantity, so the unit counts are
    /// lower bounds.
    public var quantityUnknown: Bool
    /// A counted event's quantity is an estimate (`quantity_estimated`).
    public var estimated: Bool

    /// Creates marks; every mark defaults to unset.
    public init(disputed: Bool = false, uncertainDate: Bool = false, quantityUnknown: Bool = false,
                estimated: Bool = false) {
        self.disputed = disputed
        self.uncertainDate = uncertainDate
        self.quantityUnknown = quantityUnknown
        self.estimated = estimated
    }

    /// The marks one counted event carries by itself: disputed and uncertain-date from the
    /// replay; for deal events, quantity-unknown when an ordered, delivered or service event
    /// gives no quantity, and estimated when the quantity is an estimate.
    ///
    /// - Parameter replayed: A counted event.
    public init(_ replayed: ReplayedEvent) {
        self.init(disputed: replayed.isDisputed, uncertainDate: replayed.uncertainDate)
        if let facts = replayed.event.payload.transfer {
            switch replayed.event.type {
            case .transferOrdered, .transferDelivered, .serviceDelivered:
                quantityUnknown = facts.quantity == nil
            default: break
            }
            estimated = facts.quantityEstimated
        }
    }

    /// Sets every mark that is set in `other`.
    public mutating func formUnion(_ other: Marks) {
        disputed = disputed || other.disputed
        uncertainDate = uncertainDate || other.uncertainDate
        quantityUnknown = quantityUnknown || other.quantityUnknown
        estimated = estimated || other.estimated
    }

    /// The marks set in either.
    public func union(_ other: Marks) -> Marks {
        var result = self
        result.formUnion(other)
        return result
    }

    /// True when no mark is set.
    public var isEmpty: Bool { !(disputed || uncertainDate || quantityUnknown || estimated) }

    /// The set marks as letters for a table column, in a fixed order: `D` disputed,
    /// `?` uncertain date, `U` quantity unknown, `~` estimate (e.g. `"D?U~"`, `"?"`, `""`).
    public var compact: String {
        var text = ""
        if disputed { text += "D" }
        if uncertainDate { text += "?" }
        if quantityUnknown { text += "U" }
        if estimated { text += "~" }
        return text
    }

    /// The footnote that explains ``compact``.
    public static let legend = "Marks: D disputed · ? date uncertain at the as-of date · U quantity unknown (units are a lower bound) · ~ estimated quantity"

    /// Adds the marks to a JSON object as four booleans, always present, in this order:
    /// `"disputed"`, `"uncertain_date"`, `"quantity_unknown"`, `"estimated"`.
    ///
    /// - Parameter object: The row object to extend (existing keys are replaced in place).
    public func addJSON(to object: inout JSONObject) {
        object["disputed"] = .bool(disputed)
        object["uncertain_date"] = .bool(uncertainDate)
        object["quantity_unknown"] = .bool(quantityUnknown)
        object["estimated"] = .bool(estimated)
    }
}
