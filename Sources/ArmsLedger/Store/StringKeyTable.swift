/// An exact hash table from string keys (``StringKey``) to small integers, for the in-order
/// checks of the keyed scan: the keys' bytes are copied into one byte arena, the slots hold the
/// precomputed hash, where the key's bytes lie and the value, so no `String` is made or hashed
/// on the committing thread.
///
/// Exact, never probabilistic: a slot is a match only when its hash matches and
/// ``StringKey/equals(_:_:_:_:)`` confirms the bytes (the `String`s, for non-ASCII keys).
/// Open addressing with linear probing, kept at most three quarters full. A class over raw,
/// zeroed memory (an all-zero slot is empty): the committing thread owns it alone and probes it
/// without copy-on-write checks.
final class StringKeyTable {
    /// One slot; all zeros (``end`` 0) marks an empty one.
    private struct Slot {
        var hash: Int
        /// Where the key's bytes end in the arena, plus one (so never 0 in a used slot).
        var end: Int
        /// The key's length, with ``asciiFlag`` set when it is all ASCII.
        var length: UInt32
        var value: UInt32
    }

    private static let asciiFlag: UInt32 = 1 << 31

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
        while 3 * size < 4 * capacity { size *= 2 }
        slotCount = size
        slots = Self.zeroedSlots(size)
        arenaCapacity = max(capacity * 16, 256)
        arena = .allocate(byteCount: arenaCapacity, alignment: 8)
    }

    deinit {
        free(slots)
        arena.deallocate()
    }

    /// `count` empty slots, zeroed by `calloc`, with a large table's pages faulted in writable
    /// at once (``MemoryPages/populateWritable(_:count:)``). Left lazy, a slot is probed (read)
    /// before one near it is written, so most pages were first mapped to the zero page and then
    /// copied on write, each with a TLB flush on every core: a third of the keyed check's time
    /// on a 100k batch.
    private static func zeroedSlots(_ count: Int) -> UnsafeMutablePointer<Slot> {
        let bytes = count * MemoryLayout<Slot>.stride
        let raw = calloc(count, MemoryLayout<Slot>.stride)!
        if bytes >= 1 << 20 { MemoryPages.populateWritable(raw, count: bytes) }
        return raw.bindMemory(to: Slot.self, capacity: count)
    }

    /// The value stored with `key`, or nil when the table does not hold it.
    func value(of key: StringKey) -> UInt32? {
        let mask = slotCount - 1
        var index = key.hash & mask
        while true {
            let slot = slots[index]
            if slot.end == 0 { return nil }
            if slot.hash == key.hash {
                let length = Int(slot.length & ~Self.asciiFlag)
                let stored = UnsafeRawBufferPointer(start: arena + (slot.end - 1 - length), count: length)
                if StringKey.equals(stored, slot.length & Self.asciiFlag != 0, key.bytes, key.ascii) { return slot.value }
            }
            index = (index + 1) & mask
        }
    }

    /// True when the table holds `key`.
    func contains(_ key: StringKey) -> Bool { value(of: key) != nil }

    /// Adds `key` with `value`; the caller guarantees the table does not hold it yet.
    func insert(_ key: StringKey, value: UInt32) {
        if 4 * (count + 1) > 3 * slotCount { grow() }
        if arenaCount + key.bytes.count > arenaCapacity {
            arenaCapacity = max(2 * arenaCapacity, arenaCount + key.bytes.count)
            let grown = UnsafeMutableRawPointer.allocate(byteCount: arenaCapacity, alignment: 8)
            grown.copyMemory(from: arena, byteCount: arenaCount)
            arena.deallocate()
            arena = grown
        }
        if let base = key.bytes.baseAddress { (arena + arenaCount).copyMemory(from: base, byteCount: key.bytes.count) }
        place(Slot(hash: key.hash, end: arenaCount + key.bytes.count + 1, length: UInt32(key.bytes.count) | (key.ascii ? Self.asciiFlag : 0), value: value))
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
        while slots[index].end != 0 { index = (index + 1) & mask }
        slots[index] = slot
    }

    private func grow() {
        let old = slots, oldCount = slotCount
        slotCount *= 2
        slots = Self.zeroedSlots(slotCount)
        for index in 0..<oldCount where old[index].end != 0 { place(old[index]) }
        free(old)
    }
}

#if canImport(Glibc)
import Glibc
#endif
