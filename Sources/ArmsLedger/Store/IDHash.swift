/// The 64-bit hash of an event id that places it in the side index's table (``IDTable``).
///
/// FNV-1a over the id's UTF-8 bytes, finished with a 64-bit mixer so that the low bits (the
/// table's bucket) are well spread, then masked. Never 0: 0 marks an empty slot. The seed and
/// mask are stored in the index header, so an index is only read with the hash it was built
/// with. The mask is the test seam: a narrow mask makes distinct ids collide on purpose.
struct IDHash: Sendable, Equatable {
    /// The FNV-1a starting value.
    var seed: UInt64 = 0xcbf2_9ce4_8422_2325
    /// Bits of the mixed hash that are kept.
    var mask: UInt64 = .max

    /// The hash every real ledger uses.
    static let standard = IDHash()

    /// The id's hash, never 0.
    func callAsFunction(_ id: String) -> UInt64 {
        var hash = seed
        // Over the contiguous UTF-8 (a copy only for a bridged string): the same bytes as `id.utf8`.
        var text = id
        text.withUTF8 { utf8 in
            for byte in utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
        }
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        hash &= mask
        return hash == 0 ? 1 : hash
    }
}
