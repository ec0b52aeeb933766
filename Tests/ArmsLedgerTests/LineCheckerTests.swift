import Foundation
import Testing
@testable import ArmsLedger

/// The fast line check behind `verify` (``LineChecker``) is never more lenient than the full
/// path (``JSONParser`` + ``EventDecoder/decodeLine(_:)``): on the shipped ledger, a generated
/// one, and many thousands of mutations of their lines, every line it accepts the full path
/// accepts too, with the same `seq`, `prev`, id, type, stream and payload.
@Suite("Fast line check")
struct LineCheckerTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The lines (without `\n`) of a file in the repository.
    static func lines(_ relativePath: String) throws -> [[UInt8]] {
        let data = try Data(contentsOf: repository.appendingPathComponent(relativePath))
        return data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map { Array($0) }
    }

    static let shipped = try! lines("Events/ledger.jsonl")
    /// Up to 15 lines of each event type from `armsledger-bench generate --events 10000 --seed 42`
    /// (lines, not a ledger: the chain is cut): sources with and without titles and URLs,
    /// non-ASCII publishers, values, quantities, every date form the generator writes.
    static let generated = try! lines("Tests/Fixtures/generated-lines-s42.jsonl")

    enum Outcome: Equatable {
        case rejected
        case accepted(LineChecker.Checked)
    }

    /// What the full path makes of a line, in the terms of ``LineChecker/Checked``.
    static func full(_ line: [UInt8]) -> Outcome {
        line.withUnsafeBytes { bytes in
            guard case .decoded(let content, let seq, let prev, _, _, _) = LedgerScanner.prepare(bytes, depth: .full, contentHash: false) else {
                return .rejected
            }
            return .accepted(LineChecker.Checked(seq: seq, id: content.id, type: content.type, stream: content.stream,
                                                 payload: content.payload, prev: prev))
        }
    }

    /// The fast check of a line, through ``LedgerScanner/prepare(_:depth:contentHash:fast:)``.
    static func fast(_ line: [UInt8]) -> Outcome {
        line.withUnsafeBytes { bytes in
            guard case .checked(let checked, _, _) = LedgerScanner.prepare(bytes, depth: .full, contentHash: false, fast: true) else {
                return .rejected
            }
            return .accepted(checked)
        }
    }

    /// Checks the invariant for one line; returns whether the fast path accepted it.
    @discardableResult
    static func expectNeverMoreLenient(_ line: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let fast = fast(line)
        // The replay's decode straight from the bytes answers exactly when the check does,
        // with the event the full path decodes.
        let event = line.withUnsafeBytes { LineChecker.event($0) }
        #expect((event == nil) == (fast == .rejected), "the check and the event read disagree on \(String(decoding: line, as: UTF8.self))",
                sourceLocation: sourceLocation)
        guard fast != .rejected else { return false }
        let full = full(line)
        #expect(fast == full, "fast path accepted \(String(decoding: line, as: UTF8.self))", sourceLocation: sourceLocation)
        if let event {
            #expect(event == line.withUnsafeBytes { Ledger.decodeThroughJSON($0) }, "event read from \(String(decoding: line, as: UTF8.self))",
                    sourceLocation: sourceLocation)
        }
        return true
    }

    @Test func acceptsEveryGeneratedLineWithTheFullPathsResult() {
        #expect(Self.generated.count == 280)
        for line in Self.generated {
            #expect(Self.expectNeverMoreLenient(line), "fast path fell back on \(String(decoding: line, as: UTF8.self))")
        }
    }

    @Test func agreesOnEveryShippedLine() {
        var accepted = 0
        for line in Self.shipped where Self.expectNeverMoreLenient(line) { accepted += 1 }
        // The shipped ledger is written by the store: the fast path should recognise most of it.
        #expect(accepted * 10 >= Self.shipped.count * 9, "accepted \(accepted) of \(Self.shipped.count)")
    }

    /// Bytes worth inserting or substituting: JSON punctuation, escapes, whitespace, digits,
    /// number syntax, control bytes, and broken or surprising UTF-8.
    static let fragments: [[UInt8]] = [
        "\"", "\\", "{", "}", "[", "]", ",", ":", " ", "\t", "\n", "0", "1", "9", "-", ".", "e", "E", "+",
        "a", "z", "A", "Z", "_", "/", "é", "\u{A0}", "\u{2028}", "\u{3000}", "\\\"", "\\u0041", "\\n", "\\/",
        #","x":1"#, #","notes":"n""#, #","notes":1"#, "null", "true", "false", "[]", "{}", "\"\"", ".5", "e1",
    ].map { Array($0.utf8) } + [[0x00], [0x1F], [0x7F], [0x80], [0xC0, 0x80], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80],
                                [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98, 0x80], [0xFF], [0xEF, 0xBB, 0xBF]]

    /// String values worth trying in place of any string on a line: blanks, codes in the wrong
    /// case, invalid and edge EDTF dates, currencies, URLs, ids, every field name, every type.
    static let strings: [String] = [
        "", " ", "\u{A0}", "\u{3000}x", " x", "x ", "arm", "ARMM", "XXX", "AR", "A1", "ARMENIAAA", "Arm", "USD", "usd", "XYZ",
        "2019-02-29", "2020-02-29", "2018-13", "2018-00", "2022/2018", "2018-21", "2018-25", "2018/..", "../..", "2018?",
        "2018-06-14%", "2018-06~", "../1999", "2023-09/..", "1999-12-31", "2018-6", "20180", "-2018",
        "2024-01-01T00:00:13Z", "2024-01-01T24:00:00Z", "2024-01-01t00:00:13z", "2024-01-01T00:00:13.5Z", "2024-02-30T00:00:00Z",
        "ftp://x", "http://", "https://", "http:///x", "https://a b", "HTTPS://X", "https://x\u{7F}", "https://x<y", "Http://x", "https:/x", "https://\u{301}x", "https:\u{301}//x", "\u{FF48}ttps://x", "https://é",
        "a..b", "A", "-a", ".a", "a", String(repeating: "a", count: 128), String(repeating: "a", count: 129),
        "deal:x", "actor:ARM", "alliance:csto", "Ведомости", "news", "leak", "state", "non-state", "upgrade",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "000000000000000000000000000000000000000000000000000000000000000A",
    ] + EventDecoder.lineFields + EventDecoder.sourceFields + EventType.allCases.map(\.rawValue)
        + Array(Set(EventType.allCases.flatMap(EventDecoder.knownFields))).sorted() + Category.allCases.map(\.rawValue)
        + Confidence.allCases.map(\.rawValue) + ["range_km", "quantity_estimated", "collective_defence", "replaced_by", "amount", "currency"]

    /// Number literals worth trying in place of any number.
    static let numbers = ["0", "00", "01", "-1", "-0", "1.0", "1e3", "1E3", "10", "2147483648", "999999999999999999",
                          "9223372036854775807", "9223372036854775808", "99999999999999999999", "0.5", "\"1\"", "true", "null"]

    /// The ranges of the string contents on a line (between unescaped quotes).
    static func stringRanges(_ line: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var i = 0
        var start: Int?
        while i < line.count {
            if line[i] == UInt8(ascii: "\\") { i += 2; continue }
            if line[i] == UInt8(ascii: "\"") {
                if let s = start { ranges.append(s..<i); start = nil } else { start = i + 1 }
            }
            i += 1
        }
        return ranges
    }

    /// The ranges of the numbers and literals on a line (outside strings).
    static func numberRanges(_ line: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var inString = false
        var i = 0
        while i < line.count {
            let b = line[i]
            if inString {
                if b == UInt8(ascii: "\\") { i += 2; continue }
                if b == UInt8(ascii: "\"") { inString = false }
                i += 1
                continue
            }
            if b == UInt8(ascii: "\"") { inString = true; i += 1; continue }
            if (0x30...0x39).contains(b) || b == UInt8(ascii: "t") || b == UInt8(ascii: "f") {
                let start = i
                while i < line.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(line[i]) { i += 1 }
                ranges.append(start..<i)
                continue
            }
            i += 1
        }
        return ranges
    }

    /// The ranges of top-level-ish members: the spans between commas at any depth, for swaps.
    static func commaSegments(_ line: [UInt8]) -> [Range<Int>] {
        var segments: [Range<Int>] = []
        var start = 1
        var inString = false
        var i = 0
        while i < line.count {
            let b = line[i]
            if inString {
                if b == UInt8(ascii: "\\") { i += 2; continue }
                if b == UInt8(ascii: "\"") { inString = false }
            } else if b == UInt8(ascii: "\"") {
                inString = true
            } else if b == UInt8(ascii: ",") || b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                if start < i { segments.append(start..<i) }
                start = i + 1
            } else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                if start < i { segments.append(start..<i) }
                start = i + 1
            }
            i += 1
        }
        return segments
    }

    /// One random mutation of a line.
    static func mutate(_ line: [UInt8], _ random: inout FastRegisterTests.Seeded) -> [UInt8] {
        var m = line
        switch Int.random(in: 0..<10, using: &random) {
        case 0:  // delete a byte
            m.remove(at: Int.random(in: 0..<m.count, using: &random))
        case 1:  // duplicate a byte
            let i = Int.random(in: 0..<m.count, using: &random)
            m.insert(m[i], at: i)
        case 2:  // flip bits of a byte
            let i = Int.random(in: 0..<m.count, using: &random)
            m[i] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
        case 3:  // replace a byte with a fragment
            let i = Int.random(in: 0..<m.count, using: &random)
            m.replaceSubrange(i..<(i + 1), with: fragments.randomElement(using: &random)!)
        case 4:  // insert a fragment
            m.insert(contentsOf: fragments.randomElement(using: &random)!, at: Int.random(in: 0...m.count, using: &random))
        case 5, 6:  // replace a string's contents
            guard let range = stringRanges(m).randomElement(using: &random) else { break }
            m.replaceSubrange(range, with: Array(strings.randomElement(using: &random)!.utf8))
        case 8:  // copy one string's contents onto another (supplier onto recipient, id onto deal …)
            let ranges = stringRanges(m)
            guard let from = ranges.randomElement(using: &random), let to = ranges.randomElement(using: &random) else { break }
            m.replaceSubrange(to, with: Array(m[from]))
        case 7:  // replace a number or literal
            guard let range = numberRanges(m).randomElement(using: &random) else { break }
            m.replaceSubrange(range, with: Array(numbers.randomElement(using: &random)!.utf8))
        default:  // swap two neighbouring members or elements, or copy one over another
            let segments = commaSegments(m)
            guard segments.count >= 2 else { break }
            let i = Int.random(in: 0..<(segments.count - 1), using: &random)
            let (a, b) = (segments[i], segments[i + 1])
            guard a.upperBound < b.lowerBound else { break }
            if Bool.random(using: &random) {
                m.replaceSubrange(b, with: Array(m[a]))
            } else {
                m.replaceSubrange(a.lowerBound..<b.upperBound, with: Array(m[b]) + m[a.upperBound..<b.lowerBound] + Array(m[a]))
            }
        }
        return m
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4])
    func neverAcceptsAMutantThatTheFullPathRejects(seed: UInt64) {
        var random = FastRegisterTests.Seeded(state: seed)
        let bases = Self.shipped + Self.generated
        var accepted = 0
        var tried = 0
        for base in bases {
            for _ in 0..<12 {
                var mutant = Self.mutate(base, &random)
                if Int.random(in: 0..<4, using: &random) == 0 { mutant = Self.mutate(mutant, &random) }
                tried += 1
                if Self.expectNeverMoreLenient(mutant) { accepted += 1 }
            }
        }
        // Some mutants stay valid (a changed title, a swapped source field): the comparison must
        // have seen accepted mutants, not only rejections.
        #expect(accepted > tried / 50, "the fast path accepted \(accepted) of \(tried) mutants")
    }

    @Test func everyStringAndNumberSubstitutionAgrees() {
        // Exhaustive over positions for a sample of lines of every type: each string replaced by
        // each candidate, each number by each candidate.
        var seenTypes = Set<String>()
        var sample: [[UInt8]] = []
        for line in Self.generated + Self.shipped {
            guard case .accepted(let checked) = Self.full(line), seenTypes.insert(checked.type.rawValue).inserted else { continue }
            sample.append(line)
        }
        #expect(seenTypes.count == EventType.allCases.count, "types covered: \(seenTypes.sorted())")
        for line in sample {
            let own = Self.stringRanges(line).map { Array(line[$0]) }
            for range in Self.stringRanges(line) {
                for candidate in Self.strings.map({ Array($0.utf8) }) + own {
                    var m = line
                    m.replaceSubrange(range, with: candidate)
                    Self.expectNeverMoreLenient(m)
                }
            }
            for range in Self.numberRanges(line) {
                for candidate in Self.numbers {
                    var m = line
                    m.replaceSubrange(range, with: Array(candidate.utf8))
                    Self.expectNeverMoreLenient(m)
                }
            }
        }
    }

    @Test func fallsBackOnWhitespaceEscapesAndUnknownFields() throws {
        let line = try #require(Self.generated.first { String(decoding: $0, as: UTF8.self).contains("\"transfer.delivered\"") })
        let text = String(decoding: line, as: UTF8.self)
        let variants = [
            text.replacingOccurrences(of: #""seq":"#, with: #""seq": "#),
            text.replacingOccurrences(of: #"","type":"#, with: #"\u002e","type":"#),
            text.replacingOccurrences(of: #""data":{"#, with: #""data":{"extra":1,"#),
            text.replacingOccurrences(of: #""data":{"#, with: #""data":{"notes":"a\"b","#),
        ]
        for variant in variants {
            #expect(Self.fast(Array(variant.utf8)) == .rejected, "\(variant)")
        }
    }
}
