import Testing
@testable import ArmsLedger

@Suite("JSON pretty writer")
struct JSONPrettyWriterTests {
    private static func written(_ text: String) -> String {
        var out: [UInt8] = []
        JSONPrettyWriter.writeString(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The escapes spelled the slow, obvious way, a scalar at a time: what the writer must give.
    private static func reference(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if JSONPrettyWriter.needsEscape(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    @Test func stringsAreEscapedAsSpelledOut() {
        #expect(Self.written("Belarus") == #""Belarus""#)
        #expect(Self.written("") == #""""#)
        #expect(Self.written("a \"quoted\" back\\slash") == #""a \"quoted\" back\\slash""#)
        #expect(Self.written("line\nbreak\r\ttab\u{07}bell\u{7F}del") == #""line\nbreak\r\ttab\u0007bell\u007fdel""#)
        #expect(Self.written("Hürriyet, Беларусь 😀") == "\"Hürriyet, Беларусь 😀\"")
        #expect(Self.written("x\u{202E}gnp.exe\u{85}\u{2028}\u{061C}") == #""x\u202egnp.exe\u0085\u2028\u061c""#)
    }

    /// Every character that needs care, at every place in plain ASCII of every length around
    /// the eight-byte words the writer scans, is written as the reference writes it.
    @Test func everyEscapeAtEveryPlaceMatchesTheReference() {
        let awkward: [String] = ["\"", "\\", "\n", "\r", "\t", "\u{00}", "\u{1F}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "é",
                                 "\u{061C}", "\u{200E}", "\u{200F}", "\u{2028}", "\u{2029}", "\u{202A}", "\u{202E}", "\u{2066}",
                                 "\u{2069}", "\u{206A}", "€", "😀", "\u{10FFFF}"]
        for length in 0...18 {
            let plain = String(repeating: "a", count: length)
            #expect(Self.written(plain) == Self.reference(plain))
            for place in 0...length {
                for character in awkward {
                    let text = String(plain.prefix(place)) + character + String(plain.dropFirst(place))
                    #expect(Self.written(text) == Self.reference(text), "\(Array(text.unicodeScalars.map(\.value)))")
                }
            }
        }
    }

    @Test(arguments: [Int64.min, Int64.min + 1, -1_000_000, -10, -9, -1, 0, 1, 9, 10, 99, 100, 123_456_789, Int64.max])
    func integersAreWrittenAsTheirDecimalSpelling(value: Int64) {
        var out: [UInt8] = []
        JSONPrettyWriter.writeInteger(value, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == String(value))
    }

    @Test func newlinesAreIndentedAtAnyDepth() {
        for indent in [0, 1, 8, 63, 64, 65, 100] {
            var out: [UInt8] = [UInt8(ascii: "x")]
            JSONPrettyWriter.newline(indent, &out)
            #expect(out == [UInt8(ascii: "x"), 0x0A] + Array(repeating: 0x20, count: indent), "indent \(indent)")
        }
    }

    /// The rows write their sources straight to bytes; every shape of source (each optional
    /// field there or not, text to escape) gives the bytes of its ``JSONValue`` at any indent.
    @Test func sourcesWrittenDirectlyAreTheBytesOfTheirJSONValues() throws {
        let date = try EDTFDate(parsing: "2017-11")
        var sources: [Source] = []
        for title in [nil, "A \"quoted\" title\u{202E}"] as [String?] {
            for url in [nil, "https://example.org/a?b=1"] as [String?] {
                for kind in [nil, SourceKind.leak] as [SourceKind?] {
                    sources.append(Source(publisher: "Hürriyet", title: title, date: date, url: url, kind: kind))
                }
            }
        }
        for indent in [0, 6, 10, 70] {
            for source in sources {
                var direct: [UInt8] = [], built: [UInt8] = []
                source.writeJSON(indent: indent, into: &direct)
                JSONPrettyWriter.write(.object(source.json), indent: indent, into: &built)
                #expect(direct == built, "\(source) at \(indent)")
            }
            for count in [0, 1, 3] {
                let event = try #require(try EventFactory.events([EventFactory.deal("delivered", id: "d", occurred: "2018-06")]).first)
                let content = event.content
                let withSources = Event(
                    seq: event.seq,
                    content: EventContent(id: content.id, type: content.type, stream: content.stream, occurred: content.occurred,
                                          recorded: content.recorded, confidence: content.confidence,
                                          sources: Array(sources.prefix(count)), data: content.data, payload: content.payload),
                    prev: event.prev, hash: event.hash)
                var direct: [UInt8] = [], built: [UInt8] = []
                ObligationsReport.writeSources(withSources, indent: indent, into: &direct)
                JSONPrettyWriter.write(ObligationsReport.sourcesJSON(withSources), indent: indent, into: &built)
                #expect(direct == built, "\(count) sources at \(indent)")
            }
        }
    }
}
