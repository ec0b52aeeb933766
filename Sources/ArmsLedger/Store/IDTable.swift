/// An open-addressing hash table of event ids with linear probing, laid out in bytes: the mapped
/// table of the side index, or a fresh buffer while one is built.
///
/// A slot is 16 bytes, little-endian: the id's ``IDHash`` (0 marks an empty slot), then a word
/// holding the byte offset of the event's line in the ledger (low 48 bits) and a 16-bit check
/// of hash and offset (high 16 bits), so that a damaged slot is noticed when probed. The table
/// holds no ids: a slot whose hash matches is only a candidate, confirmed by reading its line.
/// The capacity is a power of two and the table is kept at most half full, so probes are short.
struct IDTable {
    /// One used slot: an id's hash and where its line starts in the ledger.
    struct Entry: Equatable {
        let hash: UInt64
        let offset: Int64
    }

    static let slotSize = 16
    /// The smallest table (1 KiB).
    static let minimumCapacity = 64
    /// Offsets must fit in the slot's 48 bits.
    static let maximumOffset: Int64 = 1 << 48 - 1

    /// The slots: `capacity × slotSize` bytes.
    let slots: UnsafeMutableRawBufferPointer

    /// The number of slots.
    var capacity: Int { slots.count / Self.slotSize }

    /// The capacity that keeps `count` entries at most half full: a power of two.
    static func capacity(for count: Int) -> Int {
        var capacity = minimumCapacity
        while capacity < 2 * count { capacity *= 2 }
        return capacity
    }

    /// Calls `body` with an empty table of `capacity` slots in memory.
    static func withZeroedSlots<R>(capacity: Int, _ body: (IDTable) -> R) -> R {
        let slots = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity * slotSize, alignment: 16)
        defer { slots.deallocate() }
        slots.initializeMemory(as: UInt8.self, repeating: 0)
        return body(IDTable(slots: slots))
    }

    /// Puts an entry in the first free slot of its probe sequence. The caller guarantees room
    /// (the table stays at most half full) and that the id is not in the table yet.
    func insert(_ entry: Entry) {
        precondition(entry.hash != 0 && entry.offset >= 0 && entry.offset <= Self.maximumOffset)
        let mask = capacity - 1
        var slot = Int(truncatingIfNeeded: entry.hash) & mask
        while load(slot).hash != 0 { slot = (slot + 1) & mask }
        store(entry, at: slot)
    }

    /// The offsets of the entries whose hash is `hash`, in probe order, handed to `confirm` until
    /// it accepts one; returns that offset, or nil when the probe reaches an empty slot.
    /// - Throws: ``SideIndexDamage`` when a probed slot fails its check.
    func find(_ hash: UInt64, confirm: (Int64) throws(SideIndexDamage) -> Bool) throws(SideIndexDamage) -> Int64? {
        let mask = capacity - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        for _ in 0..<capacity {
            guard let entry = try entry(at: slot) else { return nil }
            if entry.hash == hash, try confirm(entry.offset) { return entry.offset }
            slot = (slot + 1) & mask
        }
        throw SideIndexDamage("the id table has no empty slot")
    }

    /// Calls `body` with every used slot's entry (to rehash into a larger table).
    func forEachEntry(_ body: (Entry) -> Void) throws(SideIndexDamage) {
        for slot in 0..<capacity {
            if let entry = try entry(at: slot) { body(entry) }
        }
    }

    /// The entry in a slot, nil when it is empty.
    private func entry(at slot: Int) throws(SideIndexDamage) -> Entry? {
        let (hash, word) = load(slot)
        if hash == 0 {
            guard word == 0 else { throw SideIndexDamage("slot \(slot) is empty but not zero") }
            return nil
        }
        let offset = Int64(word & UInt64(Self.maximumOffset))
        guard word >> 48 == Self.check(hash: hash, offset: offset) else { throw SideIndexDamage("slot \(slot) fails its check") }
        return Entry(hash: hash, offset: offset)
    }

    private func load(_ slot: Int) -> (hash: UInt64, word: UInt64) {
        let base = slot * Self.slotSize
        return (UInt64(littleEndian: slots.loadUnaligned(fromByteOffset: base, as: UInt64.self)),
                UInt64(littleEndian: slots.loadUnaligned(fromByteOffset: base + 8, as: UInt64.self)))
    }

    private func store(_ entry: Entry, at slot: Int) {
        let word = UInt64(entry.offset) | Self.check(hash: entry.hash, offset: entry.offset) << 48
        slots.storeBytes(of: entry.hash.littleEndian, toByteOffset: slot * Self.slotSize, as: UInt64.self)
        slots.storeBytes(of: word.littleEndian, toByteOffset: slot * Self.slotSize + 8, as: UInt64.self)
    }

    /// 16 bits that tie a slot's hash to its offset.
    private static func check(hash: UInt64, offset: Int64) -> UInt64 {
        ((hash ^ UInt64(offset) &* 0x9e37_79b9_7f4a_7c15) &* 0xbf58_476d_1ce4_e5b9) >> 48
    }
}
