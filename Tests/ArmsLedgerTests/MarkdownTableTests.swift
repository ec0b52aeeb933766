import Testing
import ArmsLedger

@Suite("MarkdownTable")
struct MarkdownTableTests {
    @Test("golden: header, delimiter with alignments, rows")
    func golden() {
        var table = MarkdownTable(header: ["deal", "system", "units", "note"], alignments: [.left, .none, .right, .center])
        table.addRow(["D-1", "T-72", "24", "ok"])
        table.addRow(["D-2", "", "1200"])
        #expect(table.render() == """
            | deal | system | units | note |
            | :--- | --- | ---: | :---: |
            | D-1 | T-72 | 24 | ok |
            | D-2 |  | 1200 |  |

            """)
    }

    @Test("missing alignments default to none; an empty table has header and delimiter only")
    func emptyTable() {
        #expect(MarkdownTable(header: ["a", "b"], alignments: [.right]).render() == "| a | b |\n| ---: | --- |\n")
        #expect(MarkdownTable(header: []).render() == "")
    }

    @Test("hostile cells cannot break the table or inject formatting, links or HTML")
    func hostileRow() {
        var table = MarkdownTable(header: ["a|b", "<b>x</b>"])
        table.addRow(["<script>alert(1)</script>", "[click](http://evil)"])
        table.addRow(["\u{1B}[31mred", "line1\nline2"])
        #expect(table.render() == """
            | a\\|b | &lt;b&gt;x&lt;/b&gt; |
            | --- | --- |
            | &lt;script&gt;alert(1)&lt;/script&gt; | \\[click\\](http://evil) |
            | \u{FFFD}red | line1 line2 |

            """)
    }

    @Test(
        "cell escaping",
        arguments: [
            ("a|b", "a\\|b"),
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("[click](http://evil)", "\\[click\\](http://evil)"),
            ("![img](http://evil/x.png)", "\\!\\[img\\](http://evil/x.png)"),
            ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
            ("~~gone~~", "\\~\\~gone\\~\\~"),
            ("a\\b", "a\\\\b"),
            ("&amp; & &#x41;", "&amp;amp; &amp; &amp;\\#x41;"),
            ("line1\nline2\r\nline3", "line1 line2 line3"),
            ("\u{1B}[31mred", "\u{FFFD}red"),
            ("\u{202E}gnp.exe", "\u{FFFD}gnp.exe"),
            ("# not a heading", "\\# not a heading"),
            ("=HYPERLINK(\"http://x\")", "=HYPERLINK(\"http://x\")"),
            ("-4", "-4"), ("+1+1", "+1+1"), ("12.5", "12.5"), ("@SUM(A1)", "@SUM(A1)"),
            ("中国 🚀", "中国 🚀"),
        ] as [(String, String)])
    func cellEscaping(input: String, expected: String) {
        #expect(Markdown.escapeCell(input) == expected)
    }

    @Test(
        "prose escaping also defuses block starts",
        arguments: [
            ("# heading", "\\# heading"), ("- item", "\\- item"), ("+ item", "\\+ item"), ("===", "\\==="),
            ("1. first", "1\\. first"), ("12) twelfth", "12\\) twelfth"), ("12.5 units", "12\\.5 units"),
            ("> quote", "&gt; quote"), ("a - b", "a - b"), ("see 1.2", "see 1.2"),
            ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
            ("[x]: http://evil", "\\[x\\]: http://evil"),
        ] as [(String, String)])
    func inlineEscaping(input: String, expected: String) {
        #expect(Markdown.escapeInline(input) == expected)
    }

    @Test("escaped text never contains a raw <, > or unescaped |")
    func noRawMarkup() {
        let hostile = "<a href=\"javascript:alert(1)\">x</a> | `rm -rf` \u{1B}]8;;http://evil\u{07}"
        let escaped = Markdown.escapeCell(hostile)
        #expect(!escaped.contains("<"))
        #expect(!escaped.contains(">"))
        #expect(!escaped.replacingEscapedPipes.contains("|"))
    }
}

extension String {
    /// The string with every `\|` removed.
    fileprivate var replacingEscapedPipes: String {
        var out = ""
        var previous: Character?
        for character in self {
            if character == "|" && previous == "\\" {
                out.removeLast()
            } else {
                out.append(character)
            }
            previous = character
        }
        return out
    }
}

@Suite("ReportFormat")
struct ReportFormatTests {
    @Test("the four formats, by their --format names")
    func formats() {
        #expect(ReportFormat.allCases.map(\.rawValue) == ["table", "json", "csv", "md"])
        #expect(ReportFormat(rawValue: "md") == .md)
        #expect(ReportFormat(rawValue: "xml") == nil)
    }
}
