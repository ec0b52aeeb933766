import Testing
@testable import ArmsLedger

/// The byte searches the streaming filters use: the word-at-a-time quote search must find what a
/// byte loop finds, wherever the quote falls in or across eight-byte words.
@Suite("Byte searches")
struct ByteSearchTests {
    @Test func firstQuoteFindsWhatAByteLoopFinds() {
        for length in 0..<40 {
            for quote in [nil] + Array(0..<length) {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                // Bytes that differ from a quote by one bit, and high bytes, must not be taken for one.
                for index in bytes.indices where index % 3 == 1 { bytes[index] = [0x23, 0x21, 0xA2, 0x02][index % 4] }
                if let quote { bytes[quote] = 0x22 }
                for start in 0...length {
                    let expected = bytes.indices.first { $0 >= start && bytes[$0] == 0x22 }
                    let found = bytes.withUnsafeBytes { $0.firstQuote(from: start) }
                    #expect(found == expected, "length \(length), quote at \(quote.map(String.init) ?? "none"), from \(start)")
                }
            }
        }
    }

    @Test func firstQuoteFindsTheFirstOfSeveral() {
        let bytes = Array(#"abc"de"fghij"k""#.utf8)
        bytes.withUnsafeBytes { raw in
            #expect(raw.firstQuote(from: 0) == 3)
            #expect(raw.firstQuote(from: 4) == 6)
            #expect(raw.firstQuote(from: 7) == 12)
            #expect(raw.firstQuote(from: 13) == 14)
            #expect(raw.firstQuote(from: 15) == nil)
        }
    }
}
