extension ObligationsProjection {
    /// The types a screen needs before the deliveries: alliances, memberships and conflicts.
    static let screeningTypes: Set<EventType> = [
        .allianceDescribed, .allianceJoined, .allianceSuspended, .allianceWithdrawalAnnounced, .allianceLeft,
        .conflictStarted, .conflictEnded,
    ]

    /// Replays `ledger` at `clock` into a projection without holding its events
    /// (``Ledger/replay(clock:types:prefetched:lineFilter:_:)``), and decodes only the
    /// deliveries that can matter. The alliance, membership and conflict events are read in the
    /// replay's first pass (about 3% of a typical ledger); a ``DeliveryScreen`` over them then
    /// looks at each delivery's recipient alone (``Ledger/recipient(_:)``), then, when a conflict
    /// opposes it, at its supplier and date, read in place the same way (or by
    /// ``LineFieldScanner`` when one of them cannot be told for certain so), and lets through
    /// only those that give a row or an unplaceable entry (a delivery the clock's as-of date
    /// leaves out is turned away by its date alone). The rows, tallies and unplaceable
    /// deliveries are those of a full replay (tests compare the two), but ``deliveries`` holds
    /// only the screened ones; a delivery whose fields cannot be read in place for certain is
    /// decoded.
    ///
    /// - Returns: The projection and the line number of an unterminated last line left out, if any.
    /// - Throws: ``LedgerError`` for a line that cannot be read.
    public static func replaying(_ ledger: Ledger, clock: ReplayClock) throws(LedgerError)
        -> (projection: ObligationsProjection, ignoredTail: Int?) {
        var projection = ObligationsProjection()
        var shared: DeliveryScreen?  // one screen for the filters of all parts (it is only read)
        let torn = try ledger.replay(clock: clock, types: relevantTypes, prefetched: screeningTypes, lineFilter: { prefetched in
            let screen = shared ?? {
                var screened = ObligationsProjection()
                for replayed in prefetched { screened.apply(replayed) }
                return DeliveryScreen(screened)
            }()
            shared = screen
            /// False when the clock's as-of date leaves a delivery of these bounds out, as it
            /// would after decoding it.
            func counts(_ bounds: (lower: Day, upper: Day)) -> Bool {
                clock.occurrence(lower: bounds.lower, upper: bounds.upper) != nil
            }
            var fields = LineFields()
            var dates = DateCache(limit: 1 << 13)
            return { line, type in
                guard type == .transferDelivered || type == .serviceDelivered else { return true }
                // A first look at the recipient alone: most deliveries go to actors no conflict opposes.
                let certain = Ledger.recipient(line)
                if let certain, !screen.mayBeOpposed(certain) { return false }
                // The supplier and the date read in place too, when they can be told for certain.
                if let certain, let recipient = ActorKey(certain),
                   let supplier = Ledger.stringValue(of: #""supplier":""#, in: line).flatMap(ActorKey.init),
                   let occurred = Ledger.stringValue(of: #""occurred":""#, in: line), let bounds = dates.bounds(occurred) {
                    return counts(bounds) && screen.mayMatter(supplier: supplier, recipient: recipient, day: bounds.lower)
                }
                guard LineFieldScanner.scan(line, into: &fields, sourceHashes: nil, dates: &dates) else { return true }
                if certain == nil, fields.recipient.count > 0, !screen.mayBeOpposed(fields.recipient.bytes(in: line)) { return false }
                guard let supplier = ActorKey(fields.supplier.bytes(in: line)), let recipient = ActorKey(fields.recipient.bytes(in: line)),
                      let bounds = dates.bounds(fields.occurred.bytes(in: line))
                else { return true }
                return counts(bounds) && screen.mayMatter(supplier: supplier, recipient: recipient, day: bounds.lower)
            }
        }) { projection.apply($0) }
        return (projection, torn)
    }
}
