/// A read-only map from ``ActorKey`` to values, found with one multiplication and a probe or
/// two instead of `Dictionary`'s seeded SipHash: the delivery screen asks it about every
/// delivery of the ledger, and a few dozen actors are all it holds.
///
/// Open addressing with linear probing in a table at least twice the size of its contents; the
/// key 0 marks an empty slot (no actor code packs to 0, ``ActorKey``).
struct ActorKeyTable<Value> {
    private let keys: [UInt64]
    private let values: [Value?]
    private let shift: UInt64
    private let mask: Int

    /// A table of these pairs.
    init(_ pairs: [ActorKey: Value]) {
        var capacity = 8
        while capacity < pairs.count * 2 { capacity <<= 1 }
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        mask = capacity - 1
        var keys = [UInt64](repeating: 0, count: capacity)
        var values = [Value?](repeating: nil, count: capacity)
        for (key, value) in pairs {
            precondition(key.bits != 0, "an actor key is never 0")
            var slot = Self.slot(key.bits, shift)
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = key.bits
            values[slot] = value
        }
        self.keys = keys
        self.values = values
    }

    /// The value of `key`, or nil.
    subscript(key: ActorKey) -> Value? {
        var slot = Self.slot(key.bits, shift)
        while true {
            let held = keys[slot]
            if held == key.bits { return values[slot] }
            if held == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// The first slot to try: the top bits of the key times 2^64 divided by the golden ratio.
    private static func slot(_ bits: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}
