/// The byte layout of one ledger line (SPEC section 1).
///
/// A line is `{"seq":…,"id":…,…,"prev":"<64 hex>","hash":"<64 hex>"}` followed by `\n`, and
/// `hash` is SHA-256 of every byte before `,"hash":`. Verification therefore needs only the
/// bytes: find the marker, hash the prefix, compare.
public enum LedgerLine {
    /// The marker that separates a line's hashed prefix from its hash.
    public static let hashMarker: [UInt8] = Array(#","hash":""#.utf8)
    /// Bytes from the start of the marker to the end of the line, `\n` excluded: marker, 64 hex, `"}`.
    public static let suffixLength = hashMarker.count + 64 + 2
    /// Bytes of the `prev` field that ends a line's hashed prefix: `,"prev":"`, 64 hex and `"`.
    public static let prevFieldLength = #","prev":""#.utf8.count + 64 + 1

    /// Encodes an event as a complete line ending in `\n`, and returns its hash.
    public static func encode(_ content: EventContent, seq: Int, prev: SHA256Digest) -> (bytes: [UInt8], hash: SHA256Digest) {
        var writer = JSONWriter(capacity: 512)
        writer.writeRaw("{")
        writer.writeKey("seq"); writer.writeInteger(seq)
        writer.writeRaw(","); writer.writeKey("id"); writer.writeString(content.id)
        writer.writeRaw(","); writer.writeKey("type"); writer.writeString(content.type.rawValue)
        writer.writeRaw(","); writer.writeKey("stream"); writer.writeString(content.stream)
        writer.writeRaw(","); writer.writeKey("occurred"); writer.writeString(content.occurred.text)
        writer.writeRaw(","); writer.writeKey("recorded"); writer.writeString(content.recorded.description)
        writer.writeRaw(","); writer.writeKey("confidence"); writer.writeString(content.confidence.rawValue)
        writer.writeRaw(","); writer.writeKey("sources"); writer.write(.array(content.sources.map { .object($0.json) }))
        writer.writeRaw(","); writer.writeKey("data"); writer.write(content.data)
        writer.writeRaw(","); writer.writeKey("prev"); writer.writeString(prev.hex)
        let hash = SHA256.hash(writer.bytes)
        writer.bytes.append(contentsOf: hashMarker)
        hash.writeHex(into: &writer.bytes)
        writer.writeRaw("\"}\n")
        return (writer.bytes, hash)
    }

    /// Splits a line (without its `\n`) into the hashed prefix length and the stated hash, or nil
    /// when the line does not end in `,"hash":"<64 lowercase hex>"}`.
    public static func splitHash(_ line: UnsafeRawBufferPointer) -> (prefixLength: Int, hash: SHA256Digest)? {
        guard line.count > suffixLength else { return nil }
        let start = line.count - suffixLength
        for i in 0..<hashMarker.count where line[start + i] != hashMarker[i] { return nil }
        guard line[line.count - 2] == UInt8(ascii: "\""), line[line.count - 1] == UInt8(ascii: "}") else { return nil }
        let hexStart = start + hashMarker.count
        guard let digest = SHA256Digest(hexBytes: UnsafeRawBufferPointer(rebasing: line[hexStart..<(hexStart + 64)])) else { return nil }
        return (start, digest)
    }
}
