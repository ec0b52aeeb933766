import Foundation
import Testing

/// Issue 7, hostile content: terminal escapes, bidirectional overrides, HTML and spreadsheet
/// formulas, invalid UTF-8, very long lines, deep nesting, numbers beyond 64 bits. Each is
/// rejected with a clear error (ledger unchanged) or stored and rendered harmlessly in every format.
@Suite("Hostile content")
struct HostileContentTests {
    static let escape = "\u{1B}[31mRED\u{1B}]8;;http://evil\u{07}link\u{1B}]8;;\u{07}"
    static let bidi = "\u{202E}gnp.exe\u{202C}\u{2066}x\u{2069}"
    static let html = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    static let formula = "=HYPERLINK(\"http://evil\",\"click\")"

    /// JSON-escapes a string for an input line.
    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    static func hostileLedger() throws -> WorkingDirectory {
        let directory = try WorkingDirectory()
        #expect(try directory.run("--ledger", "l.jsonl", "init").status == 0)
        let system = escape + bidi
        let lines = [
            #"{"id":"sys","type":"system.described","occurred":"2018","confidence":"reported","sources":[],"data":{"system":\#(json(system)),"category":"air-defence","name":\#(json(html))}}"#,
            #"{"id":"d1","type":"transfer.delivered","occurred":"2018-06","confidence":"reported","sources":[{"publisher":\#(json(formula)),"title":\#(json(html + bidi)),"date":"2018-06-11"}],"data":{"deal":"hostile-deal","supplier":"BLR","recipient":"AZE","system":\#(json(system)),"category":"air-defence","quantity":2,"notes":\#(json(escape + formula)),"big":123456789012345678901234567890}}"#,
            #"{"id":"d2","type":"transfer.ordered","occurred":"2018-05","confidence":"reported","sources":[{"publisher":"+1+1","date":"2018"}],"data":{"deal":"hostile-deal-2","supplier":"RUS","recipient":"ARM","system":"@SUM(A1)","category":"armour","quantity":1}}"#,
        ]
        let append = try directory.run("--ledger", "l.jsonl", "append", "-", input: lines.joined(separator: "\n") + "\n")
        #expect(append.status == 0, "\(append)")
        return directory
    }

    static func assertNoControls(_ text: String, _ context: String) {
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let forbidden = (v < 0x20 && v != 0x0A && v != 0x0D) || (0x7F...0x9F).contains(v) || v == 0x061C
                || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            #expect(!forbidden, "\(context): U+\(String(v, radix: 16)) reached the output")
        }
    }

    @Test func hostileStringsAreStoredAndRenderedHarmlesslyInEveryFormat() throws {
        let directory = try Self.hostileLedger()
        for command in [["register"], ["balances"], ["history", "hostile-deal"], ["log"]] {
            for format in command == ["log"] ? ["table"] : ["table", "json", "csv", "md"] {
                let result = try BinaryRunner.run(["--ledger", "l.jsonl"] + command + ["--format", format], in: directory.url)
                #expect(result.status == 0, "\(command) \(format): \(result)")
                Self.assertNoControls(result.stdout, "\(command) \(format)")
                if format == "csv" {
                    for line in result.stdout.split(separator: "\r\n") {
                        for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                            let text = cell.hasPrefix("\"") ? String(cell.dropFirst()) : String(cell)
                            #expect(!["=", "+", "-", "@"].contains(text.first.map(String.init) ?? ""), "\(command) csv cell \(cell) is not defused")
                        }
                    }
                }
                if format == "md" {
                    #expect(!result.stdout.contains("<script>"), "\(command) md lets HTML through")
                    #expect(!result.stdout.contains("<img"), "\(command) md lets HTML through")
                }
                if format == "json" {
                    #expect((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil, "\(command) json parses")
                }
            }
        }
        // The data is kept exactly: the raw line still holds the escape sequence (escaped in JSON)
        // and the number beyond 64 bits as written.
        let raw = try directory.run("--ledger", "l.jsonl", "log", "--format", "jsonl")
        #expect(raw.stdout.contains("123456789012345678901234567890"))
        #expect(raw.stdout.contains(#"\u001b[31mRED"#))
        #expect(try directory.run("--ledger", "l.jsonl", "verify").status == 0)
    }

    @Test func hostileInputThatCannotBeStoredIsRejectedWithAClearErrorAndTheLedgerUnchanged() throws {
        let directory = try Self.hostileLedger()
        let before = try directory.bytes("l.jsonl")
        let valid = #"{"type":"transfer.delivered","occurred":"2018-06","confidence":"reported","sources":[{"publisher":"P","date":"2018"}],"data":{"deal":"x","supplier":"BLR","recipient":"AZE","system":"S","category":"other""#
        var cases: [(name: String, bytes: [UInt8], message: String)] = [
            ("invalid UTF-8", Array((valid + #","notes":""#).utf8) + [0xC3, 0x28] + Array("\"}}\n".utf8), "invalid UTF-8"),
            ("deep nesting", Array((valid + #","deep":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}}\n").utf8), "nesting deeper than 64"),
            ("quantity beyond 64 bits", Array((valid + #","quantity":99999999999999999999}}"# + "\n").utf8), "does not fit in 64 bits"),
            ("raw control character", Array((valid + #","notes":"a"#).utf8) + [0x1B] + Array("b\"}}\n".utf8), "must be escaped"),
        ]
        cases.append(("javascript URL", Array(#"{"type":"transfer.delivered","occurred":"2018-06","confidence":"reported","sources":[{"publisher":"P","date":"2018","url":"javascript:alert(1)"}],"data":{"deal":"x","supplier":"BLR","recipient":"AZE","system":"S","category":"other"}}"#.utf8) + [0x0A], "http:// or https://"))
        for (name, bytes, message) in cases {
            try directory.write(bytes, to: "bad.jsonl")
            let result = try directory.run("--ledger", "l.jsonl", "append", "bad.jsonl")
            #expect(result.status == 1, "\(name): \(result)")
            #expect(result.stderr.hasPrefix("error: input:1: "), "\(name): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
            Self.assertNoControls(result.stderr, name)
            #expect(try directory.bytes("l.jsonl") == before, "\(name) changed the ledger")
        }
    }

    @Test func aTenMegabyteLineIsStoredReadAndVerified() throws {
        let directory = try WorkingDirectory()
        #expect(try directory.run("--ledger", "l.jsonl", "init").status == 0)
        let notes = String(repeating: "long text ", count: 1_000_000)
        let line = #"{"type":"transfer.delivered","occurred":"2018-06","confidence":"reported","sources":[{"publisher":"P","date":"2018"}],"data":{"deal":"x","supplier":"BLR","recipient":"AZE","system":"S","category":"other","quantity":1,"notes":"\#(notes)"}}"#
        try directory.write(line + "\n", to: "big.jsonl")
        #expect(try directory.run("--ledger", "l.jsonl", "append", "big.jsonl").status == 0)
        #expect(try directory.run("--ledger", "l.jsonl", "verify").status == 0)
        let register = try directory.run("--ledger", "l.jsonl", "register", "--format", "json")
        #expect(register.status == 0)
        #expect(register.stdout.contains(#""delivered": 1"#))
    }
}
