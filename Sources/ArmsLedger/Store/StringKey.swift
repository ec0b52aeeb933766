/// A string key of the keyed scan (``KeyedFacts``), as bytes with a precomputed hash: what the
/// preparing threads hand to the in-order checks instead of a `String`.
///
/// The hash is the `String`'s own (`hashValue`, masked by the caller's mask), so it agrees with
/// `String` equality, canonical equivalence included: two keys that `==` calls equal always hash
/// alike. A hash match is only a candidate; ``StringKey/equals(_:_:_:_:)`` confirms it.
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

    /// The hash of `text` under `mask` (the test seam: a narrow mask makes distinct keys collide).
    static func hash(_ text: String, mask: Int) -> Int {
        text.hashValue & mask
    }
}

#if canImport(Glibc)
import Glibc
#endif
