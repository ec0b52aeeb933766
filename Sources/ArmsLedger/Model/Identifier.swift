/// The id pattern of SPEC section 1: `[a-z0-9][a-z0-9._-]{0,127}`, shared by event, deal,
/// alliance and conflict ids.
public enum Identifier {
    /// True when `text` matches the id pattern.
    public static func isValid(_ text: String) -> Bool {
        if let valid = text.utf8.withContiguousStorageIfAvailable({ isValid(utf8: UnsafeRawBufferPointer($0)) }) { return valid }
        return Array(text.utf8).withUnsafeBytes { isValid(utf8: $0) }
    }

    /// ``isValid(_:)`` of a text's UTF-8 bytes.
    static func isValid(utf8: UnsafeRawBufferPointer) -> Bool {
        guard let first = utf8.first, (1...128).contains(utf8.count), isAlnum(first) else { return false }
        for b in utf8 where !(isAlnum(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")) { return false }
        return true
    }

    private static func isAlnum(_ b: UInt8) -> Bool { (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) }

    /// The reason `text` is not a valid id, for error messages.
    public static let rule = "must match [a-z0-9][a-z0-9._-]{0,127}"
}
