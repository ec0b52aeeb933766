extension BalanceOfPowerReport {
    /// Builds the report from the ledger file without holding its events: one streaming replay
    /// (``Ledger/replay(clock:types:prefetched:deferring:lineFilter:_:)``) that decodes only the
    /// lines the view can use — alliance, membership and conflict events, and the deliveries whose
    /// recipient is one of the two sides (read in place before any decoding) — and passes over
    /// the descriptions, of which it then decodes the latest counted one of each system the sides
    /// received and of each side (``DeferredLines``). Memory grows with those events and a few
    /// bytes per description, not with the file.
    ///
    /// It gives the report ``make(events:clock:sides:since:)`` gives (tests compare the two), and
    /// returns nil whenever it cannot be sure to: with `--since` (a second replay), without an
    /// as-of date (the five-year window then ends at the latest counted event of any type), when
    /// the two sides are one actor, or when a side is named by no counted event it decoded (then
    /// only a look at every event tells an unknown actor from one the clock leaves out). The
    /// caller then reads the events and calls ``make(events:clock:sides:since:)``.
    ///
    /// - Returns: The report and the line number of an unterminated last line left out, or nil.
    /// - Throws: ``LedgerError`` for a line that cannot be read.
    public static func make(streaming ledger: Ledger, clock: ReplayClock, sides: (ActorCode, ActorCode),
                            since: EDTFDate?) throws(LedgerError) -> (report: Report, ignoredTail: Int?)? {
        try streamed(ledger, clock: clock, sides: sides, since: since).map { ($0.report, $0.ignoredTail) }
    }

    /// What the streaming replay of ``make(streaming:clock:sides:since:)`` folds, before it is
    /// made a report: for `--format json`, ``Streamed/writeJSON(to:)`` writes the report's JSON
    /// without building it. Nil exactly when ``make(streaming:clock:sides:since:)`` gives nil.
    public static func streamed(_ ledger: Ledger, clock: ReplayClock, sides: (ActorCode, ActorCode),
                                since: EDTFDate?) throws(LedgerError) -> Streamed? {
        guard since == nil, let asOf = clock.asOf, sides.0 != sides.1 else { return nil }
        // Deliveries to anyone but the two sides are skipped.
        let filter = { (_: [ReplayedEvent]) in Ledger.deliveryFilter(recipients: [sides.0, sides.1]) }
        var projection = BalanceOfPowerProjection()
        var obligations = ObligationsProjection()
        // Whether a counted event names each side (looked for only until both are found).
        var named = (false, false)
        func note(_ code: ActorCode) {
            if code == sides.0 { named.0 = true }
            if code == sides.1 { named.1 = true }
        }
        // Invocations and answers play no part in the rows between the two sides; descriptions
        // are passed over, and only the latest counted one of each system and side is decoded.
        let descriptions: Set<EventType> = [.actorDescribed, .systemDescribed]
        let types = ObligationsProjection.screeningTypes.union([.transferDelivered, .serviceDelivered]).union(descriptions)
        let (torn, deferred) = try ledger.replay(clock: clock, types: types, deferring: descriptions, lineFilter: filter) { replayed in
            projection.apply(replayed)
            obligations.apply(replayed)
            if !(named.0 && named.1) {
                for (_, code) in EventDecoder.actors(in: replayed.event.payload) { note(code) }
            }
        }
        let systems = Set(projection.deliveries.compactMap { replayed in
            replayed.event.payload.transfer.flatMap { $0.recipient == sides.0 || $0.recipient == sides.1 ? $0.system : nil }
        })
        let systemDescriptions = try deferred.latestCounted(keys: systems) { event in
            if case .system(let description) = event.payload { description.system } else { nil }
        }
        let actorDescriptions = try deferred.latestCounted(keys: [sides.0.rawValue, sides.1.rawValue]) { event in
            if case .actor(let description) = event.payload { description.actor.rawValue } else { nil }
        }
        for replayed in systemDescriptions.values { projection.apply(replayed) }
        for replayed in actorDescriptions.values {
            projection.apply(replayed)
            if case .actor(let description) = replayed.event.payload { note(description.actor) }
        }
        guard named.0, named.1 else { return nil }
        let balance = BalanceOfPower(projection, obligations: obligations, sides: sides, asOf: asOf)
        return Streamed(balance: balance, clock: clock, ignoredTail: torn, folds: (projection, obligations))
    }

    /// A balance of power folded by the streaming replay, to render or to write as JSON.
    public struct Streamed {
        let balance: BalanceOfPower
        let clock: ReplayClock
        /// The line number of an unterminated last line left out, or nil.
        public let ignoredTail: Int?
        /// The folds the balance was made from, held so that they are freed with it, not before
        /// (a caller about to exit can then skip freeing either: ``BalanceOfPower`` shares their events).
        let folds: (BalanceOfPowerProjection, ObligationsProjection)

        /// The report.
        public var report: Report { BalanceOfPowerReport.report(balance, clock: clock, since: nil) }

        /// Writes the report's JSON to `sink`: the bytes ``ReportRenderer`` writes for ``report``.
        public func writeJSON(to sink: ([UInt8]) -> Void) {
            BalanceOfPowerReport.writeJSON(balance, clock: clock, since: nil, to: sink)
        }
    }
}
