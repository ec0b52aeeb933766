/// One chunk of a batch prepared for the keyed scan (``LedgerScanner/checkFile(_:limit:batchSize:keyMask:)``):
/// each line reduced, on a preparing thread, to plain values — `seq`, `prev`, its hash and
/// whether its bytes match it, and the string keys its in-order checks look up or record, copied
/// with their hashes into the chunk's own bytes. The committing thread then touches no `String`,
/// no payload and no reference count for a line that passes.
struct KeyedChunk: Sendable {
    /// What one key of a line is for, in the terms of ``LedgerFacts/check(_:stream:)`` and
    /// ``LedgerFacts/record(type:payload:stream:)``.
    enum Role: UInt8, Sendable {
        /// A non-ISO actor code that must have been described.
        case knownActor
        /// An actor code this line describes.
        case describedActor
        /// A deal id, followed by its supplier, recipient and system (``party``).
        case deal
        /// One of the three parties after a ``deal``.
        case party
        /// An alliance this line describes (must be new).
        case newAlliance
        /// An alliance that must have been described.
        case knownAlliance
        /// A conflict this line starts (must be new).
        case newConflict
        /// A conflict this line ends (must have started, not ended).
        case endedConflict
        /// An event id that must be in the ledger.
        case knownID
        /// A correction's target: in the ledger, and its stream is this line's.
        case target
    }

    /// A key's place in ``bytes`` and its hash.
    struct Key: Sendable {
        let hash: Int
        let start: UInt32
        let count: UInt32
        let ascii: Bool
        let role: Role
    }

    /// One line that prepared without a problem of its own.
    struct Line: Sendable {
        /// Where it lies in the batch.
        let start: Int
        let count: Int
        let seq: Int
        let prev: SHA256Digest
        let statedHash: SHA256Digest
        /// Whether the hash of the line's bytes is ``statedHash``.
        let hashMatches: Bool
        let id: Key
        let stream: Key
        /// The end of this line's keys in ``keys`` (they start where the previous line's end).
        let keysEnd: Int
    }

    /// The first line of the chunk that is invalid on its own, which ends the chunk.
    struct Invalid: Sendable {
        let start: Int
        let count: Int
        let reason: String
    }

    private(set) var lines: [Line] = []
    private(set) var keys: [Key] = []
    private(set) var bytes: [UInt8] = []
    private(set) var invalid: Invalid?
    private let mask: Int

    init(mask: Int) {
        self.mask = mask
    }

    /// Makes room for the lines of `byteCount` bytes of a batch (about what the common lines
    /// need), so that the arrays do not grow and move as lines are added.
    mutating func reserveCapacity(forLinesIn byteCount: Int) {
        lines.reserveCapacity(byteCount / 400)
        keys.reserveCapacity(byteCount / 200)
        bytes.reserveCapacity(byteCount / 4)
    }

    /// Prepares the lines in `range` of a batch, up to and including the first invalid one.
    static func prepare(_ base: UnsafeRawPointer, range: Range<Int>, mask: Int) -> KeyedChunk {
        var chunk = KeyedChunk(mask: mask)
        chunk.reserveCapacity(forLinesIn: range.count)
        var start = range.lowerBound
        while start < range.upperBound {
            let newline = memchr(base + start, 0x0A, range.upperBound - start)!
            let end = base.distance(to: UnsafeRawPointer(newline))
            let bytes = UnsafeRawBufferPointer(start: base + start, count: end - start)
            // ``LedgerScanner/prepare(_:depth:contentHash:fast:)`` of the common line, without its
            // enum in between; any other line takes that function's full decode.
            if !bytes.isEmpty, let (prefixLength, statedHash) = LedgerLine.splitHash(bytes), let checked = LineChecker.check(bytes) {
                let actualHash = SHA256.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<prefixLength]))
                chunk.add(start: start, count: end - start, seq: checked.seq, prev: checked.prev, statedHash: statedHash,
                          hashMatches: actualHash == statedHash, id: checked.id, stream: checked.stream, payload: checked.payload)
                start = end + 1
                continue
            }
            switch LedgerScanner.prepare(bytes, depth: .full, contentHash: false, fast: false) {
            case .invalid(let reason):
                chunk.invalid = Invalid(start: start, count: end - start, reason: reason)
                return chunk
            case .checked(let checked, let statedHash, let actualHash):
                chunk.add(start: start, count: end - start, seq: checked.seq, prev: checked.prev, statedHash: statedHash,
                          hashMatches: actualHash == statedHash, id: checked.id, stream: checked.stream, payload: checked.payload)
            case .decoded(let content, let seq, let prev, let statedHash, let actualHash, _):
                chunk.add(start: start, count: end - start, seq: seq, prev: prev, statedHash: statedHash,
                          hashMatches: actualHash == statedHash, id: content.id, stream: content.stream, payload: content.payload)
            }
            start = end + 1
        }
        return chunk
    }

    /// The chunk's keys and their bytes, as the committing thread reads them.
    struct View {
        let keys: UnsafeBufferPointer<Key>
        let bytes: UnsafeRawBufferPointer

        /// The bytes and hash of a key.
        func key(_ key: Key) -> StringKey {
            StringKey(bytes: UnsafeRawBufferPointer(start: bytes.baseAddress.map { $0 + Int(key.start) }, count: Int(key.count)),
                      hash: key.hash, ascii: key.ascii)
        }
    }

    /// Calls `body` with a view of the chunk's keys, valid while it runs.
    func withView<R>(_ body: (View) -> R) -> R {
        keys.withUnsafeBufferPointer { keys in
            bytes.withUnsafeBytes { bytes in body(View(keys: keys, bytes: bytes)) }
        }
    }

    /// Adds the keys of one event of an `append` batch (``AppendKeyedCheck``): its id, stream
    /// and the keys of its payload, as a line with no place, `seq` or hashes.
    mutating func addEvent(id: String, stream: String, payload: EventPayload) {
        add(start: 0, count: 0, seq: 0, prev: .zero, statedHash: .zero, hashMatches: true, id: id, stream: stream, payload: payload)
    }

    private mutating func add(start: Int, count: Int, seq: Int, prev: SHA256Digest, statedHash: SHA256Digest,
                              hashMatches: Bool, id: String, stream: String, payload: EventPayload) {
        let idKey = key(id, .knownID)
        let streamKey = key(stream, .knownID)
        addKeys(of: payload)
        lines.append(Line(start: start, count: count, seq: seq, prev: prev, statedHash: statedHash, hashMatches: hashMatches,
                          id: idKey, stream: streamKey, keysEnd: keys.count))
    }

    /// The keys of ``LedgerFacts/check(_:stream:)`` and ``LedgerFacts/record(type:payload:stream:)``
    /// for `payload`: the actors of ``EventDecoder/actors(in:)`` that are not ISO codes, then
    /// the references and entities of its case.
    private mutating func addKeys(of payload: EventPayload) {
        func actor(_ code: ActorCode?) {
            if let code, !code.isISO { keys.append(key(code.rawValue, .knownActor)) }
        }
        switch payload {
        case .actor(let d):
            keys.append(key(d.actor.rawValue, .describedActor))
        case .system(let d):
            actor(d.origin)
        case .transfer(let t):
            actor(t.supplier)
            actor(t.recipient)
            actor(t.by)
            keys.append(key(t.deal, .deal))
            keys.append(key(t.supplier.rawValue, .party))
            keys.append(key(t.recipient.rawValue, .party))
            keys.append(key(t.system, .party))
        case .alliance(let d):
            keys.append(key(d.alliance, .newAlliance))
        case .membership(let alliance, let member):
            actor(member)
            keys.append(key(alliance, .knownAlliance))
        case .invocation(let alliance, let by, let against):
            actor(by)
            actor(against)
            keys.append(key(alliance, .knownAlliance))
        case .answer(let alliance, let to, _, _):
            actor(to)
            keys.append(key(alliance, .knownAlliance))
        case .conflictStarted(let conflict, _, let sides):
            for side in sides { for code in side { actor(code) } }
            keys.append(key(conflict, .newConflict))
        case .conflictEnded(let conflict):
            keys.append(key(conflict, .endedConflict))
        case .statement(let by, _, _, let about):
            actor(by)
            for id in about { keys.append(key(id, .knownID)) }
        case .dispute(let target, _, let by):
            actor(by)
            keys.append(key(target, .target))
        case .retraction(let target, _, let replacedBy):
            keys.append(key(target, .target))
            if let replacedBy { keys.append(key(replacedBy, .knownID)) }
        }
    }

    /// Copies `text` into ``bytes`` and returns its key.
    private mutating func key(_ text: String, _ role: Role) -> Key {
        var utf8Text = text
        let start = bytes.count
        let mask = mask
        let (hash, ascii): (Int, Bool) = utf8Text.withUTF8 { utf8 in
            bytes.append(contentsOf: utf8)
            var high: UInt8 = 0
            for byte in utf8 { high |= byte }
            let ascii = high < 0x80
            return (StringKey.hash(text, utf8: UnsafeRawBufferPointer(utf8), ascii: ascii, mask: mask), ascii)
        }
        return Key(hash: hash, start: UInt32(start), count: UInt32(bytes.count - start), ascii: ascii, role: role)
    }
}

#if canImport(Glibc)
import Glibc
#endif
