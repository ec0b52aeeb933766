import Foundation
import Testing
@testable import ArmsLedger

private typealias F = CoreFixture

/// An append input line in the ledger's own layout (an export, another ledger's lines) is
/// checked in place and copied with a new `seq`, `prev` and `hash` (``AppendInput``), and large
/// inputs are checked in two halves (``AppendBatch``). Both must write and report exactly what
/// the full path (parse, decode, encode anew, one pass) writes and reports.
@Suite("Append input")
struct AppendInputTests {
    static let shipped = LineCheckerTests.shipped
    static let generated = LineCheckerTests.generated

    /// A ledger line without its store fields: what a hand-written input of the same event holds.
    static func stripped(_ line: [UInt8]) -> [UInt8] {
        var text = String(decoding: line, as: UTF8.self)
        let idStart = text.range(of: #","id":"#)!.lowerBound
        text.replaceSubrange(text.index(after: text.startIndex)..<text.index(after: idStart), with: "")
        let prevStart = text.range(of: #","prev":""#, options: .backwards)!.lowerBound
        text.replaceSubrange(prevStart..<text.index(before: text.endIndex), with: "")
        return Array(text.utf8)
    }

    static func batch(_ lines: [[UInt8]]) -> [UInt8] {
        lines.flatMap { $0 + [0x0A] }
    }

    /// Writes `line` both ways (copied when the checker takes it, encoded anew) with the same
    /// `seq` and `prev`; true when it was copied.
    static func expectCopyEqualsEncoding(_ line: [UInt8], seq: Int, prev: SHA256Digest,
                                         sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        line.withUnsafeBytes { raw in
            guard case .success(let event) = AppendInput.check(raw, range: 0..<raw.count, now: F.now),
                  case .ledgerLine(let checked) = event
            else { return false }
            var copied: [UInt8] = []
            guard case .success(let hash) = event.write(into: &copied, seq: seq, prev: prev, stream: checked.checked.stream,
                                                        input: raw, now: F.now)
            else {
                Issue.record("a checked line could not be written", sourceLocation: sourceLocation)
                return true
            }
            guard case .success(var content) = AppendInput.decode(raw, now: F.now) else {
                Issue.record("the full path rejects a checked line: \(String(decoding: line, as: UTF8.self))", sourceLocation: sourceLocation)
                return true
            }
            content.stream = checked.checked.stream
            let encoded = LedgerLine.encode(content, seq: seq, prev: prev)
            #expect(copied == encoded.bytes, "copied:  \(String(decoding: copied, as: UTF8.self))\nencoded: \(String(decoding: encoded.bytes, as: UTF8.self))",
                    sourceLocation: sourceLocation)
            #expect(hash == encoded.hash, sourceLocation: sourceLocation)
            return true
        }
    }

    @Test func shippedAndGeneratedLinesAreCopiedExactlyAsTheyWouldBeEncoded() {
        var copied = 0
        for (index, line) in Self.shipped.enumerated()
        where Self.expectCopyEqualsEncoding(line, seq: 1000 + index, prev: SHA256.hash(Array("prev \(index)".utf8))) {
            copied += 1
        }
        // Two shipped lines hold what the fast check leaves to the full path (`notes` with an escape).
        #expect(copied >= Self.shipped.count - 2)
        for (index, line) in Self.generated.enumerated() {
            let copied = Self.expectCopyEqualsEncoding(line, seq: index + 1, prev: .zero)
            #expect(copied, "the fast check declined \(String(decoding: line, as: UTF8.self))")
        }
    }

    @Test(arguments: [11 as UInt64, 12, 13])
    func noMutantIsCopiedDifferentlyFromItsEncoding(seed: UInt64) {
        var random = FastRegisterTests.Seeded(state: seed)
        let bases = Self.shipped + Self.generated
        var copied = 0
        for round in 0..<3000 {
            var line = bases[round % bases.count]
            for _ in 0...(round % 3) { line = LineCheckerTests.mutate(line, &random) }
            if Self.expectCopyEqualsEncoding(line, seq: 7, prev: .zero) { copied += 1 }
        }
        #expect(copied > 150, "too few mutants took the copy path (\(copied)) for this test to say much")
    }

    @Test func sourcesOutOfTheStoresOrderAreEncodedAnewInThatOrder() throws {
        let line = Self.shipped[0]
        var text = String(decoding: line, as: UTF8.self)
        // The third source of line 1 is {"publisher":"Eurasianet","date":"2018-02","kind":"news"}.
        let canonical = #"{"publisher":"Eurasianet","date":"2018-02","kind":"news"}"#
        #expect(text.contains(canonical))
        text = text.replacingOccurrences(of: canonical, with: #"{"date":"2018-02","kind":"news","publisher":"Eurasianet"}"#)
        let reordered = Array(text.utf8)
        reordered.withUnsafeBytes { raw in
            guard case .success(let event) = AppendInput.check(raw, range: 0..<raw.count, now: F.now) else {
                Issue.record("the reordered line is valid")
                return
            }
            guard case .decoded = event else {
                Issue.record("a line whose sources are out of the store's order must be encoded anew")
                return
            }
        }
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        _ = try ledger.append(contentsOf: Self.batch([reordered]), now: F.now)
        #expect(try F.bytes(directory.path("ledger.jsonl")) == line + [0x0A])
    }

    @Test func theShippedLedgerImportedIntoAnEmptyLedgerIsCopiedByteForByteAndARetrySkipsIt() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        let input = Self.batch(Self.shipped)
        let report = try ledger.append(contentsOf: input, now: F.now)
        #expect(report.appended.count == Self.shipped.count)
        #expect(try F.bytes(directory.path("ledger.jsonl")) == input)
        // A retry compares content hashes, which ledger lines compute only now.
        let retry = try ledger.append(contentsOf: input, now: F.now)
        #expect(retry.appended.isEmpty)
        #expect(retry.skipped.count == Self.shipped.count)
        #expect(try F.bytes(directory.path("ledger.jsonl")) == input)
        #expect(try ledger.verify().lines == Self.shipped.count)
    }

    @Test func ledgerLinesAppendedAfterOtherEventsLandAsTheirHandWrittenFormsDo() throws {
        // The same events as ledger lines (copied, with new seq and prev) and without their
        // store fields (encoded anew) onto two equal ledgers: the files must be equal. The
        // correction of line 73 claims another stream, which the store replaces with its
        // target's, as it does for hand-written input.
        var lines = Self.shipped
        lines[72] = Array(String(decoding: lines[72], as: UTF8.self)
            .replacingOccurrences(of: #""stream":"deal:blr-aze-polonez""#, with: #""stream":"deal:elsewhere""#).utf8)
        #expect(lines[72] != Self.shipped[72])
        let directory = try ScratchDirectory()
        var files: [[UInt8]] = []
        for (name, batch) in [("copied.jsonl", lines), ("encoded.jsonl", lines.map(Self.stripped))] {
            let ledger = try F.ledger(in: directory, name: name)
            try F.append([F.line("system.described", #""system":"Zzz-1","category":"other""#, id: "first")], to: ledger)
            let report = try ledger.append(contentsOf: Self.batch(batch), now: F.now)
            #expect(report.appended.count == lines.count)
            #expect(try ledger.verify().lines == lines.count + 1)
            files.append(try F.bytes(directory.path(name)))
        }
        #expect(files[0] == files[1])
        let text = String(decoding: files[0], as: UTF8.self)
        #expect(text.contains(#""stream":"deal:blr-aze-polonez","occurred":"2018-06-11""#))
        #expect(!text.contains("deal:elsewhere"))
    }

    @Test func checkingInHalvesNumbersLinesAndFindsEventsAsOnePassDoes() {
        // Valid lines, a bad line, blank lines, CRLF endings and a last line without a newline;
        // each prefix of blank lines moves the split to another place.
        var base = Self.batch(Self.shipped)
        base += Array("{not json\r\n  \r\n\n".utf8) + Self.generated[5] + Array("\r\n".utf8) + Self.stripped(Self.generated[9])
        base += Array("\n".utf8) + Array(#"{"type":"transfer.delivered"}"#.utf8)
        for padding in [0, 1, 2, 5, 40, 300, 2000] {
            let input = Array(repeating: UInt8(ascii: "\n"), count: padding) + base
            input.withUnsafeBytes { raw in
                let whole = AppendBatch.check(raw, now: F.now, parallelAbove: .max)
                let halves = AppendBatch.check(raw, now: F.now, parallelAbove: 1)
                #expect(whole.events.map { "\($0.line) \($0.event.id)" } == halves.events.map { "\($0.line) \($0.event.id)" })
                #expect(whole.problems == halves.problems)
                #expect(whole.events.count == Self.shipped.count + 2)
                #expect(whole.problems.first?.line == padding + Self.shipped.count + 1)
                #expect(whole.problems.last?.line == padding + Self.shipped.count + 6)
                // In many small parts (each of a few lines): the same, and the keys of every event.
                for partSize in [1, 500, 4_000] {
                    let parts = AppendBatch.check(raw, now: F.now, parallelAbove: 1, partSize: partSize)
                    #expect(whole.events.map { "\($0.line) \($0.event.id)" } == parts.events.map { "\($0.line) \($0.event.id)" })
                    #expect(whole.problems == parts.problems)
                }
            }
        }
    }

    @Test func eventsHeldInPartsReadTheSameByIndexAndInOrder() {
        let input = Self.batch(Self.shipped) + Array("\n\n".utf8) + Self.batch(Self.shipped.map(Self.stripped))
        input.withUnsafeBytes { raw in
            let whole = AppendBatch.check(raw, now: F.now, parallelAbove: .max)
            let parts = AppendBatch.check(raw, now: F.now, parallelAbove: 1, partSize: 700)
            #expect(parts.events.count == 2 * Self.shipped.count)
            let walked = parts.events.map { "\($0.line) \($0.event.id)" }
            let indexed = parts.events.indices.map { "\(parts.events[$0].line) \(parts.events[$0].event.id)" }
            #expect(walked == whole.events.map { "\($0.line) \($0.event.id)" })
            #expect(indexed == walked)
            #expect(parts.events.last?.line == 2 * Self.shipped.count + 2)
        }
    }

    @Test func checkingInPartsGivesTheKeysOfEveryEventWhenNoLineIsInvalid() {
        let input = Self.batch(Self.shipped)
        input.withUnsafeBytes { raw in
            for partSize in [1, 500, 4_000, .max] {
                let parts = AppendBatch.check(raw, now: F.now, parallelAbove: 1, partSize: partSize)
                #expect(parts.problems.isEmpty)
                #expect(parts.keys.reduce(0) { $0 + $1.lines.count } == Self.shipped.count)
            }
        }
    }
}
