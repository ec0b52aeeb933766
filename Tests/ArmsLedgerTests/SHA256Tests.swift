import Testing
import ArmsLedger

@Suite("SHA-256")
struct SHA256Tests {
    private static func hex(_ text: String) -> String {
        SHA256.hash(Array(text.utf8)).hex
    }

    @Test func emptyMessageMatchesFIPSVector() {
        #expect(Self.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func abcMatchesFIPSVector() {
        #expect(Self.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func message448BitsMatchesFIPSVector() {
        #expect(
            Self.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func message896BitsMatchesFIPSVector() {
        let message = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(Self.hex(message) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func oneMillionAsMatchesFIPSVector() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hash(message).hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding boundaries (55/56 and 119/120 bytes need one more block).
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
        (127, "c57e9278af78fa3cab38667bef4ce29d783787a2f731d4e12200270f0c32320a"),
        (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
    ])
    func paddingBoundaryLengthsMatchPythonHashlib(length: Int, expected: String) {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: length)
        #expect(SHA256.hash(message).hex == expected)
        #expect(message.withUnsafeBytes { SHA256.hash($0) }.hex == expected)
    }

    /// 10 240 bytes of 0...255 repeated, hashed with python3 hashlib.
    private static let longMessage: [UInt8] = (0..<40).flatMap { _ in (0...255).map { UInt8($0) } }
    private static let longMessageHex = "e96760a87768717bcebcfd25ddc7d46b4dbc95a4b0014def080c08539f7d90d0"

    @Test(arguments: [1, 3, 7, 13, 55, 63, 64, 65, 100, 127, 129, 1000, 4099])
    func streamingInChunksEqualsOneShot(chunkSize: Int) {
        var hasher = SHA256()
        var start = 0
        while start < Self.longMessage.count {
            let end = min(start + chunkSize, Self.longMessage.count)
            hasher.update(Self.longMessage[start..<end])
            start = end
        }
        #expect(hasher.finalize().hex == Self.longMessageHex)
    }

    @Test func streamingMixedChunkSizesAndEmptyUpdatesEqualsOneShot() {
        var hasher = SHA256()
        var start = 0
        let sizes = [0, 1, 62, 0, 2, 64, 200, 5, 0, 333, 17]
        var turn = 0
        while start < Self.longMessage.count {
            let size = sizes[turn % sizes.count]
            turn += 1
            let end = min(start + size, Self.longMessage.count)
            Self.longMessage[start..<end].withUnsafeBytes { hasher.update($0) }
            start = end
        }
        #expect(hasher.finalize().hex == Self.longMessageHex)
    }

    @Test func nonContiguousSequenceHashesLikeArray() {
        let lazyBytes = Self.longMessage.lazy.map { $0 }
        #expect(SHA256.hash(lazyBytes).hex == Self.longMessageHex)
        #expect(SHA256.hash("abc".utf8).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
