import Testing
import ArmsLedger

@Suite("TextTable")
struct TextTableTests {
    static func dealTable() -> TextTable {
        TextTable(columns: [
            .init(title: "deal"),
            .init(title: "supplier"),
            .init(title: "units", alignment: .right),
        ])
    }

    @Test("golden: header, separator, aligned rows, right-aligned numbers")
    func golden() {
        var table = Self.dealTable()
        table.addRow(["D-1", "RUS", "24"])
        table.addRow(["D-22", "USA", "1200"])
        #expect(table.render() == """
            deal  supplier  units
            ----  --------  -----
            D-1   RUS          24
            D-22  USA        1200

            """)
    }

    @Test("an empty table renders its header and (none)")
    func emptyTable() {
        #expect(Self.dealTable().render() == "deal  supplier  units\n----  --------  -----\n(none)\n")
        var table = Self.dealTable()
        table.emptyMessage = "no deals"
        #expect(table.render().hasSuffix("\nno deals\n"))
    }

    @Test("lines have no trailing spaces, even with an empty last cell; cell text is not trimmed")
    func noTrailingSpaces() {
        var table = TextTable(columns: [.init(title: "deal"), .init(title: "note")])
        table.addRow(["D-1", ""])
        table.addRow(["D-2", "late   "])
        #expect(table.render() == "deal  note\n----  -------\nD-1\nD-2   late\n")
    }

    @Test("short rows are padded, extra cells ignored")
    func rowShape() {
        var table = Self.dealTable()
        table.addRow(["D-1"])
        table.addRow(["D-2", "UKR", "3", "extra"])
        #expect(table.rows == [["D-1", "", ""], ["D-2", "UKR", "3"]])
    }

    @Test("wide CJK text and emoji are aligned by display width")
    func wideCharacters() {
        var table = TextTable(columns: [
            .init(title: "supplier"),
            .init(title: "system"),
            .init(title: "units", alignment: .right),
        ])
        table.addRow(["中国", "歼-10 🚀", "12"])
        table.addRow(["RUS", "T-72", "7"])
        let rendered = table.render()
        #expect(rendered == """
            supplier  system    units
            --------  --------  -----
            中国      歼-10 🚀     12
            RUS       T-72          7

            """)
        let lines = rendered.split(separator: "\n").map(String.init)
        #expect(Set(lines.map(TerminalText.displayWidth)).count == 1)
    }

    @Test("the widest truncatable column shrinks to fit, cut with an ellipsis")
    func shrinksToFit() {
        var table = TextTable(columns: [
            .init(title: "deal"),
            .init(title: "system", truncatable: true),
            .init(title: "units", alignment: .right),
        ])
        table.addRow(["D-1", "Su-35 multirole fighter aircraft with extended range", "24"])
        table.addRow(["D-2", "T-72", "1"])
        let rendered = table.render(maxWidth: 30)
        #expect(rendered == """
            deal  system             units
            ----  -----------------  -----
            D-1   Su-35 multirole…      24
            D-2   T-72                   1

            """)
        for line in rendered.split(separator: "\n") {
            #expect(TerminalText.displayWidth(String(line)) <= 30)
        }
    }

    @Test("truncatable columns never shrink below 6 or their title; the table may stay too wide")
    func shrinkFloor() {
        var table = TextTable(columns: [
            .init(title: "identifier", truncatable: true),
            .init(title: "name", truncatable: true),
            .init(title: "code", minWidth: 4),
        ])
        table.addRow(["ABCDEFGHIJKLMNOP", "a long long name", "X"])
        #expect(table.render(maxWidth: 10) == """
            identifier  name    code
            ----------  ------  ----
            ABCDEFGHI…  a lon…  X

            """)
    }

    @Test("non-truncatable columns are never cut")
    func notTruncatable() {
        var table = TextTable(columns: [.init(title: "id")])
        table.addRow(["0123456789abcdef"])
        #expect(table.render(maxWidth: 8) == "id\n----------------\n0123456789abcdef\n")
    }

    @Test("minWidth widens a column")
    func minWidth() {
        var table = TextTable(columns: [.init(title: "n", alignment: .right, minWidth: 5), .init(title: "x")])
        table.addRow(["1", "a"])
        #expect(table.render() == "    n  x\n-----  -\n    1  a\n")
    }

    @Test("hostile cells and titles are sanitized")
    func hostileCells() {
        var table = TextTable(columns: [.init(title: "na\u{1B}[2Jme"), .init(title: "file")])
        table.addRow(["\u{1B}[31mred", "\u{202E}gnp.exe"])
        table.addRow(["\u{1B}]8;;http://evil\u{07}x", "two\nlines"])
        table.addRow(["<script>alert(1)</script>", "a|b"])
        let expected = [
            "na\u{FFFD}me" + String(repeating: " ", count: 22) + "file",
            String(repeating: "-", count: 25) + "  " + String(repeating: "-", count: 9),
            "\u{FFFD}red" + String(repeating: " ", count: 23) + "\u{FFFD}gnp.exe",
            "\u{FFFD}x" + String(repeating: " ", count: 25) + "two lines",
            "<script>alert(1)</script>  a|b",
        ].map { $0 + "\n" }.joined()
        #expect(table.render() == expected)
    }
}
