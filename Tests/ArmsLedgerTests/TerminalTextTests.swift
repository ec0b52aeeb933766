import Testing
import ArmsLedger

@Suite("TerminalText")
struct TerminalTextTests {
    static let forbidden: [ClosedRange<UInt32>] = [
        0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E...0x200F, 0x061C...0x061C,
    ]

    static let hostile = [
        "\u{1B}[31mred", "\u{1B}]8;;http://evil\u{07}click\u{1B}]8;;\u{07}", "\u{202E}gnp.exe",
        "\u{9B}2J", "\u{9D}0;title\u{9C}", "\u{1B}P+q\u{1B}\\", "a\u{7F}\u{85}b", "\u{1B}", "\u{1B}[",
        "\u{1B}]unterminated", "\r\n\t\u{0B}\u{0C}", "\u{2066}\u{2067}\u{2068}\u{2069}\u{200E}\u{200F}\u{061C}",
    ]

    @Test(
        "escape sequences and controls become one placeholder each",
        arguments: [
            ("\u{1B}[31mred", "\u{FFFD}red"),
            ("\u{1B}[31mred\u{1B}[0m", "\u{FFFD}red\u{FFFD}"),
            ("\u{1B}[38;5;196mx", "\u{FFFD}x"),
            ("\u{1B}]8;;http://evil\u{07}", "\u{FFFD}"),
            ("\u{1B}]8;;http://evil\u{07}click\u{1B}]8;;\u{07}", "\u{FFFD}click\u{FFFD}"),
            ("\u{1B}]0;title\u{1B}\\after", "\u{FFFD}after"),
            ("\u{1B}P+q\u{1B}\\x", "\u{FFFD}x"),
            ("\u{1B}]8;;http://evil", "\u{FFFD}]8;;http://evil"),
            ("\u{1B}[", "\u{FFFD}["),
            ("abc\u{1B}", "abc\u{FFFD}"),
            ("\u{1B}(Bx", "\u{FFFD}x"),
            ("\u{1B}cx", "\u{FFFD}x"),
            ("\u{9B}31mx", "\u{FFFD}x"),
            ("\u{9D}0;title\u{9C}x", "\u{FFFD}x"),
            ("a\u{7F}b", "a\u{FFFD}b"),
            ("a\u{0}b\u{7}c", "a\u{FFFD}b\u{FFFD}c"),
            ("abc\u{8}\u{8}", "abc\u{FFFD}\u{FFFD}"),
            ("a\u{85}b", "a\u{FFFD}b"),
        ] as [(String, String)])
    func escapesAndControls(input: String, expected: String) {
        #expect(TerminalText.sanitize(input) == expected)
    }

    @Test("bidirectional controls become placeholders", arguments: [
        0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C,
    ] as [UInt32])
    func bidiControls(value: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(value))
        #expect(TerminalText.sanitize("a\(Character(scalar))b") == "a\u{FFFD}b")
    }

    @Test("a right-to-left override cannot disguise a file name")
    func rightToLeftOverride() {
        #expect(TerminalText.sanitize("\u{202E}gnp.exe") == "\u{FFFD}gnp.exe")
    }

    @Test("line breaks and tabs become one space each")
    func lineBreaks() {
        #expect(TerminalText.sanitize("a\nb\tc\r\nd\re\u{2028}f\u{0B}g\u{0C}h") == "a b c d e f g h")
    }

    @Test("ordinary text is kept")
    func ordinaryTextIsKept() {
        let text = "Ünïcödé 日本語 한국 🚀 👨‍👩‍👧 e\u{301} ❤️ «quotes» — \u{FFFD}"
        #expect(TerminalText.sanitize(text) == text)
    }

    @Test("no forbidden scalar survives", arguments: hostile)
    func noForbiddenScalarSurvives(input: String) {
        let output = TerminalText.sanitize(input)
        for scalar in output.unicodeScalars {
            #expect(!Self.forbidden.contains { $0.contains(scalar.value) }, "U+\(String(scalar.value, radix: 16)) survived")
        }
    }

    @Test(
        "display width counts columns",
        arguments: [
            ("", 0), ("abc", 3), ("日本語", 6), ("한국", 4), ("ＡＢ", 4), ("🚀", 2), ("👍🏽", 2),
            ("👨‍👩‍👧", 2), ("❤️", 2), ("e\u{301}", 1), ("\u{301}", 0), ("a\u{200B}b", 2), ("\u{FFFD}", 1),
            ("Su-35 «Flanker-E»", 17), ("T-72 坦克", 9),
        ] as [(String, Int)])
    func displayWidth(input: String, expected: Int) {
        #expect(TerminalText.displayWidth(input) == expected)
    }

    @Test(
        "truncation ends with an ellipsis and respects the width",
        arguments: [
            ("abcdef", 4, "abc…"), ("abc", 3, "abc"), ("abcd", 0, ""), ("abcd", -1, ""), ("abcd", 1, "…"),
            ("日本語", 4, "日…"), ("日本語", 5, "日本…"), ("日本語", 6, "日本語"),
            ("Su-35 multirole fighter", 17, "Su-35 multirole…"), ("🚀🚀🚀", 3, "🚀…"),
        ] as [(String, Int, String)])
    func truncate(input: String, width: Int, expected: String) {
        let result = TerminalText.truncate(input, toWidth: width)
        #expect(result == expected)
        #expect(TerminalText.displayWidth(result) <= max(0, width))
    }
}
