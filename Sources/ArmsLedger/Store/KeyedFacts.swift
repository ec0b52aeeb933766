/// The in-order state of the keyed scan: what ``LedgerFacts`` knows for the checks of SPEC
/// section 1 (ids with their streams, deals with their parties, described actors, alliances,
/// started and ended conflicts), held in exact ``StringKeyTable``s fed with the keys a
/// ``KeyedChunk`` prepared, so that committing a line makes no `String`.
///
/// It accepts a line exactly when ``LedgerScanner/commit(line:bytes:prepared:offset:)`` would.
/// When a line fails a check that depends on what came before (a reference, a deal's parties, a
/// correction's stream), it does not write the message: it answers ``Verdict/needsExactScan``
/// and the caller scans again the exact way, which words every message.
final class KeyedFacts {
    /// What committing one line found.
    enum Verdict: Equatable {
        case accepted
        /// Its id is already in the ledger; the message names it.
        case duplicateID(String)
        /// A check that the exact scan must word failed.
        case needsExactScan
    }

    /// Each id with the index of its stream in ``streams``.
    private let ids: StringKeyTable
    private let streams = StringKeyTable(capacity: 1 << 12)
    /// Each deal with the index of its parties (three keys in ``partyKeys``).
    private let deals = StringKeyTable(capacity: 1 << 12)
    private let partyKeys = StringKeyTable(capacity: 1 << 10)
    /// A deal's supplier, recipient and system as values of ``partyKeys``.
    private var parties: [(UInt32, UInt32, UInt32)] = []
    private let describedActors = StringKeyTable(capacity: 64)
    private let alliances = StringKeyTable(capacity: 64)
    private let startedConflicts = StringKeyTable(capacity: 64)
    private let endedConflicts = StringKeyTable(capacity: 64)

    init(expectedIDs: Int) {
        ids = StringKeyTable(capacity: expectedIDs)
    }

    /// Tables that start from what `facts` knows (an append's basis: the ids and entities
    /// loaded so far), with room for `expectedIDs` more ids.
    convenience init(_ facts: LedgerFacts, expectedIDs: Int) {
        self.init(expectedIDs: facts.ids.count + expectedIDs)
        for (id, record) in facts.ids {
            let stream = Self.withKey(record.stream) { streams.intern($0, value: UInt32(streams.count)) }
            Self.withKey(id) { ids.insert($0, value: stream) }
        }
        for (deal, dealParties) in facts.deals {
            let stored = (Self.withKey(dealParties.supplier) { partyKeys.intern($0, value: UInt32(partyKeys.count)) },
                          Self.withKey(dealParties.recipient) { partyKeys.intern($0, value: UInt32(partyKeys.count)) },
                          Self.withKey(dealParties.system) { partyKeys.intern($0, value: UInt32(partyKeys.count)) })
            Self.withKey(deal) { deals.insert($0, value: UInt32(parties.count)) }
            parties.append(stored)
        }
        for (names, table) in [(facts.describedActors, describedActors), (facts.alliances, alliances),
                               (facts.startedConflicts, startedConflicts), (facts.endedConflicts, endedConflicts)] {
            for name in names { Self.withKey(name) { table.insert($0, value: 0) } }
        }
    }

    /// Calls `body` with `text` as a key (hashed as ``KeyedChunk`` hashes its keys).
    private static func withKey<R>(_ text: String, _ body: (StringKey) -> R) -> R {
        var utf8Text = text
        return utf8Text.withUTF8 { utf8 in
            var high: UInt8 = 0
            for byte in utf8 { high |= byte }
            let bytes = UnsafeRawBufferPointer(utf8)
            return body(StringKey(bytes: bytes, hash: StringKey.hash(text, utf8: bytes, ascii: high < 0x80, mask: ~0), ascii: high < 0x80))
        }
    }

    /// Runs the checks of one line after `seq`, `prev` and the hash: its id is new, its actors
    /// are known, its references exist, its deal keeps its parties, a correction's stream is its
    /// target's; then records it, as ``LedgerFacts/apply(id:type:payload:stream:hash:lineLength:contentHash:)``
    /// does (all but the per-stream counts, which no check reads).
    func commit(_ line: KeyedChunk.Line, keysStart: Int, in chunk: KeyedChunk.View) -> Verdict {
        let id = chunk.key(line.id)
        if ids.contains(id) { return .duplicateID(String(decoding: id.bytes, as: UTF8.self)) }
        // The checks, none of which changes anything.
        let lineStream = chunk.key(line.stream)
        var stream = streams.value(of: lineStream)
        var newDeal = false
        for index in keysStart..<line.keysEnd {
            let key = chunk.keys[index]
            let k = chunk.key(key)
            let passes: Bool
            switch key.role {
            case .knownActor: passes = describedActors.contains(k)
            case .describedActor, .party: passes = true
            case .deal:
                if let dealIndex = deals.value(of: k) {
                    let stored = parties[Int(dealIndex)]
                    passes = partyKeys.value(of: chunk.key(chunk.keys[index + 1])) == stored.0
                        && partyKeys.value(of: chunk.key(chunk.keys[index + 2])) == stored.1
                        && partyKeys.value(of: chunk.key(chunk.keys[index + 3])) == stored.2
                } else {
                    newDeal = true
                    passes = true
                }
            case .newAlliance: passes = !alliances.contains(k)
            case .knownAlliance: passes = alliances.contains(k)
            case .newConflict: passes = !startedConflicts.contains(k)
            case .endedConflict: passes = startedConflicts.contains(k) && !endedConflicts.contains(k)
            case .knownID: passes = ids.contains(k)
            case .target:
                // The line's stream must be the target's: the same entry of `streams`.
                if let targetStream = ids.value(of: k), targetStream == stream { passes = true } else { passes = false }
            }
            guard passes else { return .needsExactScan }
        }
        // Recording.
        if stream == nil { stream = streams.intern(lineStream, value: UInt32(streams.count)) }
        ids.insert(id, value: stream!)
        for index in keysStart..<line.keysEnd {
            let key = chunk.keys[index]
            switch key.role {
            case .describedActor:
                let k = chunk.key(key)
                if !describedActors.contains(k) { describedActors.insert(k, value: 0) }
            case .deal where newDeal:
                deals.insert(chunk.key(key), value: UInt32(parties.count))
                parties.append((party(chunk.keys[index + 1], chunk), party(chunk.keys[index + 2], chunk), party(chunk.keys[index + 3], chunk)))
            case .newAlliance: alliances.insert(chunk.key(key), value: 0)
            case .newConflict: startedConflicts.insert(chunk.key(key), value: 0)
            case .endedConflict: endedConflicts.insert(chunk.key(key), value: 0)
            default: break
            }
        }
        return .accepted
    }

    private func party(_ key: KeyedChunk.Key, _ chunk: KeyedChunk.View) -> UInt32 {
        partyKeys.intern(chunk.key(key), value: UInt32(partyKeys.count))
    }
}
