/// Byte tests eight bytes at a time on a little-endian 64-bit word, for the scans that skip the
/// plain bytes of JSON strings (``UnsafeRawBufferPointer/firstQuote(from:)``, ``LineFieldScanner``,
/// ``LineChecker``). Each test gives a mask with the high bit set in every byte it matches; a
/// borrow can also flag bytes *above* the first match, never below it, so the lowest flagged byte
/// (``firstFlagged(_:)``) of any test, or of several tests or-ed together, is the first match.
enum ByteWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The bytes of `word` equal to `byte`.
    @inline(__always)
    static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let other = word ^ (ones &* UInt64(byte))
        return (other &- ones) & ~other & highs
    }

    /// The bytes of `word` below 0x20 (JSON's control characters) or from 0x80 (not ASCII).
    @inline(__always)
    static func controlOrNonASCII(_ word: UInt64) -> UInt64 {
        ((word &- ones &* 0x20) | word) & highs
    }

    /// The place (0–7) of the lowest flagged byte of a non-zero mask.
    @inline(__always)
    static func firstFlagged(_ mask: UInt64) -> Int {
        mask.trailingZeroBitCount >> 3
    }
}
