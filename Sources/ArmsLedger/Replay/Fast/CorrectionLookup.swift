/// Which ids the known corrections retract or dispute, for the replay's fast paths, with a hash
/// prefilter so that most lines never build a `String`.
struct CorrectionLookup: Sendable {
    let retracted: Set<String>
    let disputed: Set<String>
    /// ``ByteHash`` of every id in `retracted` or `disputed`.
    let hashes: Set<UInt64>
    /// One bit per low 20 bits of those hashes: a prefilter that answers most misses
    /// without hashing the hash again for the set.
    private let filter: [UInt64]

    init(retracted: Set<String>, disputed: Set<String>) {
        self.retracted = retracted
        self.disputed = disputed
        var hashes = Set<UInt64>()
        for id in retracted.union(disputed) {
            var text = id
            hashes.insert(text.withUTF8 { ByteHash.hash(UnsafeRawBufferPointer($0)) })
        }
        self.hashes = hashes
        var filter = [UInt64](repeating: 0, count: hashes.isEmpty ? 0 : Self.filterWords)
        for hash in hashes { filter[Int(hash >> 6) & (Self.filterWords - 1)] |= 1 << (hash & 63) }
        self.filter = filter
    }

    private static let filterWords = 1 << 14

    /// The targets of the corrections among `facts` that `clock` knows, settled by the rule of
    /// ``CorrectionIndex``.
    init(_ facts: [CorrectionFact], clock: ReplayClock) {
        var retractions: [(id: String, target: String)] = []
        var disputes: [(id: String, target: String)] = []
        for fact in facts where clock.knownAt.map({ fact.known <= $0 }) ?? true {
            if fact.isRetraction { retractions.append((fact.id, fact.target)) } else { disputes.append((fact.id, fact.target)) }
        }
        let settled = CorrectionIndex.settle(retractions: retractions, disputes: disputes)
        self.init(retracted: Set(settled.retracted.keys), disputed: Set(settled.disputed.keys))
    }

    /// (retracted, disputed) for an id's bytes.
    func lookup(_ id: UnsafeRawBufferPointer) -> (retracted: Bool, disputed: Bool) {
        guard mayMatch(ByteHash.hash(id)) else { return (false, false) }
        let text = String(decoding: id, as: UTF8.self)
        return (retracted.contains(text), disputed.contains(text))
    }

    /// False when no correction can aim at an id with this ``ByteHash``.
    func mayMatch(_ hash: UInt64) -> Bool {
        !filter.isEmpty && filter[Int(hash >> 6) & (Self.filterWords - 1)] & (1 << (hash & 63)) != 0 && hashes.contains(hash)
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
