/// A 32-byte SHA-256 digest.
///
/// The bytes are held as four big-endian words: `word0` holds bytes 0…7 with byte 0 in its most
/// significant position, and so on. Its text form is 64 lowercase hexadecimal digits, as written in
/// the `prev` and `hash` fields of a ledger line.
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    /// Bytes 0…7, big-endian.
    internal let word0: UInt64
    /// Bytes 8…15, big-endian.
    internal let word1: UInt64
    /// Bytes 16…23, big-endian.
    internal let word2: UInt64
    /// Bytes 24…31, big-endian.
    internal let word3: UInt64

    internal init(word0: UInt64, word1: UInt64, word2: UInt64, word3: UInt64) {
        self.word0 = word0
        self.word1 = word1
        self.word2 = word2
        self.word3 = word3
    }

    /// The digest whose 32 bytes are all zero: the `prev` of the first ledger line.
    public static let zero = SHA256Digest(word0: 0, word1: 0, word2: 0, word3: 0)

    /// Creates a digest from exactly 32 bytes.
    ///
    /// - Parameter bytes: The digest bytes in order.
    /// - Returns: `nil` unless `bytes` holds exactly 32 bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            for (offset, byte) in bytes.enumerated() { raw[offset] = byte }
        }
        self.init(
            word0: UInt64(bigEndian: words.0), word1: UInt64(bigEndian: words.1),
            word2: UInt64(bigEndian: words.2), word3: UInt64(bigEndian: words.3))
    }

    /// Parses 64 lowercase hexadecimal digits.
    ///
    /// - Parameter hex: The text form, e.g. the value of a ledger line's `hash` field.
    /// - Returns: `nil` unless `hex` is exactly 64 characters of `0-9a-f` (uppercase is rejected, since
    ///   the ledger writes lowercase only).
    public init?(hex: some StringProtocol) {
        if let parsed = hex.utf8.withContiguousStorageIfAvailable({ Self(hexBytes: UnsafeRawBufferPointer($0)) }) {
            guard let parsed else { return nil }
            self = parsed
            return
        }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var index = 0
        for byte in hex.utf8 {
            guard index < 64 else { return nil }
            let nibble: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = UInt64(byte &- UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = UInt64(byte &- UInt8(ascii: "a") &+ 10)
            default: return nil
            }
            switch index >> 4 {
            case 0: words.0 = words.0 << 4 | nibble
            case 1: words.1 = words.1 << 4 | nibble
            case 2: words.2 = words.2 << 4 | nibble
            default: words.3 = words.3 << 4 | nibble
            }
            index += 1
        }
        guard index == 64 else { return nil }
        self.init(word0: words.0, word1: words.1, word2: words.2, word3: words.3)
    }

    /// Parses 64 lowercase hexadecimal digits given as UTF-8 bytes: ``init(hex:)`` without a `String`.
    init?(hexBytes bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 64, let base = bytes.baseAddress else { return nil }
        var valid = true
        let w0 = Self.hexWord(base, &valid), w1 = Self.hexWord(base + 16, &valid)
        let w2 = Self.hexWord(base + 32, &valid), w3 = Self.hexWord(base + 48, &valid)
        guard valid else { return nil }
        self.init(word0: w0, word1: w1, word2: w2, word3: w3)
    }

    /// Sixteen hex digits at `start` as a word; clears `valid` when one is not `0-9a-f`.
    @inline(__always)
    private static func hexWord(_ start: UnsafeRawPointer, _ valid: inout Bool) -> UInt64 {
        hexHalf(start.loadUnaligned(as: UInt64.self), &valid) << 32
            | hexHalf(start.loadUnaligned(fromByteOffset: 8, as: UInt64.self), &valid)
    }

    /// Eight hex digits, loaded little-endian (the first digit in the low byte), as 32 bits.
    @inline(__always)
    private static func hexHalf(_ loaded: UInt64, _ valid: inout Bool) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let x = UInt64(littleEndian: loaded)
        // Per byte y (high bit cleared): y + (0x80 - lo) has its high bit set iff y >= lo, and
        // y + (0x7F - hi) iff y > hi; no sum carries into the next byte.
        let y = x & ~highs
        let digit = (y &+ ones &* 0x50) & ~(y &+ ones &* 0x46)    // "0"…"9"
        let letter = (y &+ ones &* 0x1F) & ~(y &+ ones &* 0x19)   // "a"…"f"
        if (digit | letter) & ~x & highs != highs { valid = false }
        // The nibbles, first digit in the high byte, then packed pairwise.
        var v = ((x & (ones &* 0x0F)) &+ (x >> 6 & ones) &* 9).byteSwapped
        v = (v | v >> 4) & 0x00FF_00FF_00FF_00FF
        v = (v | v >> 8) & 0x0000_FFFF_0000_FFFF
        v = (v | v >> 16) & 0x0000_0000_FFFF_FFFF
        return v
    }

    /// The digest as 64 lowercase hexadecimal digits.
    public var hex: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            Self.writeHex(word0, to: buffer, at: 0)
            Self.writeHex(word1, to: buffer, at: 16)
            Self.writeHex(word2, to: buffer, at: 32)
            Self.writeHex(word3, to: buffer, at: 48)
            return 64
        }
    }

    /// The same as ``hex``.
    public var description: String { hex }

    /// The 32 digest bytes in order.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Calls `body` with the 32 digest bytes in order.
    ///
    /// - Parameter body: A closure that reads the bytes; the buffer is valid only during the call.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var words = (word0.bigEndian, word1.bigEndian, word2.bigEndian, word3.bigEndian)
        return try Swift.withUnsafeBytes(of: &words) { (raw) throws(Failure) -> Result in try body(raw) }
    }

    /// Appends the 64 lowercase hexadecimal digits, as ASCII bytes, to `buffer`.
    ///
    /// This is the hot path for writing ledger lines: it appends without creating a `String`.
    ///
    /// - Parameter buffer: The byte buffer to append to.
    public func writeHex(into buffer: inout [UInt8]) {
        var text: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        Swift.withUnsafeMutableBytes(of: &text) { raw in
            let out = raw.bindMemory(to: UInt8.self)
            Self.writeHex(word0, to: out, at: 0)
            Self.writeHex(word1, to: out, at: 16)
            Self.writeHex(word2, to: out, at: 32)
            Self.writeHex(word3, to: out, at: 48)
            buffer.append(contentsOf: UnsafeRawBufferPointer(raw))
        }
    }

    /// Writes the 16 hex digits of `word`, most significant first, to `out[offset..<offset + 16]`.
    @inline(__always)
    private static func writeHex(_ word: UInt64, to out: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var value = word
        var position = offset + 15
        while position >= offset {
            let nibble = UInt8(truncatingIfNeeded: value & 0xF)
            out[position] = nibble < 10 ? nibble &+ UInt8(ascii: "0") : nibble &+ (UInt8(ascii: "a") &- 10)
            value >>= 4
            position -= 1
        }
    }
}
