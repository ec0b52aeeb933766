/// The entity-level part of ``LedgerFacts`` as the side index stores it: everything but the ids
/// (which live in the index's ``IDTable``) and the chain's end (which the header holds), split
/// into buckets by the hash of each entity's key (a stream, deal, actor, alliance or conflict
/// name), so that an append decodes and rewrites only the buckets its batch touches.
///
/// A bucket's layout, little-endian, each string a `UInt32` length and UTF-8 bytes:
/// streams (`UInt32` n, then n × stream, `UInt64` count), deals (n × deal, supplier,
/// recipient, system), then described actors, alliances, started and ended conflicts
/// (each `UInt32` n, then n strings).
extension LedgerFacts {
    /// How many entities the facts hold (each stream, deal, actor, alliance, started or ended conflict once).
    var entityCount: Int {
        streamCounts.count + deals.count + describedActors.count + alliances.count + startedConflicts.count + endedConflicts.count
    }

    /// The bucket of an entity key among `bucketCount` (a power of two).
    static func bucket(of key: String, count bucketCount: Int) -> Int {
        Int(truncatingIfNeeded: IDHash.standard(key)) & (bucketCount - 1)
    }

    /// The entity keys that checking and applying `content` reads or writes. A correction's
    /// stream is that of its target, so ids must be resolved first.
    func entityKeys(of content: EventContent) -> [String] {
        entityKeys(payload: content.payload, stream: content.stream)
    }

    /// ``entityKeys(of:)`` of an event's payload and stream.
    func entityKeys(payload: EventPayload, stream: String) -> [String] {
        Self.entityKeys(payload: payload, resolvedStream: payload.correctionTarget.map { ids[$0]?.stream } ?? stream)
    }

    /// ``entityKeys(payload:stream:)`` with the event's stream already resolved (a correction's
    /// is its target's; nil when the target is unknown).
    static func entityKeys(payload: EventPayload, resolvedStream: String?) -> [String] {
        var keys: [String] = []
        forEachEntityKey(payload: payload, resolvedStream: resolvedStream) { keys.append($0) }
        return keys
    }

    /// Calls `body` with each of ``entityKeys(payload:resolvedStream:)``, in the same order,
    /// without building arrays: the non-ISO actors of ``EventDecoder/forEachActor(in:_:)``, the stream,
    /// then the entity the payload names. A large batch's entity recording calls it per event.
    static func forEachEntityKey(payload: EventPayload, resolvedStream: String?, _ body: (String) -> Void) {
        EventDecoder.forEachActor(in: payload) { _, code in
            if !code.isISO { body(code.rawValue) }
        }
        if let resolvedStream { body(resolvedStream) }
        switch payload {
        case .actor(let d): body(d.actor.rawValue)
        case .transfer(let t): body(t.deal)
        case .alliance(let d): body(d.alliance)
        case .membership(let alliance, _), .invocation(let alliance, _, _), .answer(let alliance, _, _, _): body(alliance)
        case .conflictStarted(let conflict, _, _), .conflictEnded(let conflict): body(conflict)
        default: break
        }
    }

    /// The entities split by ``bucket(of:count:)`` among `bucketCount` buckets; empty buckets are left out.
    func partitioned(into bucketCount: Int) -> [Int: LedgerFacts] {
        var buckets: [Int: LedgerFacts] = [:]
        func bucket(_ key: String) -> Int { Self.bucket(of: key, count: bucketCount) }
        for (stream, count) in streamCounts { buckets[bucket(stream), default: LedgerFacts()].streamCounts[stream] = count }
        for (deal, parties) in deals { buckets[bucket(deal), default: LedgerFacts()].deals[deal] = parties }
        for actor in describedActors { buckets[bucket(actor), default: LedgerFacts()].describedActors.insert(actor) }
        for alliance in alliances { buckets[bucket(alliance), default: LedgerFacts()].alliances.insert(alliance) }
        for conflict in startedConflicts { buckets[bucket(conflict), default: LedgerFacts()].startedConflicts.insert(conflict) }
        for conflict in endedConflicts { buckets[bucket(conflict), default: LedgerFacts()].endedConflicts.insert(conflict) }
        return buckets
    }

    /// The entities' bytes.
    func encodedEntities() -> [UInt8] {
        var writer = ByteWriter(reservingCapacity: 64 * (streamCounts.count + 2 * deals.count) + 24)
        writer.uint32(UInt32(streamCounts.count))
        for (stream, count) in streamCounts {
            writer.string(stream)
            writer.uint64(UInt64(count))
        }
        writer.uint32(UInt32(deals.count))
        for (deal, parties) in deals {
            writer.string(deal)
            writer.string(parties.supplier)
            writer.string(parties.recipient)
            writer.string(parties.system)
        }
        for names in [describedActors, alliances, startedConflicts, endedConflicts] {
            writer.uint32(UInt32(names.count))
            for name in names { writer.string(name) }
        }
        return writer.bytes
    }

    /// Adds the entities of `bytes` (one bucket); false when the bytes do not parse.
    mutating func mergeEntities(_ bytes: [UInt8]) -> Bool {
        var reader = ByteReader(bytes)
        guard let streams = reader.uint32() else { return false }
        for _ in 0..<streams {
            guard let stream = reader.string(), let count = reader.uint64() else { return false }
            streamCounts[stream] = Int(count)
        }
        guard let dealCount = reader.uint32() else { return false }
        for _ in 0..<dealCount {
            guard let deal = reader.string(), let supplier = reader.string(), let recipient = reader.string(),
                  let system = reader.string() else { return false }
            deals[deal] = DealParties(supplier: supplier, recipient: recipient, system: system)
        }
        for set in 0..<4 {
            guard let count = reader.uint32() else { return false }
            for _ in 0..<count {
                guard let name = reader.string() else { return false }
                switch set {
                case 0: describedActors.insert(name)
                case 1: alliances.insert(name)
                case 2: startedConflicts.insert(name)
                default: endedConflicts.insert(name)
                }
            }
        }
        return reader.isAtEnd
    }
}
