import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The balances' rows computed straight from the ledger file, without register rows: the
/// replay's fast path for `balances`.
///
/// The same two passes as ``FastRegister`` (corrections first, then the deal events read in
/// place, the file's two halves in parallel), but each deal is folded into a ``BalanceDeal`` —
/// a few dozen bytes, no strings — and the deals are grouped by pair straight from there
/// (``PairTotals``). Memory then grows with the deals at a fraction of a register row each,
/// so that a ledger five times longer does not need five times the memory.
///
/// It gives exactly the rows that ``BalancesProjection`` gives over ``FastRegister``'s rows or
/// the ordinary replay (tests compare them on every clock), and returns nil wherever
/// ``FastRegister`` would, or when a deal id or name is not ASCII; the caller then takes the
/// register's path.
public enum FastBalances {
    /// The outcome: the rows, and the line number of an unterminated last line left out.
    public struct Result: Sendable {
        public let rows: [BalanceRow]
        public let ignoredTail: Int?
    }

    /// The balance rows of the ledger at `path` on `clock`, or nil when the fast path declines.
    public static func rows(ledgerPath path: String, clock: ReplayClock) throws(LedgerError) -> Result? {
        LargeBlocks.keepMapped()
        let handle = try LedgerFileHandle.open(path, flags: O_RDONLY)
        let size = try handle.size()
        let ranges = try FastRegister.split(handle, size: size)

        // Pass 1: the corrections.
        guard let marks = FastRegister.corrections(handle, ranges, clock: clock) else { return nil }

        // Pass 2: the deal events, in place, into compact deals.
        let folds = SendableBox<[PartFold<BalanceDeals>?]>(Array(repeating: nil, count: ranges.count))
        DispatchQueue.concurrentPerform(iterations: ranges.count) { part in
            var fold = PartFold<BalanceDeals>(clock: clock, corrections: marks)
            let ok = (try? fold.run(handle, range: ranges[part], isLast: part == ranges.count - 1)) ?? false
            folds.set(part, ok ? fold : nil)
        }
        // The first part takes in the others, in order, each released once absorbed.
        guard var merged = folds.take(0) else { return nil }
        var chain = ChainJoin()
        guard chain.join(firstSeq: merged.firstSeq, firstPrev: merged.firstPrev, lastSeq: merged.lastSeq, lastHash: merged.lastHash)
        else { return nil }
        var tornTail = merged.tornTail
        for part in ranges.indices.dropFirst() {
            guard let fold = folds.take(part),
                  chain.join(firstSeq: fold.firstSeq, firstPrev: fold.firstPrev, lastSeq: fold.lastSeq, lastHash: fold.lastHash)
            else { return nil }
            merged.absorb(fold)
            tornTail = fold.tornTail
        }
        guard merged.keysAreASCII, let rows = PairTotals.rows(merged.balanceDeals, name: merged.name) else { return nil }
        return Result(rows: rows, ignoredTail: tornTail ? chain.lastSeq + 1 : nil)
    }
}
