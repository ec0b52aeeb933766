#if canImport(Glibc)
import Glibc
#endif

/// Turns ledger lines into the entries of a ``ReplayCache``: a string definition the first time
/// a deal id, actor, system, delivery date or currency appears, a fixed-size record per deal
/// event, and a small entry per correction. Other events leave nothing but their link.
///
/// Entries (integers little-endian, no alignment):
///
/// | entry | bytes |
/// |---|---|
/// | key string | tag `2`, 3 zero bytes, length (4), the UTF-8 bytes: a deal id, actor, system or currency; its number is the next in the file |
/// | text string | tag `4`, the same: a delivery's `occurred` text (only ever printed, so readers need not compare it) |
/// | deal record | tag `1`, status, category, confidence, flags (1 quantity, 2 estimated, 4 value), source count, 2 zero bytes; seq (8), id's ``ByteHash`` (8), line offset (8), line length (4), occurred lower and upper day and known day (4 each); deal, supplier, recipient, system, delivery date and currency string numbers (4 each, `0xFFFFFFFF` for none); quantity (8), value amount (8); then one 8-byte ``ByteHash`` per source |
/// | correction | tag `3`, `1` retraction / `0` dispute, 2 zero bytes, known day (4), id length (4), target length (4), id, target |
///
/// It checks the chain's links (`seq` continues, `prev` is the previous hash) as it goes, and
/// declines (``add(line:offset:)`` returns false) on any line the replay's fast path does not
/// read — the cache is then not written and replay takes the ordinary path.
struct ReplayCacheEncoder {
    static let recordLength = 88
    static let none = UInt32.max

    /// The entries so far.
    private(set) var bytes: [UInt8] = []
    /// The deal records so far.
    private(set) var recordCount = 0
    /// The last line's seq and byte end.
    private(set) var lastSeq: Int
    private(set) var ledgerLength: Int64
    private var lastHashHex: [UInt8]
    /// The number the next string defined gets.
    private var nextString: Int
    private var keys = ByteInterner()
    private var keyNumbers: [UInt32] = []
    private var texts = ByteInterner()
    private var textNumbers: [UInt32] = []
    private var fields = LineFields()
    private var dates = DateCache()
    private var sourceHashes: [UInt64] = []

    /// An encoder that continues a cache covering `ledgerLength` bytes, `count` events ending in
    /// `lastHash`, whose entries define `stringCount` strings.
    init(continuing header: ReplayCache.Header) {
        nextString = header.stringCount
        lastSeq = header.count
        ledgerLength = header.ledgerLength
        lastHashHex = Array(header.lastHash.hex.utf8)
    }

    /// The number of strings defined, the continued cache's included.
    var stringCount: Int { nextString }

    /// The last hash covered.
    var lastHash: SHA256Digest? {
        lastHashHex.withUnsafeBytes { SHA256Digest(hexBytes: $0) }
    }

    /// The header of the cache once these entries follow `old`'s.
    func header(after old: ReplayCache.Header) -> ReplayCache.Header? {
        guard let lastHash else { return nil }
        return ReplayCache.Header(ledgerLength: ledgerLength, count: lastSeq, lastHash: lastHash,
                                  entriesLength: old.entriesLength + Int64(bytes.count), stringCount: stringCount,
                                  bootID: BootID.current, recordCount: old.recordCount + recordCount)
    }

    /// Encodes one complete ledger line (without its newline) that starts at `offset`; false
    /// when the line breaks the chain or is not one the fast path reads.
    mutating func add(line: UnsafeRawBufferPointer, offset: Int64) -> Bool {
        guard offset == ledgerLength else { return false }
        sourceHashes.removeAll(keepingCapacity: true)
        let scanned = withUnsafeMutablePointer(to: &sourceHashes) { hashes in
            LineFieldScanner.scan(line, into: &fields, sourceHashes: hashes, dates: &dates)
        }
        guard scanned else { return false }
        let f = fields
        guard f.seq == lastSeq + 1, memcmp(f.prev.bytes(in: line).baseAddress!, lastHashHex, 64) == 0 else { return false }
        lastSeq = f.seq
        ledgerLength = offset + Int64(line.count) + 1
        lastHashHex.withUnsafeMutableBytes { $0.copyMemory(from: f.hash.bytes(in: line)) }

        if f.type == .eventRetracted || f.type == .eventDisputed { return addCorrection(line) }
        guard f.type.isDealEvent, let status = DealStatus(f.type) else { return true }
        let known: Day
        if let lower = f.knownLower { known = lower } else {
            guard f.recorded.count >= 10, let day = Day(iso: String(decoding: f.recorded.bytes(in: line).prefix(10), as: UTF8.self)) else { return false }
            known = day
        }
        let occurred = f.occurred.bytes(in: line)
        guard let bounds = dates.bounds(occurred), let category = f.category,
              f.deal.count > 0, f.supplier.count > 0, f.recipient.count > 0, f.system.count > 0,
              sourceHashes.count <= 255, line.count <= Int(UInt32.max)
        else { return false }

        let flags: UInt8 = (f.quantity == nil ? 0 : 1) | (f.quantityEstimated ? 2 : 0) | (f.valueAmount == nil ? 0 : 4)
        let deal = Self.define(f.deal.bytes(in: line), tag: 2, in: &keys, &keyNumbers, &nextString, &bytes)
        let supplier = Self.define(f.supplier.bytes(in: line), tag: 2, in: &keys, &keyNumbers, &nextString, &bytes)
        let recipient = Self.define(f.recipient.bytes(in: line), tag: 2, in: &keys, &keyNumbers, &nextString, &bytes)
        let system = Self.define(f.system.bytes(in: line), tag: 2, in: &keys, &keyNumbers, &nextString, &bytes)
        let date = status == .delivered || status == .serviced
            ? Self.define(occurred, tag: 4, in: &texts, &textNumbers, &nextString, &bytes) : Self.none
        let currency = f.valueAmount == nil ? Self.none
            : Self.define(f.valueCurrency.bytes(in: line), tag: 2, in: &keys, &keyNumbers, &nextString, &bytes)
        bytes.append(contentsOf: [1, Self.index(of: status), Self.index(of: category) + 1, Self.index(of: f.confidence),
                                  flags, UInt8(sourceHashes.count), 0, 0])
        append(UInt64(f.seq))
        append(ByteHash.hash(f.id.bytes(in: line)))
        append(UInt64(offset))
        append(UInt32(line.count))
        append(UInt32(bitPattern: bounds.lower.ordinal))
        append(UInt32(bitPattern: bounds.upper.ordinal))
        append(UInt32(bitPattern: known.ordinal))
        for number in [deal, supplier, recipient, system, date, currency] { append(number) }
        append(UInt64(bitPattern: f.quantity ?? 0))
        append(UInt64(bitPattern: f.valueAmount ?? 0))
        for hash in sourceHashes { append(hash) }
        recordCount += 1
        return true
    }

    /// A correction, decoded in full (they are few).
    private mutating func addCorrection(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let fact = CorrectionFact(line: line) else { return false }
        let id = Array(fact.id.utf8)
        let target = Array(fact.target.utf8)
        bytes.append(contentsOf: [3, fact.isRetraction ? 1 : 0, 0, 0])
        append(UInt32(bitPattern: fact.known.ordinal))
        append(UInt32(id.count))
        append(UInt32(target.count))
        bytes.append(contentsOf: id)
        bytes.append(contentsOf: target)
        return true
    }

    /// The number of a string, defining it (an entry with `tag`) on first use.
    private static func define(_ text: UnsafeRawBufferPointer, tag: UInt8, in interner: inout ByteInterner, _ numbers: inout [UInt32],
                               _ next: inout Int, _ bytes: inout [UInt8]) -> UInt32 {
        let (id, isNew) = interner.intern(text)
        if isNew {
            bytes.append(contentsOf: [tag, 0, 0, 0])
            withUnsafeBytes(of: UInt32(text.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: text)
            numbers.append(UInt32(next))
            next += 1
        }
        return numbers[id]
    }

    private mutating func append(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func append(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func index<T: CaseIterable & Equatable>(of value: T) -> UInt8 {
        UInt8(T.allCases.firstIndex(of: value).map { T.allCases.distance(from: T.allCases.startIndex, to: $0) }!)
    }
}
