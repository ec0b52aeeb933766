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

    /// The place of a code of exactly three letters A–Z among all such codes, or nil
    /// (``ISOCodeKey/pack(_:)``'s letters, counted from `A` in base 26).
    private static func bitIndex(_ code: some StringProtocol) -> Int? {
        guard let key = ISOCodeKey.pack(code) else { return nil }
        let letter = { (shift: UInt32) in Int((key >> shift) & 0xFF) - Int(UInt8(ascii: "A")) }
        return letter(16) * 26 * 26 + letter(8) * 26 + letter(0)
    }
}
