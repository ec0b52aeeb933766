/// One row of the trade register: everything the counted events of one deal say about it.
///
/// Built by ``RegisterProjection``. Unit counts are sums of the quantities the counted events
/// give; an event without a quantity adds nothing and sets ``orderedQuantityUnknown`` or
/// ``deliveredQuantityUnknown`` (and ``Marks/quantityUnknown``), so a count is then a lower bound,
/// never a certain figure.
public struct DealRow: Hashable, Sendable {
    /// The deal id (`data.deal`).
    public let deal: String
    public let supplier: ActorCode
    public let recipient: ActorCode
    /// The system's designation.
    public let system: String
    /// The category given by the deal's last counted event (by `seq`).
    public let category: Category
    /// The type of the latest counted event (see ``DealStatus``).
    public let status: DealStatus
    /// Units ordered: the sum of `quantity` over counted `transfer.ordered` events.
    public let ordered: Int64
    /// Units delivered: the sum of `quantity` over counted `transfer.delivered` **and**
    /// `service.delivered` events. Services count because SPEC treats `service.delivered` as a
    /// transfer (units modernised, repaired or supplied as components reach the recipient's forces).
    public let delivered: Int64
    /// A counted `transfer.ordered` event gives no quantity.
    public let orderedQuantityUnknown: Bool
    /// A counted `transfer.delivered` or `service.delivered` event gives no quantity.
    public let deliveredQuantityUnknown: Bool
    /// The `occurred` date, as written, of the earliest counted delivery or service by lower bound.
    public let firstDelivery: EDTFDate?
    /// The `occurred` date, as written, of the latest counted delivery or service by lower bound.
    public let lastDelivery: EDTFDate?
    /// The deal's value, one amount per currency, sorted by currency: the sum of the values of
    /// counted `transfer.ordered` events when any carries one (the contract price); otherwise
    /// the sum over counted `transfer.delivered` and `service.delivered` events. Offers are never
    /// counted. Empty when no counted event gives a value. See ``valueBasis``.
    public let value: [Money]
    /// Which events ``value`` sums; nil when ``value`` is empty.
    public let valueBasis: ValueBasis?
    /// The weakest confidence among the counted events (`confirmed` is the strongest,
    /// `estimated` the weakest).
    public let confidence: Confidence
    /// The number of distinct sources cited by the counted events.
    public let sources: Int
    /// The number of counted events of the deal.
    public let events: Int
    /// The caveats gathered from the counted events.
    public let marks: Marks

    /// Which events a deal's ``value`` is taken from.
    public enum ValueBasis: String, Hashable, Sendable {
        /// The values of `transfer.ordered` events.
        case ordered
        /// The values of `transfer.delivered` and `service.delivered` events.
        case delivered
    }

    /// Creates a row. ``RegisterProjection`` is the usual way to get one.
    public init(deal: String, supplier: ActorCode, recipient: ActorCode, system: String, category: Category,
                status: DealStatus, ordered: Int64 = 0, delivered: Int64 = 0,
                orderedQuantityUnknown: Bool = false, deliveredQuantityUnknown: Bool = false,
                firstDelivery: EDTFDate? = nil, lastDelivery: EDTFDate? = nil,
                value: [Money] = [], valueBasis: ValueBasis? = nil, confidence: Confidence = .confirmed,
                sources: Int = 0, events: Int = 0, marks: Marks = Marks()) {
        self.deal = deal
        self.supplier = supplier
        self.recipient = recipient
        self.system = system
        self.category = category
        self.status = status
        self.ordered = ordered
        self.delivered = delivered
        self.orderedQuantityUnknown = orderedQuantityUnknown
        self.deliveredQuantityUnknown = deliveredQuantityUnknown
        self.firstDelivery = firstDelivery
        self.lastDelivery = lastDelivery
        self.value = value
        self.valueBasis = valueBasis
        self.confidence = confidence
        self.sources = sources
        self.events = events
        self.marks = marks
    }

    /// Ordered units for a table: `12`, `12+?` (12 known plus an unknown number) or `?`.
    public var orderedText: String { Units.text(ordered, unknown: orderedQuantityUnknown) }

    /// Delivered units for a table: `12`, `12+?` or `?`.
    public var deliveredText: String { Units.text(delivered, unknown: deliveredQuantityUnknown) }

    /// The register's sort order: supplier, recipient, system, deal.
    /// Field by field, as the tuple `(supplier, recipient, system, deal)` compares, but without
    /// building tuples (which copies four strings per side on every comparison).
    static func registerOrder(_ a: DealRow, _ b: DealRow) -> Bool {
        if a.supplier != b.supplier { return a.supplier.rawValue < b.supplier.rawValue }
        if a.recipient != b.recipient { return a.recipient.rawValue < b.recipient.rawValue }
        if a.system != b.system { return a.system < b.system }
        return a.deal < b.deal
    }

    /// `rows` in ``registerOrder(_:_:)``, sorted through their indices so that the rows
    /// themselves are moved once.
    static func sortedInRegisterOrder(_ rows: [DealRow]) -> [DealRow] {
        rows.withUnsafeBufferPointer { buffer in
            buffer.indices.sorted { registerOrder(buffer[$0], buffer[$1]) }.map { buffer[$0] }
        }
    }

    /// The row as a JSON object: the SPEC section 7 keys first (`deal` … `delivered`), then the
    /// four marks (always present), `first_delivery`, `last_delivery`, `value`, `value_basis`,
    /// `confidence`, `sources` (a count) and `events` (a count).
    public var json: JSONObject {
        var object = JSONObject()
        object["deal"] = .string(deal)
        object["supplier"] = .string(supplier.rawValue)
        object["recipient"] = .string(recipient.rawValue)
        object["system"] = .string(system)
        object["category"] = .string(category.rawValue)
        object["status"] = .string(status.rawValue)
        object["ordered"] = .integer(ordered)
        object["delivered"] = .integer(delivered)
        object["quantity_unknown"] = .bool(marks.quantityUnknown)
        marks.addJSON(to: &object)
        object["first_delivery"] = firstDelivery.map { .string($0.text) } ?? .null
        object["last_delivery"] = lastDelivery.map { .string($0.text) } ?? .null
        object["value"] = Units.json(value)
        object["value_basis"] = valueBasis.map { .string($0.rawValue) } ?? .null
        object["confidence"] = .string(confidence.rawValue)
        object["sources"] = .integer(Int64(sources))
        object["events"] = .integer(Int64(events))
        return object
    }
}

/// Shared formatting of unit counts and money for the projections of this folder.
enum Units {
    /// `12`, `12+?` or `?`.
    static func text(_ units: Int64, unknown: Bool) -> String {
        guard unknown else { return String(units) }
        return units == 0 ? "?" : "\(units)+?"
    }

    /// Adds without trapping: a sum beyond `Int64.max` stays at `Int64.max`.
    static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    /// Sums per currency, sorted by currency.
    static func sum(_ amounts: some Sequence<Money>) -> [Money] {
        var totals: [String: Int64] = [:]
        for money in amounts { totals[money.currency] = add(totals[money.currency] ?? 0, money.amount) }
        return totals.sorted { $0.key < $1.key }.map { Money(amount: $0.value, currency: $0.key) }
    }

    /// `[{"amount": …, "currency": …}]`.
    static func json(_ value: [Money]) -> JSONValue {
        .array(value.map { .object(JSONObject([("amount", .integer($0.amount)), ("currency", .string($0.currency))])) })
    }

    /// `5000000000 USD + 20000000 EUR` style text for tables, with thousands grouped: `5,000,000,000 USD`.
    static func text(_ value: [Money]) -> String {
        value.map { grouped($0.amount) + " " + $0.currency }.joined(separator: " + ")
    }

    /// `5,000,000`.
    static func grouped(_ n: Int64) -> String {
        let digits = Array(String(n.magnitude))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return n < 0 ? "-" + text : text
    }

    /// A clock's JSON echo: `as_of` and `known_at` as the user wrote them, or null.
    static func addClock(_ clock: ReplayClock, to object: inout JSONObject) {
        object["as_of"] = clock.asOfLabel.map { .string($0) } ?? .null
        object["known_at"] = clock.knownAtLabel.map { .string($0) } ?? .null
    }

    /// The subtitle line that states a clock: `as of 2020-09-27 · known at 2021 · strict dates`.
    static func clockLine(_ clock: ReplayClock) -> String {
        clock.summary
    }
}
