/// Maps byte strings to small dense integers without creating a `String` per lookup: an
/// open-addressing table over a byte arena. Used by the replay's fast path to key deals and
/// to parse each distinct date text once.
///
/// An entry costs its bytes plus 16 bytes and two or four table slots of 4: positions in the
/// arena are 32-bit, so the distinct byte strings may add up to at most 4 GiB.
struct ByteInterner {
    private var arena: [UInt8] = []
    private var starts: [UInt32] = []
    private var lengths: [UInt32] = []
    private var hashes: [UInt64] = []
    /// Slot → entry index + 1 (0 = empty); the capacity is a power of two.
    private var slots: [Int32] = Array(repeating: 0, count: 1024)

    /// The number of distinct byte strings.
    var count: Int { starts.count }

    /// The id of `bytes`, adding it when new.
    mutating func intern(_ bytes: UnsafeRawBufferPointer) -> (id: Int, isNew: Bool) {
        let hash = ByteHash.hash(bytes)
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            let id = entry - 1
            if hashes[id] == hash && equals(id, bytes) { return (id, false) }
            slot = (slot + 1) & mask
        }
        let id = starts.count
        precondition(arena.count + bytes.count <= Int(UInt32.max), "ByteInterner: more than 4 GiB of distinct byte strings")
        starts.append(UInt32(arena.count))
        lengths.append(UInt32(bytes.count))
        hashes.append(hash)
        arena.append(contentsOf: bytes)
        if starts.count * 2 > slots.count {
            grow()
            mask = slots.count - 1
            slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
        }
        slots[slot] = Int32(id + 1)
        return (id, true)
    }

    /// The id of `bytes` when present, without adding it.
    func find(_ bytes: UnsafeRawBufferPointer) -> Int? {
        find(bytes, hash: ByteHash.hash(bytes))
    }

    /// ``find(_:)`` with the bytes' ``ByteHash`` already computed.
    func find(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            let id = entry - 1
            if hashes[id] == hash && equals(id, bytes) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// True when some entry has this ``ByteHash`` (its bytes may still differ).
    func containsHash(_ hash: UInt64) -> Bool {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return false }
            if hashes[entry - 1] == hash { return true }
            slot = (slot + 1) & mask
        }
    }

    /// Calls `body` with the bytes of an id.
    func withBytes<R>(_ id: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        arena.withUnsafeBytes { all in body(UnsafeRawBufferPointer(rebasing: all[range(id)])) }
    }

    private func equals(_ id: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard Int(lengths[id]) == bytes.count else { return false }
        return arena.withUnsafeBytes { all in
            bytes.count == 0 || memcmp(all.baseAddress! + Int(starts[id]), bytes.baseAddress!, bytes.count) == 0
        }
    }

    /// Where an id's bytes are in the arena.
    @inline(__always)
    private func range(_ id: Int) -> Range<Int> {
        Int(starts[id])..<(Int(starts[id]) + Int(lengths[id]))
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for id in 0..<starts.count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(id + 1)
        }
        slots = bigger
    }

    /// True when every byte string is ASCII (so that byte equality is `String` equality).
    var isASCII: Bool { arena.allSatisfy { $0 < 0x80 } }

    /// The string of an id.
    func string(_ id: Int) -> String {
        String(decoding: arena[range(id)], as: UTF8.self)
    }
}

#if canImport(Glibc)
import Glibc
#endif
