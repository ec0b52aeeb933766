#if canImport(Glibc)
import Glibc
#endif

/// The disposable cache next to a ledger (`<ledger>.index`) that lets `append` validate without
/// re-reading the ledger: a header naming the ledger length, line count and last hash it matches,
/// then one small binary record per event (type, content hash, id, stream, and the names a
/// reference check needs).
///
/// The ledger is the only source of truth. The index is used only when its header matches the
/// ledger's current length and last line's hash; otherwise it is rebuilt from a full scan.
/// Records are appended after each batch and the header is rewritten last, so an interrupted
/// update leaves a header that no longer matches, and the next append rebuilds.
struct SideIndex {
    static let magic: [UInt8] = Array("ALIDX002".utf8)
    static let headerLength = 8 + 8 + 8 + 32 + 8

    let path: String

    init(ledgerPath: String) {
        path = ledgerPath + ".index"
    }

    /// Loads the facts when the index matches the ledger's `length` and `lastHash`; nil otherwise.
    func load(ledgerLength: Int64, lastHash: SHA256Digest?) -> LedgerFacts? {
        guard let handle = try? LedgerFileHandle.open(path, flags: O_RDONLY),
              let size = try? handle.size(), size >= Self.headerLength,
              let bytes = try? handle.read(count: Int(size), at: 0), bytes.count == Int(size)
        else { return nil }
        var reader = ByteReader(bytes)
        guard reader.bytes(8).map(Array.init) == Self.magic,
              let length = reader.uint64(), Int64(length) == ledgerLength,
              let count = reader.uint64(),
              let hash = reader.digest(), hash == (lastHash ?? .zero),
              let checksum = reader.uint64(), checksum == Self.checksum(bytes[Self.headerLength...])
        else { return nil }
        var facts = LedgerFacts()
        facts.byteLength = ledgerLength
        facts.lastHash = hash
        for _ in 0..<count {
            guard let code = reader.uint8(), let type = EventType(code: code), let contentHash = reader.digest(),
                  let id = reader.string(), let stream = reader.string(), let extraCount = reader.uint8()
            else { return nil }
            var extras: [String] = []
            for _ in 0..<extraCount {
                guard let s = reader.string() else { return nil }
                extras.append(s)
            }
            facts.ids[id] = LedgerFacts.IDRecord(contentHash: contentHash, stream: stream)
            facts.streamCounts[stream, default: 0] += 1
            switch type {
            case .actorDescribed where extras.count == 1: facts.describedActors.insert(extras[0])
            case _ where type.isDealEvent && extras.count == 4:
                if facts.deals[extras[0]] == nil {
                    facts.deals[extras[0]] = LedgerFacts.DealParties(supplier: extras[1], recipient: extras[2], system: extras[3])
                }
            case .allianceDescribed where extras.count == 1: facts.alliances.insert(extras[0])
            case .conflictStarted where extras.count == 1: facts.startedConflicts.insert(extras[0])
            case .conflictEnded where extras.count == 1: facts.endedConflicts.insert(extras[0])
            default: break
            }
            facts.count += 1
        }
        guard reader.isAtEnd, UInt64(facts.count) == count else { return nil }
        return facts
    }

    /// The record bytes of one event.
    static func record(for content: EventContent) -> [UInt8] {
        var out: [UInt8] = [content.type.code]
        content.contentHash.withUnsafeBytes { out.append(contentsOf: $0) }
        append(content.id, to: &out)
        append(content.stream, to: &out)
        var extras: [String] = []
        switch content.payload {
        case .actor(let d): extras = [d.actor.rawValue]
        case .transfer(let t): extras = [t.deal, t.supplier.rawValue, t.recipient.rawValue, t.system]
        case .alliance(let d): extras = [d.alliance]
        case .conflictStarted(let c, _, _), .conflictEnded(let c): extras = [c]
        default: break
        }
        out.append(UInt8(extras.count))
        for extra in extras { append(extra, to: &out) }
        return out
    }

    private static func append(_ string: String, to out: inout [UInt8]) {
        let utf8 = Array(string.utf8.prefix(Int(UInt32.max)))
        var length = UInt32(utf8.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(contentsOf: utf8)
    }

    static func header(length: Int64, count: Int, lastHash: SHA256Digest, checksum: UInt64) -> [UInt8] {
        var out = magic
        var l = UInt64(length).littleEndian, c = UInt64(count).littleEndian, k = checksum.littleEndian
        withUnsafeBytes(of: &l) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: &c) { out.append(contentsOf: $0) }
        lastHash.withUnsafeBytes { out.append(contentsOf: $0) }
        withUnsafeBytes(of: &k) { out.append(contentsOf: $0) }
        return out
    }

    /// FNV-1a (64-bit) of the record bytes, so that a damaged record is never trusted.
    static func checksum(_ bytes: some Sequence<UInt8>, continuing seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Writes a complete index (after a rebuild). Failures are ignored: the index is a cache.
    func write(records: [UInt8], facts: LedgerFacts) {
        let temporary = path + ".tmp-\(getpid())"
        guard let handle = try? LedgerFileHandle.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC) else { return }
        let bytes = Self.header(length: facts.byteLength, count: facts.count, lastHash: facts.lastHash,
                                checksum: Self.checksum(records)) + records
        if (try? handle.write(bytes, at: 0)) != nil {
            rename(temporary, path)
        } else {
            unlink(temporary)
        }
    }

    /// Appends the records of a batch and then rewrites the header. Failures are ignored.
    func extend(records: [UInt8], facts: LedgerFacts) {
        guard let handle = try? LedgerFileHandle.open(path, flags: O_RDWR),
              let size = try? handle.size(), size >= Self.headerLength,
              let header = try? handle.read(count: Self.headerLength, at: 0), header.count == Self.headerLength
        else { return }
        var reader = ByteReader(header)
        _ = reader.bytes(Self.headerLength - 8)
        guard let previous = reader.uint64() else { return }
        guard (try? handle.write(records, at: size)) != nil else {
            unlink(path)
            return
        }
        let checksum = Self.checksum(records, continuing: previous)
        if (try? handle.write(Self.header(length: facts.byteLength, count: facts.count, lastHash: facts.lastHash, checksum: checksum), at: 0)) == nil {
            unlink(path)
        }
    }
}
