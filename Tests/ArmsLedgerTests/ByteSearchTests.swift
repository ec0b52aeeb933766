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

    @Test func keySearchFindsWhatAByteLoopFinds() {
        // Quotes, the key's letters, and bytes one bit away from them, so that partial matches
        // of every length turn up at every place of the 16- and 32-byte steps and the tail loop.
        let alphabet: [UInt8] = [0x22, 0x72, 0x65, 0x63, 0x23, 0x73, 0x64, 0x00, 0xA2, 0xF2, 0x3A]
        var generator = SystemRandomNumberGenerator()
        let keys: [[UInt8]] = [[0x22, 0x72], [0x22, 0x72, 0x65], [0x22, 0x72, 0x65, 0x63, 0x22, 0x3A, 0x22],
                               Array(#""recipient":""#.utf8), [0x22, 0x72, 0x72, 0x22]]
        for key in keys {
            for length in 0..<90 {
                for _ in 0..<40 {
                    var bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
                    // Plant the key now and then, whole or cut short by the end.
                    if length > 0, Bool.random(using: &generator) {
                        let at = Int.random(in: 0..<length, using: &generator)
                        for (offset, byte) in key.enumerated() where at + offset < length { bytes[at + offset] = byte }
                    }
                    let matches = bytes.indices.filter { place in
                        place + key.count <= length && Array(bytes[place..<(place + key.count)]) == key
                    }
                    var mismatches: [String] = []
                    for start in 0...length {
                        let expected = matches.first { $0 >= start }
                        // Every width: 32 (AVX2 where the CPU has it), 16 (SSE2) and a byte at a time.
                        for width: Int32 in [32, 16, 1] {
                            let found = bytes.withUnsafeBytes { raw in key.withUnsafeBytes { raw.firstOccurrence(of: $0, from: start, width: width) } }
                            if found != expected { mismatches.append("from \(start), width \(width): \(String(describing: found))") }
                        }
                    }
                    #expect(mismatches.isEmpty, "\(key) in \(bytes): \(mismatches.prefix(3)), expected the first of \(matches)")
                }
            }
        }
    }

    @Test func keySearchSkipsPlacesWhereOnlyTheKeyBegins() {
        let bytes = Array(#"{"seq":1,"recorded":"x","reported":1,"data":{"recipient":"ARM","supplier":"RUS"}}"#.utf8)
        let key = Array(#""recipient":""#.utf8)
        bytes.withUnsafeBytes { raw in
            key.withUnsafeBytes { key in
                #expect(raw.firstOccurrence(of: key, from: 0) == 45)
                #expect(raw.firstOccurrence(of: key, from: 46) == nil)
            }
            Array(#""supplier":""#.utf8).withUnsafeBytes { key in #expect(raw.firstOccurrence(of: key, from: 0) == 63) }
        }
    }

    /// The first byte of `bytes` (eight) that `isSpecial` takes, by the word tests or-ed as the scans or them.
    static func wordFirst(_ bytes: [UInt8], quoteAndBackslash: Bool, control: Bool) -> Int? {
        let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        var flagged = ByteWord.equal(word, 0x22)
        if quoteAndBackslash { flagged |= ByteWord.equal(word, 0x5C) }
        if control { flagged |= ByteWord.controlOrNonASCII(word) }
        return flagged == 0 ? nil : ByteWord.firstFlagged(flagged)
    }

    @Test func wordTestsFindTheFirstSpecialByteOfEveryValueInEveryPlace() {
        // Every byte value in every place, before and after a second special byte, on plain
        // backgrounds and ones a bit away from the specials: the scans' three combinations.
        for background in [UInt8(ascii: "a"), 0x23, 0x5D, 0x20, 0x7F] {
            for value in 0...255 {
                for place in 0..<8 {
                    for later in [nil, 7, 3] {
                        var bytes = [UInt8](repeating: background, count: 8)
                        if let later, later > place { bytes[later] = 0x22 }
                        bytes[place] = UInt8(value)
                        for (quoteAndBackslash, control) in [(false, false), (true, false), (true, true)] {
                            let special = { (b: UInt8) -> Bool in
                                b == 0x22 || (quoteAndBackslash && b == 0x5C) || (control && (b < 0x20 || b >= 0x80))
                            }
                            let expected = bytes.indices.first { special(bytes[$0]) }
                            #expect(Self.wordFirst(bytes, quoteAndBackslash: quoteAndBackslash, control: control) == expected,
                                    "\(bytes), \(quoteAndBackslash) \(control)")
                        }
                    }
                }
            }
        }
    }
}
