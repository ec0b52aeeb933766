/// Reads little-endian integers, digests and length-prefixed strings from a byte array,
/// returning nil instead of reading past the end.
struct ByteReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func bytes(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, bytes.count - offset >= count else { return nil }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func uint8() -> UInt8? { bytes(1)?.first }

    mutating func uint32() -> UInt32? {
        guard let slice = bytes(4) else { return nil }
        return slice.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func uint64() -> UInt64? {
        guard let slice = bytes(8) else { return nil }
        return slice.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func digest() -> SHA256Digest? {
        guard let slice = bytes(32) else { return nil }
        return SHA256Digest(bytes: Array(slice))
    }

    mutating func string() -> String? {
        guard let length = uint32(), let slice = bytes(Int(length)) else { return nil }
        return String(decoding: slice, as: UTF8.self)
    }
}
