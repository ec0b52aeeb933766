import Testing
import ArmsLedger

@Suite("SHA256Digest")
struct SHA256DigestTests {
    private static let abcHex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

    @Test func hexRoundTripsThroughParsing() throws {
        let digest = try #require(SHA256Digest(hex: Self.abcHex))
        #expect(digest.hex == Self.abcHex)
        #expect(digest.description == Self.abcHex)
        #expect(digest == SHA256.hash(Array("abc".utf8)))
    }

    @Test func parsingAcceptsSubstrings() throws {
        let line = "\"hash\":\"\(Self.abcHex)\"}"
        let start = line.index(line.startIndex, offsetBy: 8)
        let end = line.index(start, offsetBy: 64)
        #expect(SHA256Digest(hex: line[start..<end])?.hex == Self.abcHex)
    }

    @Test(arguments: [
        "", "abc", String(abcHex.dropLast()), abcHex + "0", abcHex.uppercased(),
        String(abcHex.dropLast()) + "g", " " + String(abcHex.dropLast()),
    ])
    func parsingRejectsAnythingButSixtyFourLowercaseHexDigits(text: String) {
        #expect(SHA256Digest(hex: text) == nil)
    }

    @Test func zeroIsSixtyFourZeros() {
        #expect(SHA256Digest.zero.hex == String(repeating: "0", count: 64))
        #expect(SHA256Digest(hex: String(repeating: "0", count: 64)) == .zero)
    }

    @Test func bytesAreInBigEndianOrder() throws {
        let digest = try #require(SHA256Digest(hex: Self.abcHex))
        let bytes = digest.bytes
        #expect(bytes.count == 32)
        #expect(bytes.prefix(4) == [0xba, 0x78, 0x16, 0xbf])
        #expect(bytes.suffix(4) == [0xf2, 0x00, 0x15, 0xad])
        #expect(digest.withUnsafeBytes { Array($0) } == bytes)
        #expect(SHA256Digest(bytes: bytes) == digest)
        #expect(SHA256Digest(bytes: bytes.dropLast()) == nil)
    }

    @Test func writeHexAppendsAsciiDigits() throws {
        let digest = try #require(SHA256Digest(hex: Self.abcHex))
        var buffer = Array("\"hash\":\"".utf8)
        digest.writeHex(into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "\"hash\":\"" + Self.abcHex)
    }

    @Test func equalDigestsHashEqually() throws {
        let a = try #require(SHA256Digest(hex: Self.abcHex))
        let b = SHA256.hash(Array("abc".utf8))
        #expect(Set([a, b, .zero]).count == 2)
    }
}
