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

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }
}
