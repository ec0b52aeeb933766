#if canImport(Glibc)
import Glibc
#endif

/// Turns ledger lines into the entries of a ``ReplayCache``: a string definition the first time
/// a deal id, actor, system, delivery date or currency appears, a fixed-size record per deal
/// event, and a small entry per correction. Other events leave nothing but their link.
///
/// The entries come in *blocks*, each a header, then its *dictionary* (the strings it defines
/// and its corrections, in ledger order), then its deal records (in ledger order), then their
/// event ids. A reader first walks the dictionaries only, hopping from block to block, and then
/// folds the records of different blocks on different threads; records never need to be
/// walked twice, and ids are read only for a record a correction may target (its id hash
/// matches), to compare them exactly. A block is
/// sealed once its records reach ``blockRecordLimit`` bytes, so a large cache has many; an
/// append adds at least one.
///
/// Entries (integers little-endian, no alignment):
///
/// | entry | bytes |
/// |---|---|
/// | block | tag `5`, 3 zero bytes, number of strings it defines (4), dictionary length (8), records length (8), ids length (8), the *session*: the number of the first string its encoder defined (8); then the dictionary, the records and the ids (each deal record's event id, concatenated) |
/// | key string | tag `2`, 3 zero bytes, length (4), the UTF-8 bytes: a deal id, actor, system or currency; its number is the next in the file |
/// | text string | tag `4`, the same: a delivery's `occurred` text (only ever printed, so readers need not compare it) |
/// | correction | tag `3`, `1` retraction / `0` dispute, 2 zero bytes, known day (4), id length (4), target length (4), id, target |
/// | deal record | tag `1`, status, category, confidence, flags (1 quantity, 2 estimated, 4 value), source count, 2 zero bytes; seq (8), id's ``ByteHash`` (8), the id's offset in the block's ids (8), its length (4), occurred lower and upper day and known day (4 each); deal, supplier, recipient, system, delivery date and currency string numbers (4 each, `0xFFFFFFFF` for none); quantity (8), value amount (8); then one 8-byte ``ByteHash`` per source |
///
/// Strings and corrections sit in the dictionary of the block whose lines define them, records
/// in its record part; a record's strings are defined in its block or an earlier one. One
/// encoder defines each key string once, so the key strings of one session are distinct: a
/// cache written whole needs no interning to be read, and one extended by appends only as much
/// as its later sessions define.
///
/// It checks the chain's links (`seq` continues, `prev` is the previous hash) as it goes, and
/// declines (``add(line:offset:)`` returns false) on any line the replay's fast path does not
/// read — the cache is then not written and replay takes the ordinary path.
struct ReplayCacheEncoder {
    static let recordLength = 88
    static let blockHeaderLength = 40
    static let none = UInt32.max

    /// The records' size at which a block is sealed (a parameter for tests).
    var blockRecordLimit = 1 << 20
    /// The sealed blocks.
    private var sealed: [UInt8] = []
    /// The open block's dictionary and records, and the number of strings it defines.
    private var dictionary: [UInt8] = []
    private var records: [UInt8] = []
    private var ids: [UInt8] = []
    private var blockStrings = 0
    /// The deal records so far.
    private(set) var recordCount = 0
    /// The last line's seq and byte end.
    private(set) var lastSeq: Int
    private(set) var ledgerLength: Int64
    private var lastHashHex: [UInt8]
    /// The number the next string defined gets, and the first this encoder defined.
    private var nextString: Int
    private let firstString: Int
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
        firstString = header.stringCount
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

    /// The entries so far: the sealed blocks, then the open one (copied out; ``sealBlock()``
    /// first avoids the copy).
    var bytes: [UInt8] {
        guard isBlockOpen else { return sealed }
        var copy = sealed
        Self.appendBlock(dictionary, records, ids, strings: blockStrings, session: firstString, to: &copy)
        return copy
    }

    /// The entries' length in bytes.
    var bytesCount: Int {
        sealed.count + (isBlockOpen ? Self.blockHeaderLength + dictionary.count + records.count + ids.count : 0)
    }

    private var isBlockOpen: Bool { !dictionary.isEmpty || !records.isEmpty }

    /// Closes the open block (if it holds anything): later entries start a new one.
    mutating func sealBlock() {
        guard isBlockOpen else { return }
        Self.appendBlock(dictionary, records, ids, strings: blockStrings, session: firstString, to: &sealed)
        dictionary.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        blockStrings = 0
    }

    private static func appendBlock(_ dictionary: [UInt8], _ records: [UInt8], _ ids: [UInt8], strings: Int, session: Int,
                                    to bytes: inout [UInt8]) {
        bytes.reserveCapacity(bytes.count + blockHeaderLength + dictionary.count + records.count + ids.count)
        bytes.append(contentsOf: [5, 0, 0, 0])
        withUnsafeBytes(of: UInt32(strings).littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(dictionary.count).littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(records.count).littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(ids.count).littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(session).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: dictionary)
        bytes.append(contentsOf: records)
        bytes.append(contentsOf: ids)
    }

    /// The header of the cache once these entries follow `old`'s.
    func header(after old: ReplayCache.Header) -> ReplayCache.Header? {
        guard let lastHash else { return nil }
        return ReplayCache.Header(ledgerLength: ledgerLength, count: lastSeq, lastHash: lastHash,
                                  entriesLength: old.entriesLength + Int64(bytesCount), stringCount: stringCount,
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
              sourceHashes.count <= 255, f.id.count <= Int(UInt32.max)
        else { return false }

        let flags: UInt8 = (f.quantity == nil ? 0 : 1) | (f.quantityEstimated ? 2 : 0) | (f.valueAmount == nil ? 0 : 4)
        let deal = Self.define(f.deal.bytes(in: line), tag: 2, in: &keys, &keyNumbers, &nextString, &dictionary, &blockStrings)
        let supplier = Self.define(f.supplier.bytes(in: line), tag: 2, in: &keys, &keyNumbers, &nextString, &dictionary, &blockStrings)
        let recipient = Self.define(f.recipient.bytes(in: line), tag: 2, in: &keys, &keyNumbers, &nextString, &dictionary, &blockStrings)
        let system = Self.define(f.system.bytes(in: line), tag: 2, in: &keys, &keyNumbers, &nextString, &dictionary, &blockStrings)
        let date = status == .delivered || status == .serviced
            ? Self.define(occurred, tag: 4, in: &texts, &textNumbers, &nextString, &dictionary, &blockStrings) : Self.none
        let currency = f.valueAmount == nil ? Self.none
            : Self.define(f.valueCurrency.bytes(in: line), tag: 2, in: &keys, &keyNumbers, &nextString, &dictionary, &blockStrings)
        let id = f.id.bytes(in: line)
        // The record's fixed part is laid out in place, then appended at once.
        var record = RecordBytes()
        record.put(UInt64(1) | UInt64(Self.index(of: status)) << 8 | UInt64(Self.index(of: category) + 1) << 16
                   | UInt64(Self.index(of: f.confidence)) << 24 | UInt64(flags) << 32 | UInt64(sourceHashes.count) << 40, at: 0)
        record.put(UInt64(f.seq), at: 8)
        record.put(ByteHash.hash(id), at: 16)
        record.put(UInt64(ids.count), at: 24)
        record.put(UInt32(id.count), at: 32)
        record.put(UInt32(bitPattern: bounds.lower.ordinal), at: 36)
        record.put(UInt32(bitPattern: bounds.upper.ordinal), at: 40)
        record.put(UInt32(bitPattern: known.ordinal), at: 44)
        record.put(deal, at: 48)
        record.put(supplier, at: 52)
        record.put(recipient, at: 56)
        record.put(system, at: 60)
        record.put(date, at: 64)
        record.put(currency, at: 68)
        record.put(UInt64(bitPattern: f.quantity ?? 0), at: 72)
        record.put(UInt64(bitPattern: f.valueAmount ?? 0), at: 80)
        record.append(to: &records)
        ids.append(contentsOf: id)
        for hash in sourceHashes { Self.append(hash, to: &records) }
        recordCount += 1
        if records.count >= blockRecordLimit { sealBlock() }
        return true
    }

    /// A correction, decoded in full (they are few).
    private mutating func addCorrection(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let fact = CorrectionFact(line: line) else { return false }
        let id = Array(fact.id.utf8)
        let target = Array(fact.target.utf8)
        dictionary.append(contentsOf: [3, fact.isRetraction ? 1 : 0, 0, 0])
        Self.append(UInt32(bitPattern: fact.known.ordinal), to: &dictionary)
        Self.append(UInt32(id.count), to: &dictionary)
        Self.append(UInt32(target.count), to: &dictionary)
        dictionary.append(contentsOf: id)
        dictionary.append(contentsOf: target)
        return true
    }

    /// The number of a string, defining it (an entry with `tag`) on first use.
    private static func define(_ text: UnsafeRawBufferPointer, tag: UInt8, in interner: inout ByteInterner, _ numbers: inout [UInt32],
                               _ next: inout Int, _ bytes: inout [UInt8], _ defined: inout Int) -> UInt32 {
        let (id, isNew) = interner.intern(text)
        if isNew {
            defined += 1
            bytes.append(contentsOf: [tag, 0, 0, 0])
            withUnsafeBytes(of: UInt32(text.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: text)
            numbers.append(UInt32(next))
            next += 1
        }
        return numbers[id]
    }

    /// The fixed part of a deal record (``recordLength`` bytes), laid out in place.
    private struct RecordBytes {
        private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

        /// Stores `value` little-endian at byte `offset`.
        @inline(__always)
        mutating func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self) }
        }

        /// Appends the record's bytes to `bytes`.
        @inline(__always)
        func append(to bytes: inout [UInt8]) {
            withUnsafeBytes(of: storage) { bytes.append(contentsOf: $0) }
        }
    }

    @inline(__always)
    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func index<T: CaseIterable & Equatable>(of value: T) -> UInt8 {
        UInt8(T.allCases.firstIndex(of: value).map { T.allCases.distance(from: T.allCases.startIndex, to: $0) }!)
    }
}
