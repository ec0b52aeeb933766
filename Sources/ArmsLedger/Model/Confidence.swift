/// How sure the ledger is of a fact, taken from its source (SPEC section 1).
public enum Confidence: String, CaseIterable, Hashable, Sendable, Comparable {
    /// An official act or document.
    case confirmed
    /// A press report.
    case reported
    /// A party's own assertion.
    case claimed
    /// An estimate.
    case estimated

    /// The order of the cases above (a switch: this is compared once per replayed deal event).
    private var rank: Int {
        switch self {
        case .confirmed: 0
        case .reported: 1
        case .claimed: 2
        case .estimated: 3
        }
    }
    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }
}
