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

    mutating func uint32() -> UInt32? { integer() }

    mutating func uint64() -> UInt64? { integer() }

    private mutating func integer<T: FixedWidthInteger>() -> T? {
        let size = MemoryLayout<T>.size
        guard bytes.count - offset >= size else { return nil }
        defer { offset += size }
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }

    mutating func digest() -> SHA256Digest? {
        guard let slice = bytes(32) else { return nil }
        return SHA256Digest(bytes: Array(slice))
    }

    mutating func string() -> String? {
        guard let length = uint32(), bytes.count - offset >= Int(length) else { return nil }
        defer { offset += Int(length) }
        return bytes.withUnsafeBytes { String(decoding: $0[offset..<(offset + Int(length))], as: UTF8.self) }
    }
}
