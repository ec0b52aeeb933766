/// The two clocks of a replay (SPEC section 5).
///
/// - `asOf` (D): what had happened by D. An event counts when its `occurred` lower bound is ≤ D;
///   when its upper bound is later it still counts but is marked *uncertain-date*, unless
///   `strictDates` is set, in which case it counts only when its upper bound is ≤ D.
/// - `knownAt` (K): what could be known at K. An event counts only when its known date
///   (``EventContent/knownDate``) is ≤ K.
///
/// Nil means the end of time. A date given as a month or a year stands for its last day
/// ("as of 2020" is "by the end of 2020").
public struct ReplayClock: Hashable, Sendable {
    /// D, or nil for the end of time.
    public var asOf: Day?
    /// K, or nil for the end of time.
    public var knownAt: Day?
    /// Count an event only when its whole date range lies on or before D.
    public var strictDates: Bool
    /// The date as the user wrote it, echoed as `as_of` in JSON output.
    public var asOfLabel: String?
    /// The date as the user wrote it, echoed as `known_at` in JSON output.
    public var knownAtLabel: String?

    /// A clock from days.
    public init(asOf: Day? = nil, knownAt: Day? = nil, strictDates: Bool = false) {
        self.asOf = asOf
        self.knownAt = knownAt
        self.strictDates = strictDates
        asOfLabel = asOf?.description
        knownAtLabel = knownAt?.description
    }

    /// A clock from EDTF dates as given on the command line (day, month or year; each stands
    /// for its last day), keeping the text for output.
    public init(asOf: EDTFDate?, knownAt: EDTFDate?, strictDates: Bool = false) {
        self.init(asOf: asOf?.upper, knownAt: knownAt?.upper, strictDates: strictDates)
        asOfLabel = asOf?.text
        knownAtLabel = knownAt?.text
    }

    /// True when an event's known date is within K.
    public func isKnown(_ event: Event) -> Bool {
        guard let knownAt else { return true }
        return event.knownDate <= knownAt
    }

    /// Whether an event's `occurred` counts at D: `nil` when it does not, else whether it is
    /// *uncertain-date* (its range reaches past D).
    public func occurrence(of date: EDTFDate) -> Bool? {
        occurrence(lower: date.lower, upper: date.upper)
    }

    /// ``occurrence(of:)`` for a date's bounds (for screens that read them in place, without
    /// building the date).
    func occurrence(lower: Day, upper: Day) -> Bool? {
        guard let asOf else { return false }
        if lower > asOf { return nil }
        if upper > asOf { return strictDates ? nil : true }
        return false
    }

    /// The context line every report shows: `as of 2020-09-27 · known at 2023-12-31 · strict dates`;
    /// an unset clock reads `as of the end of the ledger` / `known at: everything recorded`.
    public var summary: String {
        var parts = ["as of " + (asOfLabel ?? "the end of the ledger")]
        parts.append(knownAtLabel.map { "known at " + $0 } ?? "known at: everything recorded")
        if strictDates { parts.append("strict dates") }
        return parts.joined(separator: " \u{00B7} ")
    }
}
