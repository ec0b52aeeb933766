extension ISOCountries {
    /// True when `alpha3` is a current ISO 3166-1 alpha-3 code: exactly what
    /// `name(for: alpha3) != nil` says, answered from one bit per three-letter code instead of a
    /// search through the table (every actor of every event is asked this, often more than once).
    public static func contains(_ alpha3: some StringProtocol) -> Bool {
        guard let bit = bitIndex(alpha3) else { return false }
        return codeBits[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// One bit per code of three letters A–Z (26³ of them), set for the codes in ``all``.
    private static let codeBits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (26 * 26 * 26 + 63) / 64)
        for (code, _) in all {
            guard let bit = bitIndex(code) else { preconditionFailure("\(code) is not three letters A-Z") }
            bits[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        return bits
    }()

    /// The place of a code of exactly three letters A–Z among all such codes, or nil.
    private static func bitIndex(_ code: some StringProtocol) -> Int? {
        var index = 0
        var count = 0
        for byte in code.utf8 {
            guard count < 3, byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") else { return nil }
            index = index * 26 + Int(byte - UInt8(ascii: "A"))
            count += 1
        }
        return count == 3 ? index : nil
    }
}
