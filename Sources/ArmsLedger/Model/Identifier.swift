/// The id pattern of SPEC section 1: `[a-z0-9][a-z0-9._-]{0,127}`, shared by event, deal,
/// alliance and conflict ids.
public enum Identifier {
    /// True when `text` matches the id pattern.
    public static func isValid(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first, (1...128).contains(utf8.count), isAlnum(first) else { return false }
        return utf8.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isAlnum(_ b: UInt8) -> Bool { (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) }

    /// The reason `text` is not a valid id, for error messages.
    public static let rule = "must match [a-z0-9][a-z0-9._-]{0,127}"
}
