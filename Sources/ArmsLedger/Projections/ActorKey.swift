/// An actor code packed into one integer: its 2–8 bytes, the first in the lowest byte.
///
/// ``ActorCode`` allows only `A`–`Z` and `0`–`9`, so no byte is zero and two codes have the
/// same key exactly when they are the same code; and since the bytes are ASCII, comparing
/// bytes is comparing `String`s. The delivery screen reads codes in place as keys, so that a
/// screened line builds no `String`.
struct ActorKey: Hashable {
    let bits: UInt64

    /// The key of a code.
    init(_ code: ActorCode) {
        var bits: UInt64 = 0
        for (index, byte) in code.rawValue.utf8.enumerated() { bits |= UInt64(byte) << (8 * index) }
        self.bits = bits
    }

    /// The key of the code in `bytes`; nil when they are not shaped as an ``ActorCode``
    /// (``ActorCode/hasShape(_:)``).
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard ActorCode.hasShape(bytes) else { return nil }
        var bits: UInt64 = 0
        for (index, byte) in bytes.enumerated() { bits |= UInt64(byte) << (8 * index) }
        self.bits = bits
    }
}
