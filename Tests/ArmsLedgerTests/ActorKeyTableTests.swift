import Testing
@testable import ArmsLedger

@Suite("Actor key table")
struct ActorKeyTableTests {
    /// A code of two to eight letters and digits, a letter first, as ``ActorCode`` allows.
    private static func randomKey(_ generator: inout some RandomNumberGenerator) -> ActorKey {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8), alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        let bytes = [letters.randomElement(using: &generator)!]
            + (1..<Int.random(in: 2...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        return bytes.withUnsafeBytes { ActorKey($0)! }
    }

    @Test func findsWhatADictionaryFindsAtEverySize() {
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 50, 200] {
            var pairs: [ActorKey: Int] = [:]
            while pairs.count < size { pairs[Self.randomKey(&generator)] = pairs.count }
            let table = ActorKeyTable(pairs)
            for (key, value) in pairs { #expect(table[key] == value, "size \(size)") }
            for _ in 0..<500 {
                let key = Self.randomKey(&generator)
                #expect(table[key] == pairs[key], "size \(size)")
            }
        }
    }

    @Test func keysThatShareTheirFirstSlotAreAllFound() {
        // Keys that differ only in their high bytes land near each other; every one is kept.
        let codes = ["AZE", "AZE1", "AZE12", "AZE123", "AZE1234", "AZE12345", "ARM", "ARM1", "ARM12"]
        var pairs: [ActorKey: String] = [:]
        for code in codes { pairs[ActorKey(ActorCode(code)!)] = code }
        let table = ActorKeyTable(pairs)
        for code in codes { #expect(table[ActorKey(ActorCode(code)!)] == code) }
        #expect(table[ActorKey(ActorCode("BLR")!)] == nil)
    }
}
