extension BalanceOfPowerReport {
    /// Builds the report from the ledger file without holding its events: one streaming replay
    /// (``Ledger/replay(clock:types:lineFilter:_:)``) that decodes only the lines the view can use —
    /// descriptions, alliance and conflict events, and the deliveries whose recipient is one of
    /// the two sides (read in place by ``LineFieldScanner`` before any decoding). Memory grows with
    /// those events, not with the file.
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
        guard since == nil, let asOf = clock.asOf, sides.0 != sides.1 else { return nil }
        let wanted = [Array(sides.0.rawValue.utf8), Array(sides.1.rawValue.utf8)]
        let filter = { () -> (UnsafeRawBufferPointer) -> Bool in
            { line in
                // Deliveries to anyone but the two sides are skipped; when the recipient cannot
                // be told for certain (``recipient(_:)``), the line is decoded.
                let type = Ledger.type(line)
                guard type == .transferDelivered || type == .serviceDelivered, let recipient = recipient(line) else { return true }
                return wanted.contains { $0.elementsEqual(recipient) }
            }
        }
        var projection = BalanceOfPowerProjection()
        var obligations = ObligationsProjection()
        var named: Set<ActorCode> = []
        let types = ObligationsProjection.relevantTypes.union([.actorDescribed, .systemDescribed])
        let torn = try ledger.replay(clock: clock, types: types, lineFilter: filter) { replayed in
            projection.apply(replayed)
            obligations.apply(replayed)
            if case .actor(let description) = replayed.event.payload { named.insert(description.actor) }
            for (_, code) in EventDecoder.actors(in: replayed.event.payload) { named.insert(code) }
        }
        guard named.contains(sides.0), named.contains(sides.1) else { return nil }
        let balance = BalanceOfPower(projection, obligations: obligations, sides: sides, asOf: asOf)
        return (report(balance, clock: clock, since: nil), torn)
    }

    /// The bytes of a line's `"recipient"` value when the line holds exactly one `"recipient":"`
    /// and its value has no escape; else nil.
    ///
    /// In valid JSON those bytes can only be a key named `recipient` with a string value (a `"`
    /// inside a string is escaped, and a string is followed by `,`, `:`, `}` or `]`, never by a
    /// letter). A delivery's `data` holds one; a second one (a nested object of an unknown field)
    /// makes it ambiguous, and the caller decodes the line.
    static func recipient(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        let key: StaticString = #""recipient":""#
        let keyCount = key.utf8CodeUnitCount
        guard let base = line.baseAddress else { return nil }
        /// The offset of the first `"recipient":"` at or after `from`.
        func find(from: Int) -> Int? {
            var at = from
            while line.count - at >= keyCount, let quote = memchr(base + at, 0x22, line.count - at - keyCount + 1) {
                let offset = base.distance(to: UnsafeRawPointer(quote))
                if memcmp(base + offset, key.utf8Start, keyCount) == 0 { return offset }
                at = offset + 1
            }
            return nil
        }
        guard let found = find(from: 0) else { return nil }
        let start = found + keyCount
        if find(from: start) != nil { return nil }
        var end = start
        while end < line.count, line[end] != UInt8(ascii: "\""), line[end] != UInt8(ascii: "\\") { end += 1 }
        guard end < line.count, line[end] == UInt8(ascii: "\"") else { return nil }
        return UnsafeRawBufferPointer(rebasing: line[start..<end])
    }
}

#if canImport(Glibc)
import Glibc
#endif
