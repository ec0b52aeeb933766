import Testing
import ArmsLedger

@Suite("CSVWriter")
struct CSVWriterTests {
    @Test("golden: header and records end in CRLF; quotes are doubled")
    func golden() {
        var csv = CSVWriter(header: ["deal", "system", "units"])
        csv.addRow(["D-1", "T-72, \"Ural\"", "24"])
        csv.addRow(["D-2", "two\nlines", "0"])
        #expect(csv.render() == "deal,system,units\r\nD-1,\"T-72, \"\"Ural\"\"\",24\r\nD-2,\"two\nlines\",0\r\n")
    }

    @Test("a writer without records renders only its header")
    func headerOnly() {
        #expect(CSVWriter(header: ["a", "b"]).render() == "a,b\r\n")
    }

    @Test("short records are padded with empty fields, extra fields ignored")
    func recordShape() {
        var csv = CSVWriter(header: ["a", "b", "c"])
        csv.addRow(["x"])
        csv.addRow(["1", "2", "3", "4"])
        #expect(csv.render() == "a,b,c\r\nx,,\r\n1,2,3\r\n")
    }

    @Test(
        "fields are quoted only when needed",
        arguments: [
            ("plain", "plain"), ("", ""), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("a\nb", "\"a\nb\""), ("a\rb", "\"a\rb\""), ("a\r\nb", "\"a\r\nb\""), ("\"", "\"\"\"\""),
            ("a|b", "a|b"), ("<script>alert(1)</script>", "<script>alert(1)</script>"), ("12.5", "12.5"),
            ("日本語 🚀", "日本語 🚀"), ("a=b", "a=b"), ("a\tb", "a\tb"),
        ] as [(String, String)])
    func quoting(value: String, expected: String) {
        #expect(CSVWriter.field(value) == expected)
    }

    @Test(
        "formula-like fields get a leading apostrophe, before quoting",
        arguments: [
            ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
            ("=1+1", "'=1+1"), ("+1+1", "'+1+1"), ("@SUM(A1)", "'@SUM(A1)"), ("-2+3", "'-2+3"),
            ("-4", "'-4"), ("\t=1", "'\t=1"), ("\r=1", "\"'\r=1\""), ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ] as [(String, String)])
    func formulaDefusing(value: String, expected: String) {
        #expect(CSVWriter.field(value) == expected)
    }

    @Test("C0 controls other than TAB, CR and LF, DEL and C1 are removed; bidi controls become U+FFFD; other text is kept")
    func controlsRemoved() {
        #expect(CSVWriter.field("\u{1B}[31mred") == "[31mred")
        #expect(CSVWriter.field("a\u{0}b\u{7F}c\u{85}d") == "abcd")
        #expect(CSVWriter.field("\u{202E}gnp.exe") == "\u{FFFD}gnp.exe")
        #expect(CSVWriter.field("\u{2066}x\u{2069}\u{200F}") == "\u{FFFD}x\u{FFFD}\u{FFFD}")
        #expect(CSVWriter.field("Ереван, Bakı") == "\"Ереван, Bakı\"")
        #expect(CSVWriter.field("\u{1B}]8;;http://evil\u{07}") == "]8;;http://evil")
    }

    @Test("a control character cannot hide a formula")
    func controlBeforeFormula() {
        #expect(CSVWriter.field("\u{0}=1+1") == "'=1+1")
        #expect(CSVWriter.field("\u{1B}@SUM(A1)") == "'@SUM(A1)")
    }

    @Test("hostile header fields are treated like data")
    func hostileHeader() {
        #expect(CSVWriter(header: ["=x", "a,b"]).render() == "'=x,\"a,b\"\r\n")
    }
}
