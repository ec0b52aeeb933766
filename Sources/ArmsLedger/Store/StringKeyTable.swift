/// An exact hash table from string keys (``StringKey``) to small integers, for the in-order
/// checks of the keyed scan: the keys' bytes are copied into one byte arena, the slots hold the
/// precomputed hash, where the key's bytes lie and the value, so no `String` is made or hashed
/// on the committing thread.
///
/// Exact, never probabilistic: a slot is a match only when its hash matches and
/// ``StringKey/equals(_:_:_:_:)`` confirms the bytes (the `String`s, for non-ASCII keys).
/// Open addressing with linear probing, kept at most half full. A class over raw memory: the
/// committing thread owns it alone, and probes it without copy-on-write checks.
final class StringKeyTable {
    /// One slot; `start < 0` marks an empty one.
    private struct Slot {
        var hash: Int
        var start: Int
        /// The key's length, with ``asciiFlag`` set when it is all ASCII.
        var length: UInt32
        var value: UInt32
    }

    private static let asciiFlag: UInt32 = 1 << 31
    private static let empty = Slot(hash: 0, start: -1, length: 0, value: 0)

    private var slots: UnsafeMutablePointer<Slot>
    private var slotCount: Int
    private var arena: UnsafeMutableRawPointer
    private var arenaCount = 0
    private var arenaCapacity: Int
    /// The number of keys.
    private(set) var count = 0

    /// A table with room for about `capacity` keys before it grows.
    init(capacity: Int = 16) {
        var size = 32
        while size < 2 * capacity { size *= 2 }
        slotCount = size
        slots = .allocate(capacity: size)
        slots.initialize(repeating: Self.empty, count: size)
        arenaCapacity = max(capacity * 32, 256)
        arena = .allocate(byteCount: arenaCapacity, alignment: 8)
    }

    deinit {
        slots.deallocate()
        arena.deallocate()
    }

    /// The value stored with `key`, or nil when the table does not hold it.
    func value(of key: StringKey) -> UInt32? {
        let mask = slotCount - 1
        var index = key.hash & mask
        while true {
            let slot = slots[index]
            if slot.start < 0 { return nil }
            if slot.hash == key.hash {
                let stored = UnsafeRawBufferPointer(start: arena + slot.start, count: Int(slot.length & ~Self.asciiFlag))
                if StringKey.equals(stored, slot.length & Self.asciiFlag != 0, key.bytes, key.ascii) { return slot.value }
            }
            index = (index + 1) & mask
        }
    }

    /// True when the table holds `key`.
    func contains(_ key: StringKey) -> Bool { value(of: key) != nil }

    /// Adds `key` with `value`; the caller guarantees the table does not hold it yet.
    func insert(_ key: StringKey, value: UInt32) {
        if 2 * (count + 1) > slotCount { grow() }
        if arenaCount + key.bytes.count > arenaCapacity {
            arenaCapacity = max(2 * arenaCapacity, arenaCount + key.bytes.count)
            let grown = UnsafeMutableRawPointer.allocate(byteCount: arenaCapacity, alignment: 8)
            grown.copyMemory(from: arena, byteCount: arenaCount)
            arena.deallocate()
            arena = grown
        }
        if let base = key.bytes.baseAddress { (arena + arenaCount).copyMemory(from: base, byteCount: key.bytes.count) }
        place(Slot(hash: key.hash, start: arenaCount, length: UInt32(key.bytes.count) | (key.ascii ? Self.asciiFlag : 0), value: value))
        arenaCount += key.bytes.count
        count += 1
    }

    /// The value stored with `key`, after adding it with `value` when absent.
    func intern(_ key: StringKey, value: UInt32) -> UInt32 {
        if let existing = self.value(of: key) { return existing }
        insert(key, value: value)
        return value
    }

    private func place(_ slot: Slot) {
        let mask = slotCount - 1
        var index = slot.hash & mask
        while slots[index].start >= 0 { index = (index + 1) & mask }
        slots[index] = slot
    }

    private func grow() {
        let old = slots, oldCount = slotCount
        slotCount *= 2
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: Self.empty, count: slotCount)
        for index in 0..<oldCount where old[index].start >= 0 { place(old[index]) }
        old.deallocate()
    }
}
