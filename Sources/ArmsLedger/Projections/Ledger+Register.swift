extension Ledger {
    /// The register's rows at `clock`, and the line number of an unterminated last line left
    /// out (an append in progress), if any.
    ///
    /// Uses the ``ReplayCache`` next to the ledger when it matches (the warm replay: no ledger
    /// line is read), else ``FastRegister`` (two parallel passes over the file, no events
    /// built), and falls back to an ordinary ``Replay`` into ``RegisterProjection`` whenever the
    /// fast path declines, so that the answer is the same and any problem in the file is
    /// reported precisely.
    public func registerRows(clock: ReplayClock, countSources: Bool = true) throws(LedgerError) -> (rows: [DealRow], ignoredTail: Int?) {
        try registerRows(clock: clock, countSources: countSources, inRegisterOrder: true)
    }

    /// ``registerRows(clock:countSources:)``, unsorted when `inRegisterOrder` is false.
    func registerRows(clock: ReplayClock, countSources: Bool, inRegisterOrder: Bool) throws(LedgerError) -> (rows: [DealRow], ignoredTail: Int?) {
        if let warm = ReplayCache(ledgerPath: path).rows(ledger: self, clock: clock, countSources: countSources, inRegisterOrder: inRegisterOrder) {
            return (warm.rows, warm.ignoredTail)
        }
        return try coldRegisterRows(clock: clock, countSources: countSources, inRegisterOrder: inRegisterOrder)
    }

    /// The register's rows read from the ledger itself: ``FastRegister``, else the ordinary replay.
    private func coldRegisterRows(clock: ReplayClock, countSources: Bool, inRegisterOrder: Bool) throws(LedgerError) -> (rows: [DealRow], ignoredTail: Int?) {
        if let fast = try FastRegister.rows(ledgerPath: path, clock: clock, countSources: countSources, inRegisterOrder: inRegisterOrder) {
            return (fast.rows, fast.ignoredTail)
        }
        let read = try read()
        var register = RegisterProjection()
        Replay(events: read.events, clock: clock).fold(&register)
        return (register.rows, read.ignoredTail)
    }

    /// The balances' rows at `clock`.
    ///
    /// Warm (``ReplayCache``) or cold (``FastBalances``), compact deals are grouped straight
    /// into pairs (no register rows, so memory stays a small multiple of the deal count); when
    /// those decline, the register's rows are grouped by ``BalancesProjection``. Every path
    /// gives the same rows.
    public func balanceRows(clock: ReplayClock) throws(LedgerError) -> (rows: [BalanceRow], ignoredTail: Int?) {
        // Balances group the rows by pair and sort the pairs: the register's order is not needed.
        let cache = ReplayCache(ledgerPath: path)
        if let warm = cache.balanceRows(ledger: self, clock: clock) {
            return (warm.rows, warm.ignoredTail)
        }
        if let warm = cache.rows(ledger: self, clock: clock, countSources: false, inRegisterOrder: false) {
            return (BalancesProjection.rows(from: warm.rows), warm.ignoredTail)
        }
        if let fast = try FastBalances.rows(ledgerPath: path, clock: clock) {
            return (fast.rows, fast.ignoredTail)
        }
        let register = try coldRegisterRows(clock: clock, countSources: false, inRegisterOrder: false)
        return (BalancesProjection.rows(from: register.rows), register.ignoredTail)
    }
}
