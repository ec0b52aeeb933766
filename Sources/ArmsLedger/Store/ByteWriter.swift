/// Writes little-endian integers, digests and length-prefixed strings into a byte array; the
/// counterpart of ``ByteReader``.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func uint32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func uint64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func digest(_ digest: SHA256Digest) {
        digest.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    mutating func raw(_ raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }

    /// A UTF-8 string after its 32-bit length.
    mutating func string(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            uint32(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }
}
