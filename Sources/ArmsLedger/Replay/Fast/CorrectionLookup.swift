/// Which ids the known corrections retract or dispute, for the replay's fast paths, with a hash
/// prefilter so that most lines never build a `String`.
struct CorrectionLookup: Sendable {
    /// The ids that some settled correction aims at, as bytes (no `String` per id: a ledger of
    /// millions of events holds tens of thousands of corrections).
    private let targets: ByteInterner
    /// Per target: bit 0 retracted, bit 1 disputed.
    private let flags: [UInt8]
    /// One bit per low 20 bits of the targets' hashes: a prefilter that answers most misses
    /// without probing the table.
    private let filter: [UInt64]

    init(retracted: Set<String>, disputed: Set<String>) {
        var keys = ByteInterner()
        var state: [UInt8] = []
        for (set, bit) in [(retracted, UInt8(1)), (disputed, UInt8(2))] {
            for id in set {
                var text = id
                let (index, isNew) = text.withUTF8 { keys.intern(UnsafeRawBufferPointer($0)) }
                if isNew { state.append(0) }
                state[index] |= bit
            }
        }
        self.init(keys: keys, state: state)
    }

    private static let filterWords = 1 << 14

    /// The targets of the corrections among `facts` that `clock` knows, settled by the rule of
    /// ``CorrectionIndex`` (on interned ids: no `String` is built).
    init(_ facts: CorrectionFacts, clock: ReplayClock) {
        // Every id and target, interned; the known retractions and disputes as pairs of numbers.
        var keys = ByteInterner()
        var retractions: [(id: Int, target: Int)] = []
        var disputes: [(id: Int, target: Int)] = []
        for entry in facts.entries where clock.knownAt.map({ entry.known <= $0 }) ?? true {
            let pair = facts.withBytes(entry) { id, target in (keys.intern(id).id, keys.intern(target).id) }
            if entry.isRetraction { retractions.append(pair) } else { disputes.append(pair) }
        }
        // CorrectionIndex.settle: walking the retractions from the last, one applies unless an
        // applying retraction aims at it; a dispute marks its target unless it is retracted.
        var state = [UInt8](repeating: 0, count: keys.count)   // bit 0 retracted, bit 1 disputed
        for pair in retractions.reversed() where state[pair.id] & 1 == 0 {
            state[pair.target] |= 1
        }
        for pair in disputes where state[pair.id] & 1 == 0 {
            state[pair.target] |= 2
        }
        self.init(keys: keys, state: state)
    }

    /// The lookup of the ids of `keys` whose `state` is not zero.
    private init(keys: ByteInterner, state: [UInt8]) {
        var targets = ByteInterner()
        var flags: [UInt8] = []
        var filter = [UInt64](repeating: 0, count: Self.filterWords)
        for index in state.indices where state[index] != 0 {
            keys.withBytes(index) { bytes in
                _ = targets.intern(bytes)
                let hash = ByteHash.hash(bytes)
                filter[Int(hash >> 6) & (Self.filterWords - 1)] |= 1 << (hash & 63)
            }
            flags.append(state[index])
        }
        self.targets = targets
        self.flags = flags
        self.filter = flags.isEmpty ? [] : filter
    }

    /// (retracted, disputed) for an id's bytes.
    func lookup(_ id: UnsafeRawBufferPointer) -> (retracted: Bool, disputed: Bool) {
        let hash = ByteHash.hash(id)
        guard passesFilter(hash), let index = targets.find(id, hash: hash) else { return (false, false) }
        return (flags[index] & 1 != 0, flags[index] & 2 != 0)
    }

    /// False when no correction can aim at an id with this ``ByteHash``.
    func mayMatch(_ hash: UInt64) -> Bool {
        passesFilter(hash) && targets.containsHash(hash)
    }

    @inline(__always) private func passesFilter(_ hash: UInt64) -> Bool {
        !filter.isEmpty && filter[Int(hash >> 6) & (Self.filterWords - 1)] & (1 << (hash & 63)) != 0
    }
}

/// One `event.retracted` or `event.disputed`, reduced to what settling the corrections needs.
struct CorrectionFact: Sendable, Equatable {
    /// The correction's own id (a later retraction may aim at it).
    var id: String
    /// The id it retracts or disputes.
    var target: String
    /// True for `event.retracted`, false for `event.disputed`.
    var isRetraction: Bool
    /// The day it became known (``EventContent/knownDate``).
    var known: Day
}

extension CorrectionFact {
    /// The fact of a correction's ledger line, decoded in full; nil when the line is not a
    /// valid `event.retracted` or `event.disputed`.
    init?(line: UnsafeRawBufferPointer) {
        guard let value = try? JSONParser.parse(line), case .success(let decoded) = EventDecoder.decodeLine(value) else { return nil }
        let content = decoded.content
        switch content.payload {
        case .retraction(let target, _, _): self.init(id: content.id, target: target, isRetraction: true, known: content.knownDate)
        case .dispute(let target, _, _): self.init(id: content.id, target: target, isRetraction: false, known: content.knownDate)
        default: return nil
        }
    }
}
