import Foundation
import Testing
import ArmsLedger

private typealias F = CoreFixture

/// SPEC section 6 (appending) and the byte layout of section 1, checked on the file itself.
@Suite("Ledger append")
struct LedgerAppendTests {
    private static let zeros = String(repeating: "0", count: 64)

    // MARK: All or nothing

    @Test func invalidLinesDoNotHideLedgerProblemsOfOtherLines() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let before = try F.bytes(directory.path("ledger.jsonl"))
        let problems = F.problems([
            F.line("transfer.delivered", F.polonez + #","quantity":-4"#),
            F.line("event.disputed", #""target":"no-such-event","reason":"r""#, sources: ""),
        ], on: ledger)
        #expect(problems == [
            "input:1: data.quantity: must be a non-negative integer, got -4",
            #"input:2: data.target: no event "no-such-event" in the ledger; a correction must follow its target"#,
        ])
        #expect(try F.bytes(directory.path("ledger.jsonl")) == before)
    }

    @Test func negativeZeroInAnUnknownDataFieldIsCarriedThroughAsWritten() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        try F.append([F.line("transfer.delivered", F.polonez + #","calibre_offset":-0"#, id: "z")], to: ledger)
        let text = String(decoding: try F.bytes(directory.path("ledger.jsonl")), as: UTF8.self)
        #expect(text.contains(#""calibre_offset":-0"#))
        #expect(try ledger.verify().lines == 1)
    }

    @Test func batchWithBadLinesWritesNothingAndReportsEveryLine() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let path = directory.path("ledger.jsonl")
        let before = try F.bytes(path)
        let indexBefore = try F.bytes(path + ".index")
        let batch = [
            F.line("transfer.cancelled", F.polonez, id: "fine.1"),
            F.line("transfer.delivered", F.polonez + #","quantity":-4"#),
            "",
            "{not json",
            F.line("transfer.delivered", F.polonez, sources: #"{"publisher":"P","date":"2018","url":"ftp://x"}"#, confidence: "sure"),
            F.line("transfer.cancelled", F.polonez, id: "fine.2"),
        ]
        let error = F.failure { try F.append(batch, to: ledger) }
        guard case .invalidInput(let problems)? = error else {
            Issue.record("expected invalidInput, got \(String(describing: error))")
            return
        }
        #expect(problems.map(\.description) == [
            "input:2: data.quantity: must be a non-negative integer, got -4",
            "input:4: invalid JSON at column 2: expected a string key",
            "input:5: confidence: must be one of confirmed, reported, claimed, estimated, got \"sure\"",
            "input:5: sources[0].url: must be an http:// or https:// address, got \"ftp://x\"",
        ])
        #expect(problems.map(\.line) == [2, 4, 5, 5])
        #expect(try F.bytes(path) == before)
        #expect(try F.bytes(path + ".index") == indexBefore)
    }

    @Test func batchFailingAgainstTheLedgerWritesNothingAndReportsEveryLine() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let path = directory.path("ledger.jsonl")
        let before = try F.bytes(path)
        let batch = [
            F.line("transfer.cancelled", F.polonez, id: "fine.1"),
            F.line("event.disputed", #""target":"ghost","reason":"r""#, sources: ""),
            F.line("alliance.joined", #""alliance":"nato","member":"TUR""#),
            F.line("statement.made", #""by":"ARM","speaker":"PM","summary":"about fine.1","about":["fine.1"]"#),
        ]
        let error = F.failure { try F.append(batch, to: ledger) }
        guard case .invalidInput(let problems)? = error else {
            Issue.record("expected invalidInput, got \(String(describing: error))")
            return
        }
        #expect(problems.map(\.description) == [
            #"input:2: data.target: no event "ghost" in the ledger; a correction must follow its target"#,
            #"input:3: data.alliance: unknown alliance "nato"; describe it first with alliance.described"#,
        ])
        #expect(try F.bytes(path) == before)
        #expect(try ledger.events().count == 6)
    }

    @Test func dryRunValidatesAndWritesNothing() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let path = directory.path("ledger.jsonl")
        let before = try F.bytes(path)
        let report = try F.append([F.line("transfer.cancelled", F.polonez, id: "cancel")] + [F.sampleLines[0]], to: ledger, dryRun: true)
        #expect(report.appended == ["cancel"])
        #expect(report.skipped == ["actor.xkb"])
        #expect(try F.bytes(path) == before)
        #expect(F.failure { try F.append([F.line("transfer.delivered", F.polonez + #","quantity":-1"#)], to: ledger, dryRun: true) } != nil)
        #expect(try F.bytes(path) == before)
    }

    @Test func emptyInputAppendsNothing() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        let report = try ledger.append(contentsOf: Array("\n  \n".utf8), now: F.now)
        #expect(report.appended.isEmpty && report.skipped.isEmpty && report.warnings.isEmpty)
        #expect(try F.bytes(directory.path("ledger.jsonl")).isEmpty)
    }

    @Test func crlfLineEndingsInInputAreAccepted() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        let input = Array((F.sampleLines[0] + "\r\n" + F.sampleLines[1] + "\r\n").utf8)
        #expect(try ledger.append(contentsOf: input, now: F.now).appended == ["actor.xkb", "system.polonez"])
    }

    @Test func appendToAMissingLedgerFails() throws {
        let directory = try ScratchDirectory()
        let ledger = Ledger(path: directory.path("missing.jsonl"))
        let error = F.failure { try F.append([F.sampleLines[0]], to: ledger) }
        guard case .notFound(let path)? = error else {
            Issue.record("expected notFound, got \(String(describing: error))")
            return
        }
        #expect(path == directory.path("missing.jsonl"))
        #expect(try directory.fileNames() == [])
    }

    // MARK: Idempotent ids

    @Test func sameIDWithSameContentIsSkipped() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let path = directory.path("ledger.jsonl")
        let before = try F.bytes(path)
        let report = try F.append(F.sampleLines, to: ledger)
        #expect(report.appended == [])
        #expect(report.skipped == ["actor.xkb", "system.polonez", "polonez.ordered", "polonez.delivered", "aze.statement", "polonez.dispute"])
        #expect(try F.bytes(path) == before)
    }

    @Test func retryWithAnotherRecordedTimeIsStillSkipped() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let retry = String(F.sampleLines[2].dropLast()) + #","recorded":"2030-01-01T00:00:00Z"}"#
        #expect(try F.append([retry], to: ledger).skipped == ["polonez.ordered"])
    }

    @Test func sameIDWithDifferentContentIsRejected() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let before = try F.bytes(directory.path("ledger.jsonl"))
        #expect(F.problems([F.line("transfer.ordered", F.polonez + #","quantity":12"#, occurred: "2018-02", id: "polonez.ordered")], on: ledger) == [
            #"input:1: id: "polonez.ordered" is already in the ledger with different content; a wrong fact is answered by a correction event, never by rewriting"#
        ])
        #expect(try F.bytes(directory.path("ledger.jsonl")) == before)
    }

    @Test func repeatedIDWithinOneBatch() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        let report = try F.append([F.sampleLines[0], F.sampleLines[0]], to: ledger)
        #expect(report.appended == ["actor.xkb"])
        #expect(report.skipped == ["actor.xkb"])
        let other = F.line("actor.described", #""actor":"XKC","name":"Other","kind":"non-state""#, sources: "", id: "same")
        let changed = F.line("actor.described", #""actor":"XKD","name":"Other","kind":"non-state""#, sources: "", id: "same")
        #expect(F.problems([other, changed], on: ledger) == [#"input:2: id: "same" appears earlier in this input with different content"#])
        #expect(try ledger.events().count == 1)
    }

    // MARK: Derived ids

    @Test func derivedIDIsTheTypeAndTheHashOfTheSortedCompactContent() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        let input = F.line("system.described", #""system":"Polonez","category":"rocket-artillery""#,
                           sources: #"{"url":"https://example.org/a","publisher":"Eurasianet","kind":"news","date":"2017-11-09","title":"T"}"#)
        let report = try F.append([input], to: ledger)
        // Sorted keys at every level, compact, exactly the five content fields.
        let canonical = #"{"confidence":"reported","data":{"category":"rocket-artillery","system":"Polonez"},"occurred":"2018-06","sources":[{"date":"2017-11-09","kind":"news","publisher":"Eurasianet","title":"T","url":"https://example.org/a"}],"type":"system.described"}"#
        let expected = "system.described-" + SHA256.hash(Array(canonical.utf8)).hex.prefix(16)
        #expect(report.appended == [expected])
        #expect(try ledger.events()[0].id == expected)
    }

    @Test func derivedIDIgnoresKeyOrderAndSpacing() throws {
        let compact = F.line("transfer.ordered", F.polonez + #","quantity":10,"value":{"amount":5,"currency":"USD"}"#)
        let shuffled = """
        { "data" : { "value": {"currency":"USD", "amount":5}, "quantity" : 10, "category":"rocket-artillery","system":"Polonez",
        "recipient":"AZE","supplier":"BLR","deal":"blr-aze-polonez" },  "sources":[ { "date":"2017-11-09" ,"publisher":"Eurasianet"} ],
        "confidence":"reported", "occurred" : "2018-06", "type":"transfer.ordered" }
        """.replacingOccurrences(of: "\n", with: " ")
        let first = try EventDecoder.decodeInput(try JSONParser.parse(compact), now: F.now).get()
        let second = try EventDecoder.decodeInput(try JSONParser.parse(shuffled), now: Timestamp(secondsSinceEpoch: 0)).get()
        #expect(first.id == second.id)
        #expect(first.id.hasPrefix("transfer.ordered-"))

        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        #expect(try F.append([compact], to: ledger).appended == [first.id])
        let again = try F.append([shuffled], to: ledger)
        #expect(again.appended == [])
        #expect(again.skipped == [first.id])
    }

    @Test func derivedIDChangesWithTheContent() throws {
        let a = try EventDecoder.decodeInput(try JSONParser.parse(F.line("transfer.ordered", F.polonez + #","quantity":10"#)), now: F.now).get()
        let b = try EventDecoder.decodeInput(try JSONParser.parse(F.line("transfer.ordered", F.polonez + #","quantity":11"#)), now: F.now).get()
        let c = try EventDecoder.decodeInput(try JSONParser.parse(F.line("transfer.ordered", F.polonez + #","quantity":10"#, confidence: "claimed")), now: F.now).get()
        #expect(Set([a.id, b.id, c.id]).count == 3)
    }

    // MARK: --expect-version

    @Test func expectVersionMatchingTheFirstStreamAppends() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        // ordered, delivered, and the dispute aimed at the delivery: three events in deal:blr-aze-polonez.
        let report = try F.append([F.line("transfer.cancelled", F.polonez, id: "cancel")], to: ledger, expectVersion: 3)
        #expect(report.appended == ["cancel"])
    }

    @Test func expectVersionMismatchIsAConflictAndWritesNothing() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let path = directory.path("ledger.jsonl")
        let before = try F.bytes(path)
        let error = F.failure { try F.append([F.line("transfer.cancelled", F.polonez, id: "cancel")], to: ledger, expectVersion: 2) }
        guard case .versionConflict(let stream, let expected, let actual)? = error else {
            Issue.record("expected versionConflict, got \(String(describing: error))")
            return
        }
        #expect(stream == "deal:blr-aze-polonez")
        #expect(expected == 2)
        #expect(actual == 3)
        #expect(error?.description == "version conflict: stream deal:blr-aze-polonez holds 3 events, expected 2; nothing was written")
        #expect(try F.bytes(path) == before)
        // A new stream holds 0 events.
        #expect(try F.append([F.line("transfer.offered", #""deal":"new","supplier":"RUS","recipient":"ARM","system":"S","category":"other""#)],
                             to: ledger, expectVersion: 0).appended.count == 1)
    }

    @Test func idempotentRetryOfALandedBatchSucceedsDespiteTheVersion() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let batch = [F.line("transfer.cancelled", F.polonez, id: "cancel")]
        #expect(try F.append(batch, to: ledger, expectVersion: 3).appended == ["cancel"])
        let before = try F.bytes(directory.path("ledger.jsonl"))
        let retry = try F.append(batch, to: ledger, expectVersion: 3)
        #expect(retry.appended == [])
        #expect(retry.skipped == ["cancel"])
        #expect(try F.bytes(directory.path("ledger.jsonl")) == before)
    }

    // MARK: The bytes written

    @Test func recordedIsKeptWhenGivenAndNowWhenAbsent() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        try F.append([
            F.sampleLines[0],
            String(F.sampleLines[1].dropLast()) + #","recorded":"2026-11-23T10:00:00Z"}"#,
        ], to: ledger)
        let lines = try F.lines(directory.path("ledger.jsonl")).map(\.utf8Text)
        #expect(lines[0].contains(#","recorded":"\#(F.nowText)","#))
        #expect(lines[1].contains(#","recorded":"2026-11-23T10:00:00Z","#))
        #expect(try ledger.events().map(\.recorded) == [F.now, Timestamp(rfc3339: "2026-11-23T10:00:00Z")!])
    }

    @Test func firstLineHasTheExactSpecLayout() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        try F.append([F.sampleLines[0]], to: ledger)
        let bytes = try F.bytes(directory.path("ledger.jsonl"))
        let prefix = #"{"seq":1,"id":"actor.xkb","type":"actor.described","stream":"actor:XKB","occurred":"2018","recorded":"2023-11-14T22:13:20Z","confidence":"reported","sources":[{"publisher":"Eurasianet","date":"2017-11-09"}],"data":{"actor":"XKB","name":"Example non-state group","kind":"non-state"},"prev":"\#(Self.zeros)""#
        let hash = SHA256.hash(Array(prefix.utf8)).hex
        #expect(bytes.utf8Text == prefix + #","hash":"\#(hash)"}"# + "\n")
    }

    @Test func chainSeqAndHashesCheckOutOnTheRawBytes() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        try F.append([F.line("transfer.cancelled", F.polonez, id: "cancel")], to: ledger)
        let bytes = try F.bytes(directory.path("ledger.jsonl"))
        #expect(bytes.last == 0x0A)
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
        #expect(lines.count == 7)
        let marker = Array(#","hash":""#.utf8)
        var previous = Self.zeros
        for (index, line) in lines.enumerated() {
            // Split at the (last) marker: the hash is the last field, so the line is prefix + marker + 64 hex + "}.
            #expect(line.count > marker.count + 66)
            let start = line.count - 66 - marker.count
            #expect(Array(line[start..<(start + marker.count)]) == marker, "line \(index + 1)")
            #expect(Array(line.suffix(2)) == Array(#""}"#.utf8))
            let prefix = Array(line[..<start])
            let stated = Array(line[(start + marker.count)..<(line.count - 2)]).utf8Text
            #expect(SHA256.hash(prefix).hex == stated, "line \(index + 1)")
            let text = line.utf8Text
            #expect(text.hasPrefix(#"{"seq":\#(index + 1),"id":""#))
            #expect(prefix.utf8Text.hasSuffix(#","prev":"\#(previous)""#), "line \(index + 1)")
            #expect(!text.contains(": ") && !text.contains(", "))
            previous = stated
        }
        #expect(try ledger.verify().lastHash.hex == previous)
    }

    // MARK: The side index

    /// The side index's header: magic, ledger length, event count, last hash; and the number of
    /// used slots in its id table (16-byte slots after the 128-byte header, a zero hash when free).
    private static func indexHeader(_ path: String) throws -> (magic: String, length: UInt64, count: UInt64, hash: String, usedSlots: Int) {
        let bytes = try F.bytes(path + ".index")
        #expect(bytes.count >= 128)
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
        let hash = bytes[24..<56].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let capacity = Int(u64(56))
        let used = (0..<capacity).filter { 128 + 16 * $0 + 16 <= bytes.count && u64(128 + 16 * $0) != 0 }.count
        return (Array(bytes[0..<8]).utf8Text, u64(8), u64(16), hash, used)
    }

    @Test func sideIndexIsWrittenAndExtendedByAppends() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let path = directory.path("ledger.jsonl")
        var header = try Self.indexHeader(path)
        #expect(header.magic == "ALIDX003")
        #expect(header.length == UInt64(try F.bytes(path).count))
        #expect(header.count == 6)
        #expect(header.hash == (try ledger.verify().lastHash.hex))
        #expect(header.usedSlots == 6)

        try F.append([F.line("transfer.cancelled", F.polonez, id: "cancel")], to: ledger)
        header = try Self.indexHeader(path)
        #expect(header.length == UInt64(try F.bytes(path).count))
        #expect(header.count == 7)
        #expect(header.hash == (try ledger.verify().lastHash.hex))
        #expect(header.usedSlots == 7)
        #expect(try directory.fileNames() == ["ledger.jsonl", "ledger.jsonl.index", "ledger.jsonl.index.replay"], "no temporaries left")
    }

    @Test(arguments: ["garbage", "empty", "truncated", "trailing-junk", "wrong-hash", "flipped-record-byte"])
    func corruptSideIndexIsRebuiltAndAppendStillValidates(damage: String) throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let path = directory.path("ledger.jsonl")
        var index = try F.bytes(path + ".index")
        switch damage {
        case "garbage": index = Array(repeating: 0xAB, count: index.count)
        case "empty": index = []
        case "truncated": index.removeLast(10)
        case "trailing-junk": index += [1, 2, 3]
        case "flipped-record-byte": index[index.count - 3] ^= 0x01  // inside the last record: the checksum catches it
        default: index[30] ^= 0x01  // inside the last-hash field of the header
        }
        try F.write(index, to: path + ".index")

        // The ledger, not the index, decides: a retry is skipped, a conflicting id rejected, a reference resolved.
        #expect(try F.append([F.sampleLines[3]], to: ledger).skipped == ["polonez.delivered"])
        #expect(F.problems([F.line("transfer.ordered", F.polonez, id: "polonez.delivered")], on: ledger).count == 1)
        let report = try F.append([F.line("event.retracted", #""target":"polonez.delivered","reason":"r""#, sources: "", id: "retract")], to: ledger, expectVersion: 3)
        #expect(report.appended == ["retract"])
        let header = try Self.indexHeader(path)
        #expect(header.magic == "ALIDX003")
        #expect(header.count == 7)
        #expect(header.length == UInt64(try F.bytes(path).count))
        #expect(try ledger.verify().lines == 7)
    }

    @Test func staleSideIndexIsIgnoredAndTheRealLedgerValidates() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let path = directory.path("ledger.jsonl")
        let staleIndex = try F.bytes(path + ".index")

        // Another copy of the ledger is extended, and the extended bytes replace the ledger; its index stays behind.
        let copyPath = directory.path("copy.jsonl")
        try F.write(try F.bytes(path), to: copyPath)
        let copy = Ledger(path: copyPath)
        try F.append([
            F.line("transfer.cancelled", F.polonez, id: "only.in.copy"),
            F.line("actor.described", #""actor":"XQZ","name":"New actor","kind":"state""#, sources: "", id: "actor.xqz"),
        ], to: copy)
        try F.write(try F.bytes(copyPath), to: path)
        #expect(try F.bytes(path + ".index") == staleIndex)

        // What the index does not know is still checked against the ledger.
        #expect(F.problems([F.line("transfer.ordered", F.polonez, id: "only.in.copy")], on: ledger)
            == [#"input:1: id: "only.in.copy" is already in the ledger with different content; a wrong fact is answered by a correction event, never by rewriting"#])
        let report = try F.append([
            F.line("event.disputed", #""target":"only.in.copy","reason":"r""#, sources: "", id: "dispute.copy"),
            F.line("statement.made", #""by":"XQZ","speaker":"S","summary":"s""#, id: "xqz.says"),
        ], to: ledger, expectVersion: 4)
        #expect(report.appended == ["dispute.copy", "xqz.says"])
        #expect(try ledger.verify().lines == 10)
        let header = try Self.indexHeader(path)
        #expect(header.count == 10)
        #expect(header.length == UInt64(try F.bytes(path).count))
    }

    @Test func deletedSideIndexIsRebuilt() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let path = directory.path("ledger.jsonl")
        try FileManager.default.removeItem(atPath: path + ".index")
        #expect(try F.append(F.sampleLines, to: ledger).skipped.count == 6)
        #expect(try Self.indexHeader(path).count == 6)
    }

    // MARK: Damaged ledgers refuse appends

    @Test func appendToALedgerWithATornTailFailsAndChangesNothing() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let path = directory.path("ledger.jsonl")
        let torn = try F.bytes(path) + Array(#"{"seq":7,"id":"half","type":"transfer.deli"#.utf8)
        try F.write(torn, to: path)
        let indexBefore = try F.bytes(path + ".index")
        let error = F.failure { try F.append([F.line("transfer.cancelled", F.polonez, id: "cancel")], to: ledger) }
        guard case .tornTail(let errorPath, let line)? = error else {
            Issue.record("expected tornTail, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(line == 7)
        #expect(try F.bytes(path) == torn)
        #expect(try F.bytes(path + ".index") == indexBefore)
    }

    /// With a matching side index an append does not re-read the ledger (that is what the index is
    /// for; `verify` finds such damage); once the index is gone, the full scan refuses.
    @Test func appendAfterAFullScanRefusesADamagedLedger() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let path = directory.path("ledger.jsonl")
        try FileManager.default.removeItem(atPath: path + ".index")
        var bytes = try F.bytes(path)
        let secondLine = bytes.firstIndex(of: 0x0A)! + 1
        bytes[secondLine + 20] ^= 0x01
        try F.write(bytes, to: path)
        let error = F.failure { try F.append([F.line("transfer.cancelled", F.polonez, id: "cancel")], to: ledger) }
        guard case .invalidLine(_, let line, let reason)? = error else {
            Issue.record("expected invalidLine, got \(String(describing: error))")
            return
        }
        #expect(line == 2)
        #expect(reason.hasSuffix("nothing can be appended until the ledger verifies"))
        #expect(try F.bytes(path) == bytes)
    }
}
