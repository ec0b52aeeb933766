/// The qualifier that may end an EDTF date: how sure the source is about it.
public enum EDTFQualifier: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// No qualifier: the date is as stated.
    case none
    /// `?` — the source is unsure whether the date is right.
    case uncertain
    /// `~` — the date is roughly right ("circa").
    case approximate
    /// `%` — both uncertain and approximate.
    case uncertainAndApproximate

    /// The character written after the date: `?`, `~`, `%`, or the empty string for ``none``.
    public var symbol: String {
        switch self {
        case .none: ""
        case .uncertain: "?"
        case .approximate: "~"
        case .uncertainAndApproximate: "%"
        }
    }

    /// The same as ``symbol``.
    public var description: String { symbol }
}
