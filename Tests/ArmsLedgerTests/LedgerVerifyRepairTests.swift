import Foundation
import Testing
import ArmsLedger

private typealias F = CoreFixture

/// `verify` finds the first damaged line; `repair` moves only a torn tail aside.
@Suite("Ledger verify and repair")
struct LedgerVerifyRepairTests {
    /// A sample ledger and its path.
    private static func sample() throws -> (ScratchDirectory, Ledger, String) {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        return (directory, ledger, directory.path("ledger.jsonl"))
    }

    /// Rewrites a line's hash so that only the intended damage remains.
    private static func rehashed(_ line: String) -> String {
        let marker = #","hash":""#
        let prefix = String(line[..<line.range(of: marker, options: .backwards)!.lowerBound])
        return prefix + marker + SHA256.hash(Array(prefix.utf8)).hex + "\"}"
    }

    private static func write(_ lines: [String], to path: String) throws {
        try F.write(Array(lines.map { $0 + "\n" }.joined().utf8), to: path)
    }

    /// The verify error's line and reason.
    private static func invalidLine(_ ledger: Ledger) -> (line: Int, reason: String)? {
        let error = F.failure { try ledger.verify() }
        guard case .invalidLine(_, let line, let reason)? = error else {
            Issue.record("expected invalidLine, got \(String(describing: error))")
            return nil
        }
        return (line, reason)
    }

    // MARK: verify

    @Test func verifyAcceptsAGoodLedger() throws {
        let (directory, ledger, path) = try Self.sample()
        defer { withExtendedLifetime(directory) {} }
        let bytes = try F.bytes(path)
        let result = try ledger.verify()
        #expect(result.lines == 6)
        #expect(result.bytes == Int64(bytes.count))
        let last = try F.lines(path).last!.utf8Text
        #expect(last.hasSuffix(#","hash":"\#(result.lastHash.hex)"}"#))
    }

    @Test func verifyAcceptsAnEmptyLedger() throws {
        let directory = try ScratchDirectory()
        let result = try F.ledger(in: directory).verify()
        #expect(result.lines == 0)
        #expect(result.bytes == 0)
        #expect(result.lastHash == .zero)
    }

    @Test func flippedByteInAMiddleLineIsAHashMismatchOnThatLine() throws {
        let (directory, ledger, path) = try Self.sample()
        defer { withExtendedLifetime(directory) {} }
        var lines = try F.lines(path)
        let text = lines[2].utf8Text
        let at = text.utf8.distance(from: text.utf8.startIndex, to: text.range(of: #""system":"Polonez""#)!.lowerBound.samePosition(in: text.utf8)!) + 12
        #expect(lines[2][at] == UInt8(ascii: "l"))
        lines[2][at] ^= 0x01  // Polonez → Pomonez
        try F.write(lines.flatMap { $0 + [0x0A] }, to: path)
        let prefix = Array(lines[2][..<(lines[2].count - 66 - 9)])
        let damage = Self.invalidLine(ledger)
        #expect(damage?.line == 3)
        #expect(damage?.reason == "hash does not match the line's bytes (expected \(SHA256.hash(prefix).hex))")
        let error = F.failure { try ledger.verify() }
        #expect(error?.description == "\(path):3: hash does not match the line's bytes (expected \(SHA256.hash(prefix).hex))")
    }

    @Test func removedLineBreaksTheSeqAtItsPlace() throws {
        let (directory, ledger, path) = try Self.sample()
        defer { withExtendedLifetime(directory) {} }
        var lines = try F.lines(path).map(\.utf8Text)
        lines.remove(at: 2)
        try Self.write(lines, to: path)
        let damage = Self.invalidLine(ledger)
        #expect(damage?.line == 3)
        #expect(damage?.reason == "seq is 4, expected 3")
    }

    @Test func removedLineWithSeqsRenumberedBreaksThePrevChain() throws {
        let (directory, ledger, path) = try Self.sample()
        defer { withExtendedLifetime(directory) {} }
        var lines = try F.lines(path).map(\.utf8Text)
        lines.remove(at: 2)
        // A forger renumbers the later lines and rehashes them, but cannot fix prev without rewriting it.
        for index in 2..<lines.count {
            lines[index] = Self.rehashed(lines[index].replacingOccurrences(of: #"{"seq":\#(index + 2),"#, with: #"{"seq":\#(index + 1),"#))
        }
        try Self.write(lines, to: path)
        let damage = Self.invalidLine(ledger)
        #expect(damage?.line == 3)
        #expect(damage?.reason == "prev does not match the hash of line 2 (the chain is broken)")
    }

    @Test func swappedLinesAreFoundAtTheFirstOfThem() throws {
        let (directory, ledger, path) = try Self.sample()
        defer { withExtendedLifetime(directory) {} }
        var lines = try F.lines(path).map(\.utf8Text)
        lines.swapAt(2, 3)
        try Self.write(lines, to: path)
        let damage = Self.invalidLine(ledger)
        #expect(damage?.line == 3)
        #expect(damage?.reason == "seq is 4, expected 3")
    }

    @Test func fieldsOutOfOrderAreRejectedEvenWithACorrectHash() throws {
        let (directory, ledger, path) = try Self.sample()
        defer { withExtendedLifetime(directory) {} }
        var lines = try F.lines(path).map(\.utf8Text)
        lines[1] = Self.rehashed(lines[1].replacingOccurrences(of: #"{"seq":2,"id":"system.polonez","#, with: #"{"id":"system.polonez","seq":2,"#))
        try Self.write(lines, to: path)
        let damage = Self.invalidLine(ledger)
        #expect(damage?.line == 2)
        #expect(damage?.reason == "fields are out of order; a line has seq, id, type, stream, occurred, recorded, confidence, sources, data, prev, hash in this order")
    }

    @Test func invalidJSONIsRejectedWithItsColumn() throws {
        let (directory, ledger, path) = try Self.sample()
        defer { withExtendedLifetime(directory) {} }
        var lines = try F.lines(path).map(\.utf8Text)
        lines[3] = Self.rehashed(lines[3].replacingOccurrences(of: #"{"seq":4,"#, with: #"{"seq":04,"#))
        try Self.write(lines, to: path)
        let damage = Self.invalidLine(ledger)
        #expect(damage?.line == 4)
        #expect(damage?.reason == "invalid JSON at column 9: numbers must not have leading zeros")
    }

    @Test func lineWithoutTheHashSuffixIsRejected() throws {
        let (directory, ledger, path) = try Self.sample()
        defer { withExtendedLifetime(directory) {} }
        var lines = try F.lines(path).map(\.utf8Text)
        lines[4] = String(lines[4].dropLast()) + ",\"x\":1}"
        try Self.write(lines, to: path)
        let damage = Self.invalidLine(ledger)
        #expect(damage?.line == 5)
        #expect(damage?.reason == #"line does not end with ,"hash":"<64 lowercase hex>"}"#)
    }

    @Test func nonCompactButValidLineIsRejectedByItsHashOnly() throws {
        // Spaces change the bytes, so the stated hash no longer matches.
        let (directory, ledger, path) = try Self.sample()
        defer { withExtendedLifetime(directory) {} }
        var lines = try F.lines(path).map(\.utf8Text)
        lines[0] = lines[0].replacingOccurrences(of: #"{"seq":1,"#, with: #"{"seq": 1,"#)
        try Self.write(lines, to: path)
        #expect(Self.invalidLine(ledger)?.line == 1)
    }

    @Test func blankLineAndByteOrderMarkAreRejected() throws {
        let (directory, ledger, path) = try Self.sample()
        defer { withExtendedLifetime(directory) {} }
        let good = try F.bytes(path)
        let lines = try F.lines(path).map(\.utf8Text)
        try Self.write(Array(lines[0..<2]) + [""] + Array(lines[2...]), to: path)
        #expect(Self.invalidLine(ledger)?.line == 3)
        #expect(Self.invalidLine(ledger)?.reason == "empty line")
        try F.write([0xEF, 0xBB, 0xBF] + good, to: path)
        #expect(Self.invalidLine(ledger)?.reason == "byte-order mark at the start of the file")
    }

    @Test func tornLastLineIsReportedAsATornTail() throws {
        let (directory, ledger, path) = try Self.sample()
        defer { withExtendedLifetime(directory) {} }
        let good = try F.bytes(path)
        try F.write(Array(good.dropLast()), to: path)
        var error = F.failure { try ledger.verify() }
        guard case .tornTail(_, let line)? = error else {
            Issue.record("expected tornTail, got \(String(describing: error))")
            return
        }
        #expect(line == 6)
        try F.write(good + Array(#"{"seq":7,"id":"x"#.utf8), to: path)
        error = F.failure { try ledger.verify() }
        #expect(error?.description == "\(path):7: incomplete last line (an interrupted write); run `armsledger repair` to move it aside")
    }

    @Test func readersLeaveATornTailOut() throws {
        let (directory, ledger, path) = try Self.sample()
        defer { withExtendedLifetime(directory) {} }
        try F.write(try F.bytes(path) + Array(#"{"seq":7,"id":"x"#.utf8), to: path)
        let result = try ledger.read()
        #expect(result.events.count == 6)
        #expect(result.ignoredTail == 7)
    }

    // MARK: repair

    @Test func repairMovesExactlyTheTornTailAside() throws {
        let (directory, ledger, path) = try Self.sample()
        let good = try F.bytes(path)
        let tail = Array(#"{"seq":7,"id":"half-written","type":"transfer.deliv"#.utf8)
        try F.write(good + tail, to: path)
        let outcome = try ledger.repair(now: F.now)
        let quarantine = path + ".torn-20231114T221320Z"
        #expect(outcome == .movedTail(quarantine: quarantine, bytes: Int64(tail.count), lines: 6))
        #expect(try F.bytes(path) == good)
        #expect(try F.bytes(quarantine) == tail)
        #expect(try ledger.verify().lines == 6)
        #expect(try directory.fileNames() == ["ledger.jsonl", "ledger.jsonl.index", "ledger.jsonl.index.replay", "ledger.jsonl.torn-20231114T221320Z"])
        // Appending works again.
        #expect(try F.append([F.line("transfer.cancelled", F.polonez, id: "cancel")], to: ledger).appended == ["cancel"])
        #expect(try ledger.verify().lines == 7)
    }

    @Test func repairOfALastLineWithoutItsNewlineMovesThatLine() throws {
        let (directory, ledger, path) = try Self.sample()
        defer { withExtendedLifetime(directory) {} }
        let good = try F.bytes(path)
        let lastLength = try F.lines(path).last!.count
        try F.write(Array(good.dropLast()), to: path)
        let outcome = try ledger.repair(now: F.now)
        #expect(outcome == .movedTail(quarantine: path + ".torn-20231114T221320Z", bytes: Int64(lastLength), lines: 5))
        #expect(try F.bytes(path) == Array(good[0..<(good.count - lastLength - 1)]))
        #expect(try ledger.verify().lines == 5)
    }

    @Test func secondRepairWithTheSameTimeGetsANewQuarantineName() throws {
        let (directory, ledger, path) = try Self.sample()
        defer { withExtendedLifetime(directory) {} }
        let good = try F.bytes(path)
        try F.write(good + [0x7B], to: path)
        _ = try ledger.repair(now: F.now)
        try F.write(good + [0x7B, 0x7D], to: path)
        let outcome = try ledger.repair(now: F.now)
        #expect(outcome == .movedTail(quarantine: path + ".torn-20231114T221320Z-2", bytes: 2, lines: 6))
        #expect(try F.bytes(path + ".torn-20231114T221320Z") == [0x7B])
        #expect(try F.bytes(path + ".torn-20231114T221320Z-2") == [0x7B, 0x7D])
    }

    @Test func repairRefusesMidFileDamageAndChangesNothing() throws {
        let (directory, ledger, path) = try Self.sample()
        var lines = try F.lines(path)
        let at = lines[2].count / 2
        lines[2][at] = lines[2][at] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
        let damaged = lines.flatMap { $0 + [0x0A] } + Array(#"{"torn"#.utf8)
        try F.write(damaged, to: path)
        let filesBefore = try directory.fileNames()
        let error = F.failure { try ledger.repair(now: F.now) }
        guard case .damagedBeforeValidLines(_, let line, let reason)? = error else {
            Issue.record("expected damagedBeforeValidLines, got \(String(describing: error))")
            return
        }
        #expect(line == 3)
        #expect(reason.hasSuffix("(a valid line follows at line 4)"))
        #expect(try F.bytes(path) == damaged)
        #expect(try directory.fileNames() == filesBefore)
    }

    @Test func repairOfAnIntactLedgerDoesNothing() throws {
        let (directory, ledger, path) = try Self.sample()
        let good = try F.bytes(path)
        let files = try directory.fileNames()
        #expect(try ledger.repair(now: F.now) == .intact(lines: 6))
        #expect(try F.bytes(path) == good)
        #expect(try directory.fileNames() == files)
    }

    @Test func repairOfAMissingLedgerFails() throws {
        let directory = try ScratchDirectory()
        let error = F.failure { try Ledger(path: directory.path("none.jsonl")).repair(now: F.now) }
        guard case .notFound? = error else {
            Issue.record("expected notFound, got \(String(describing: error))")
            return
        }
        #expect(try directory.fileNames() == [])
    }
}
