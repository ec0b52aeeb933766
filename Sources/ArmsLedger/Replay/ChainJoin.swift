/// Checks that parts of a ledger file read on their own (the halves of a parallel replay),
/// taken in order, form one hash chain: each part's first line continues where the lines before
/// it ended (its `seq` is the next, its `prev` the last line's hash), and the very first line
/// starts the chain (`seq` 1, `prev` 64 zeros). A part without lines leaves the end where it was.
struct ChainJoin {
    /// The `seq` of the last line joined (0 before any).
    private(set) var lastSeq = 0
    /// The hash of the last line joined, as its 64 hex digits.
    private var lastHash = [UInt8](repeating: UInt8(ascii: "0"), count: 64)

    /// Joins the next part, given by its first line's `seq` (nil when it has no line) and `prev`
    /// and its last line's `seq` and hash; false when it does not continue the chain.
    mutating func join(firstSeq: Int?, firstPrev: [UInt8], lastSeq: Int, lastHash: [UInt8]) -> Bool {
        guard let firstSeq else { return true }
        guard firstSeq == self.lastSeq + 1, firstPrev == self.lastHash else { return false }
        self.lastSeq = lastSeq
        self.lastHash = lastHash
        return true
    }
}
