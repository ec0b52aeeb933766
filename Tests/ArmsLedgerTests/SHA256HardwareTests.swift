import Testing
@testable import ArmsLedger

/// The SHA-extension path (`CArmsLedgerSHA`) and the portable Swift path must agree with the
/// FIPS 180-4 vectors and with each other on every length.
@Suite("SHA-256, hardware and portable paths")
struct SHA256HardwareTests {
    private static func digest(_ bytes: [UInt8], portable: Bool) -> String {
        var hasher = SHA256()
        hasher.portableOnly = portable
        hasher.update(bytes)
        return hasher.finalize().hex
    }

    @Test(arguments: [true, false])
    func bothPathsMatchTheFIPSVectors(portable: Bool) {
        let vectors: [(String, String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
             "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ]
        for (message, expected) in vectors {
            #expect(Self.digest(Array(message.utf8), portable: portable) == expected, "\(message)")
        }
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Self.digest(million, portable: portable) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func bothPathsAgreeOnEveryLengthUpTo300Bytes() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(Self.digest(bytes, portable: true) == Self.digest(bytes, portable: false), "length \(length)")
        }
    }
}
