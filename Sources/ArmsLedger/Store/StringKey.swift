/// A string key of the keyed scan (``KeyedFacts``), as bytes with a precomputed hash: what the
/// preparing threads hand to the in-order checks instead of a `String`.
///
/// The hash is ``hash(_:utf8:ascii:mask:)``. A hash match is only a candidate;
/// ``StringKey/equals(_:_:_:_:)`` confirms it, with `String` equality (canonical equivalence)
/// for non-ASCII keys.
struct StringKey {
    /// The key's UTF-8 bytes (valid UTF-8: they come from a `String`).
    let bytes: UnsafeRawBufferPointer
    let hash: Int
    /// True when every byte is ASCII: then byte equality is `String` equality.
    let ascii: Bool

    /// Whether the keys `a` and `b` are equal as `String`s: equal bytes, or (only when either
    /// holds a non-ASCII byte) equal `String`s, which compare by canonical equivalence.
    static func equals(_ a: UnsafeRawBufferPointer, _ aASCII: Bool, _ b: UnsafeRawBufferPointer, _ bASCII: Bool) -> Bool {
        if a.count == b.count, a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 { return true }
        if aASCII && bASCII { return false }
        return String(decoding: a, as: UTF8.self) == String(decoding: b, as: UTF8.self)
    }

    /// The hash of a key under `mask` (the test seam: a narrow mask makes distinct keys collide).
    ///
    /// An all-ASCII key is hashed over its bytes (FNV-1a, mixed), any other through `String`
    /// hashing. That agrees with `String` equality wherever it matters: the tables in which a
    /// key's absence lets a line pass (ids, deals, alliances, conflicts) hold only identifiers,
    /// which are ASCII (``Identifier/isValid(utf8:)``), so equal keys there have equal bytes; in
    /// the others (streams, parties, described actors) a key not found, however it came about,
    /// only sends the line to the exact scan.
    static func hash(_ text: String, utf8: UnsafeRawBufferPointer, ascii: Bool, mask: Int) -> Int {
        guard ascii else { return text.hashValue & mask }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 29
        return Int(bitPattern: UInt(hash)) & mask
    }
}

#if canImport(Glibc)
import Glibc
#endif
