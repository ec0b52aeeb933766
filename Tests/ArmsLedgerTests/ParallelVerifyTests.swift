import Foundation
import Testing
@testable import ArmsLedger

private typealias F = CoreFixture

/// The batched, two-threaded scan behind `verify`, `repair` and the side-index rebuild reports
/// exactly what the line-by-line scan reports: the same first problem (line, reason, offset),
/// the same facts, wherever the damage lies relative to the batches.
@Suite("Parallel verify")
struct ParallelVerifyTests {
    /// A small batch, so that the test ledger spans many batches (each still split in two).
    static let batchSize = 4096

    /// The lines of a valid ledger of about 60 KB: the sample, then deliveries, statements about
    /// them, disputes, and one line longer than a batch.
    static let validLines: [[UInt8]] = {
        let directory = try! ScratchDirectory()
        let ledger = try! F.sampleLedger(in: directory)
        var batch: [String] = []
        for index in 0..<110 {
            let id = "polonez.delivered.\(index)"
            switch index % 5 {
            case 1:
                batch.append(F.line("statement.made", #""by":"AZE","speaker":"MoD","summary":"received \#(index)","about":["polonez.delivered.\#(index - 1)"]"#,
                                    occurred: "2018-07-01", id: "statement.\(index)"))
            case 3:
                batch.append(F.line("event.disputed", #""target":"polonez.delivered.\#(index - 1)","reason":"count unconfirmed","by":"ARM""#,
                                    occurred: "2018-08", sources: "", id: "dispute.\(index)"))
            case 4 where index == 54:
                let long = String(repeating: "a long summary ", count: 500)
                batch.append(F.line("statement.made", #""by":"AZE","speaker":"MoD","summary":"\#(long)","about":["polonez.ordered"]"#,
                                    occurred: "2018-07-01", id: "long.statement"))
            default:
                batch.append(F.line("transfer.delivered", F.polonez + #","quantity":\#(index % 7)"#, occurred: "2018-06", id: id))
            }
        }
        try! F.append(batch, to: ledger)
        return try! F.lines(ledger.path)
    }()

    /// The outcome of a scan that the two ways of scanning must agree on.
    struct Outcome: Equatable, CustomStringConvertible {
        let problemLine: Int?
        let reason: String?
        let torn: Bool?
        let offset: Int64?
        let count: Int
        let byteLength: Int64
        let lastHash: SHA256Digest

        init(_ scanner: LedgerScanner) {
            problemLine = scanner.problem?.line
            reason = scanner.problem?.reason
            torn = scanner.problem?.torn
            offset = scanner.problem?.offset
            count = scanner.facts.count
            byteLength = scanner.facts.byteLength
            lastHash = scanner.facts.lastHash
        }

        var description: String { "line \(problemLine.map(String.init) ?? "-"): \(reason ?? "ok") (\(count) valid lines, \(byteLength) bytes)" }
    }

    /// Writes `bytes` as a ledger, scans it both ways (and with the default batch size), checks
    /// they agree, and returns the outcome.
    @discardableResult
    static func compare(_ bytes: [UInt8], batchSizes: [Int] = [batchSize, 1000, 64 << 10],
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        try F.write(bytes, to: ledger.path)
        let handle = try LedgerFileHandle.open(ledger.path, flags: O_RDONLY)
        let size = try handle.size()
        let sequential = Outcome(try ledger.scanSequentially(handle, limit: size))
        for batchSize in batchSizes {
            var entries: [IDTable.Entry] = []
            let parallel = try ledger.scan(handle, limit: size, entries: &entries, collect: true, batchSize: batchSize)
            #expect(Outcome(parallel) == sequential, "batch size \(batchSize)", sourceLocation: sourceLocation)
            // The rebuild's entries: one per valid line, at each line's start, in order.
            #expect(entries.count == sequential.count, sourceLocation: sourceLocation)
            #expect(entries.map(\.offset) == Array(lineStarts(bytes).prefix(sequential.count)), sourceLocation: sourceLocation)
            var ignored: [IDTable.Entry] = []
            let plain = try ledger.scan(handle, limit: size, entries: &ignored, collect: false, batchSize: batchSize)
            #expect(Outcome(plain) == sequential, sourceLocation: sourceLocation)
            #expect(ignored.isEmpty, sourceLocation: sourceLocation)
            // The keyed scan of verify and repair, with real hashes and with every key colliding.
            for keyMask in [~0, 0x3, 0] {
                let keyed = try ledger.check(handle, limit: size, batchSize: batchSize, keyMask: keyMask)
                #expect(keyed == ScanSummary(count: sequential.count, byteLength: sequential.byteLength, lastHash: sequential.lastHash,
                                             problem: sequential.problemLine.map {
                                                 LedgerScanner.Problem(line: $0, reason: sequential.reason!, torn: sequential.torn!, offset: sequential.offset!)
                                             }),
                        "batch size \(batchSize), key mask \(keyMask)", sourceLocation: sourceLocation)
            }
        }
        // `verify` itself, with the default batch size.
        do {
            let verification = try ledger.verify()
            #expect(sequential.problemLine == nil, sourceLocation: sourceLocation)
            #expect(verification.lines == sequential.count && verification.bytes == sequential.byteLength, sourceLocation: sourceLocation)
        } catch {
            switch error {
            case .invalidLine(_, let line, let reason):
                #expect(line == sequential.problemLine && reason == sequential.reason && sequential.torn == false, sourceLocation: sourceLocation)
            case .tornTail(_, let line):
                #expect(line == sequential.problemLine && sequential.torn == true, sourceLocation: sourceLocation)
            default:
                Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
            }
        }
        return sequential
    }

    static func lineStarts(_ bytes: [UInt8]) -> [Int64] {
        var starts: [Int64] = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(Int64(index + 1)) }
        return starts
    }

    static func joined(_ lines: [[UInt8]]) -> [UInt8] { lines.flatMap { $0 + [0x0A] } }

    /// Line indices (0-based) worth damaging: the first and last lines, the lines on either side
    /// of every batch boundary, and the long line.
    static var positions: [Int] {
        var offsets: [Int] = []
        var offset = 0
        for line in validLines {
            offsets.append(offset)
            offset += line.count + 1
        }
        var result: Set<Int> = [0, 1, validLines.count - 1, validLines.count - 2]
        for (index, start) in offsets.enumerated() {
            let end = start + validLines[index].count + 1
            if start / batchSize != (end - 1) / batchSize || start % batchSize == 0 {
                result.formUnion([index, min(index + 1, validLines.count - 1)])
            }
            if validLines[index].count > batchSize { result.insert(index) }
        }
        return result.sorted()
    }

    /// Flips a byte inside the hashed prefix: a hash mismatch on that line.
    static func flipped(_ line: [UInt8]) -> [UInt8] {
        var line = line
        let at = line.count / 2
        line[at] = line[at] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
        return line
    }

    /// Rewrites a line's hash so that only the intended damage remains.
    static func rehashed(_ line: [UInt8]) -> [UInt8] {
        let prefix = Array(line[..<(line.count - LedgerLine.suffixLength)])
        return prefix + LedgerLine.hashMarker + Array(SHA256.hash(prefix).hex.utf8) + Array("\"}".utf8)
    }

    @Test func validLedgerSpansManyBatches() throws {
        let bytes = Self.joined(Self.validLines)
        #expect(bytes.count > 12 * Self.batchSize)
        #expect(Self.validLines.contains { $0.count > Self.batchSize })
        let outcome = try Self.compare(bytes)
        #expect(outcome.problemLine == nil)
        #expect(outcome.count == Self.validLines.count)
        #expect(outcome.byteLength == Int64(bytes.count))
    }

    @Test func emptyLedger() throws {
        let outcome = try Self.compare([])
        #expect(outcome.problemLine == nil && outcome.count == 0)
    }

    @Test func damageAtEveryInterestingPosition() throws {
        let positions = Self.positions
        #expect(positions.count > 10)
        for index in positions {
            typealias Damage = (name: String, apply: (inout [[UInt8]]) -> Void)
            let damages: [Damage] = [
                ("flipped byte", { $0[index] = Self.flipped($0[index]) }),
                ("bad JSON, good hash", { $0[index] = Self.rehashed(Array("{\"seq\":".utf8) + $0[index][7...].dropFirst(3)) }),
                ("no hash suffix", { $0[index] = Array($0[index].dropLast(5)) }),
                ("empty line", { $0[index] = [] }),
                ("removed line", { $0.remove(at: index) }),
                ("duplicated line", { $0.insert($0[index], at: index + 1) }),
                ("wrong seq, good hash", { lines in
                    let text = lines[index].utf8Text.replacingOccurrences(of: "{\"seq\":\(index + 1),", with: "{\"seq\":\(index + 7),")
                    lines[index] = Self.rehashed(Array(text.utf8))
                }),
                ("unknown reference, good hash", { lines in
                    let text = lines[index].utf8Text.replacingOccurrences(of: "\"id\":\"", with: "\"id\":\"q")
                    lines[index] = Self.rehashed(Array(text.utf8))
                }),
            ]
            for damage in damages {
                var lines = Self.validLines
                damage.apply(&lines)
                let outcome = try Self.compare(Self.joined(lines))
                // Renaming an id is only a problem where a later line refers to it; dropping the last line leaves a valid ledger.
                let mayStayValid = damage.name == "unknown reference, good hash" || (damage.name == "removed line" && index == Self.validLines.count - 1)
                #expect(outcome.problemLine != nil || mayStayValid, "\(damage.name) at line \(index + 1)")
                if damage.name == "flipped byte" || damage.name == "empty line" || damage.name == "no hash suffix" {
                    #expect(outcome.problemLine == index + 1, "\(damage.name) at line \(index + 1): \(outcome)")
                }
            }
        }
    }

    @Test func theEarlierOfTwoProblemsIsReported() throws {
        let positions = Self.positions
        for (first, second) in zip(positions, positions.dropFirst()) where first + 1 < second {
            // A hash mismatch first, bad JSON later; and bad JSON first, a hash mismatch later.
            var lines = Self.validLines
            lines[first] = Self.flipped(lines[first])
            lines[second] = Array("{not json".utf8)
            var outcome = try Self.compare(Self.joined(lines))
            #expect(outcome.problemLine == first + 1, "\(outcome)")

            lines = Self.validLines
            lines[first] = Array("{not json".utf8)
            lines[second] = Self.flipped(lines[second])
            outcome = try Self.compare(Self.joined(lines))
            #expect(outcome.problemLine == first + 1, "\(outcome)")
        }
        // Line 10 with a bad hash and line 12 with bad JSON: line 10.
        var lines = Self.validLines
        lines[9] = Self.flipped(lines[9])
        lines[11] = Array("{\"seq\":12,".utf8)
        let outcome = try Self.compare(Self.joined(lines))
        #expect(outcome.problemLine == 10)
    }

    @Test func tornAndDamagedTails() throws {
        let bytes = Self.joined(Self.validLines)
        // Cut the file at many places, in and between lines, around batch boundaries.
        var cuts: Set<Int> = [1, 100, bytes.count - 1, bytes.count - 2, bytes.count - 80]
        for boundary in stride(from: Self.batchSize, to: bytes.count, by: Self.batchSize) {
            cuts.formUnion([boundary - 1, boundary, boundary + 1])
        }
        for start in Self.lineStarts(bytes) where start > 0 && start < bytes.count { cuts.insert(Int(start)) }
        for cut in cuts.sorted() {
            let outcome = try Self.compare(Array(bytes[..<cut]), batchSizes: [Self.batchSize])
            if bytes[cut - 1] == 0x0A {
                #expect(outcome.problemLine == nil, "cut at \(cut)")
            } else {
                #expect(outcome.torn == true, "cut at \(cut): \(outcome)")
            }
        }
        // A torn tail after a damaged line: the damaged line.
        var lines = Self.validLines
        lines[lines.count - 3] = Self.flipped(lines[lines.count - 3])
        var damaged = Self.joined(lines)
        damaged.removeLast(10)
        let outcome = try Self.compare(damaged)
        #expect(outcome.problemLine == lines.count - 2 && outcome.torn == false)
    }

    @Test func byteOrderMarkOnTheFirstLine() throws {
        var lines = Self.validLines
        lines[0] = [0xEF, 0xBB, 0xBF] + lines[0]
        let outcome = try Self.compare(Self.joined(lines))
        #expect(outcome.problemLine == 1)
        #expect(outcome.reason == "byte-order mark at the start of the file")
    }

    @Test func repairAndAppendStillWorkAcrossBatches() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        var bytes = Self.joined(Self.validLines)
        bytes += Array(Self.validLines[3].prefix(40))  // a torn tail
        try F.write(bytes, to: ledger.path)
        let outcome = try ledger.repair(now: F.now)
        guard case .movedTail(_, let moved, let lines) = outcome else {
            Issue.record("expected a moved tail, got \(outcome)")
            return
        }
        #expect(moved == 40 && lines == Self.validLines.count)
        // The side index is rebuilt from the batched scan; a re-append of an existing id is skipped.
        let report = try F.append([F.line("transfer.delivered", F.polonez + #","quantity":0"#, occurred: "2018-06", id: "polonez.delivered.0")], to: ledger)
        #expect(report.skipped == ["polonez.delivered.0"])
        let changed = F.problems([F.line("transfer.delivered", F.polonez + #","quantity":5"#, occurred: "2018-06", id: "polonez.delivered.0")], on: ledger)
        #expect(changed.count == 1 && changed[0].contains("different content"))
        #expect(try ledger.verify().lines == Self.validLines.count)
    }

    /// The byte-level hex parser that `prev`/`hash` reading uses agrees with a plain digit-by-digit
    /// parse for every byte value at several positions.
    @Test func hexBytesParsingMatchesAPlainParse() {
        func reference(_ bytes: [UInt8]) -> [UInt8]? {
            var out: [UInt8] = []
            for pair in stride(from: 0, to: 64, by: 2) {
                var byte: UInt8 = 0
                for c in bytes[pair...pair + 1] {
                    switch c {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte = byte << 4 | (c - UInt8(ascii: "0"))
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte = byte << 4 | (c - UInt8(ascii: "a") + 10)
                    default: return nil
                    }
                }
                out.append(byte)
            }
            return out
        }
        let base = Array("0123456789abcdeffedcba9876543210a1b2c3d4e5f60718293a4b5c6d7e8f90".utf8)
        for position in [0, 1, 7, 8, 15, 16, 31, 40, 56, 63] {
            for value in 0...255 {
                var text = base
                text[position] = UInt8(value)
                let parsed = text.withUnsafeBytes { SHA256Digest(hexBytes: $0) }
                let expected = reference(text).flatMap { SHA256Digest(bytes: $0) }
                #expect(parsed == expected, "byte \(value) at \(position)")
            }
        }
        #expect(Array("x".utf8).withUnsafeBytes { SHA256Digest(hexBytes: $0) } == nil)
    }
}
