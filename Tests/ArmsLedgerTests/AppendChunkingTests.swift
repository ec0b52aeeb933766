import Foundation
import Testing
@testable import ArmsLedger

private typealias F = CoreFixture

/// An append builds its batch in chunks (``BatchBytes``) and encodes the replay cache from them
/// while it builds (``ReplayCachePipeline``): however the batch is cut, the ledger, its side index
/// and its replay cache come out byte for byte the same.
@Suite("Append chunking")
struct AppendChunkingTests {
    /// The shipped ledger's lines, a valid chain.
    static let shipped = LineCheckerTests.shipped

    /// Chunk sizes from one line per chunk to the whole batch in one.
    static let chunkSizes = [1, 700, 8_192, BatchBytes.defaultChunkSize]

    /// Every file an append left in `directory`, by name.
    private static func files(in directory: ScratchDirectory) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in try directory.fileNames() { files[name] = try F.bytes(directory.path(name)) }
        return files
    }

    /// The names of the files that differ between two runs (compared here, so that a failure
    /// prints names rather than bytes). The side index is left out: its buckets' bytes follow
    /// `Dictionary` order, which differs from run to run (it is checked by using it).
    private static func differences(_ a: [String: [UInt8]], _ b: [String: [UInt8]]) -> [String] {
        Set(a.keys).union(b.keys).sorted().filter { !$0.hasSuffix(".index") && a[$0] != b[$0] }
    }

    /// Appends `batches` in turn to a new ledger whose appends cut their batches into chunks of
    /// about `chunkSize` bytes (and skip the keyed check, so take the exact pass, unless
    /// `keyed`); returns the files left and the reports.
    private static func run(_ batches: [[[UInt8]]], chunkSize: Int, keyed: Bool = true) throws -> (files: [String: [UInt8]], reports: [AppendReport]) {
        let directory = try ScratchDirectory()
        var ledger = try F.ledger(in: directory)
        ledger.appendChunkSize = chunkSize
        ledger.appendKeyed = keyed
        var reports: [AppendReport] = []
        for lines in batches {
            reports.append(try ledger.append(contentsOf: Array(lines.joined(separator: [0x0A])) + [0x0A], now: F.now))
        }
        return (try files(in: directory), reports)
    }

    @Test(arguments: chunkSizes)
    func aLedgerAppendedToAnEmptyOneComesOutTheSameWhateverTheChunks(chunkSize: Int) throws {
        let result = try Self.run([Self.shipped], chunkSize: chunkSize)
        let expected = try Self.run([Self.shipped], chunkSize: BatchBytes.defaultChunkSize)
        let same = result.files["ledger.jsonl"] == Array(Self.shipped.joined(separator: [0x0A])) + [0x0A]
        #expect(same, "the ledger is the input, byte for byte")
        #expect(Self.differences(result.files, expected.files) == [])
        #expect(result.files.keys.contains("ledger.jsonl.index.replay"))
        #expect(result.reports == expected.reports)
    }

    @Test(arguments: chunkSizes)
    func theSecondHalfAppendedToTheFirstComesOutTheSameWhateverTheChunks(chunkSize: Int) throws {
        let half = Self.shipped.count / 2
        let halves = [Array(Self.shipped[..<half]), Array(Self.shipped[half...])]
        // The third batch retries the second: every event is found through the side index and skipped.
        let result = try Self.run(halves + [halves[1]], chunkSize: chunkSize)
        let whole = try Self.run([Self.shipped], chunkSize: BatchBytes.defaultChunkSize)
        #expect(Self.differences(result.files, whole.files) == [])
        #expect(result.reports[1].appended.count == Self.shipped.count - half)
        #expect(result.reports[2].appended.isEmpty && result.reports[2].skipped.count == Self.shipped.count - half)
    }

    @Test(arguments: chunkSizes)
    func decodedInputLinesComeOutTheSameWhateverTheChunks(chunkSize: Int) throws {
        // Input lines in the author's shape: each is decoded and encoded anew, some ids repeat
        // (a retry within the batch is skipped) and statements refer to the batch's own events.
        let lines = (1..<300).map { n -> [UInt8] in
            let m = n % 250
            let line = n % 3 == 0
                ? F.line("statement.made", #""by":"AZE","speaker":"S","summary":"number \#(n)","about":["e.\#((n - 2) % 250)"]"#, id: "s.\(n)")
                : F.line("transfer.ordered", #""deal":"d-\#(m % 40)","supplier":"BLR","recipient":"AZE","system":"Polonez","category":"rocket-artillery","quantity":\#(m)"#,
                         id: "e.\(m)")
            return Array(line.utf8)
        }
        let result = try Self.run([Array(lines[..<100]), Array(lines[100...])], chunkSize: chunkSize)
        let expected = try Self.run([Array(lines[..<100]), Array(lines[100...])], chunkSize: BatchBytes.defaultChunkSize)
        #expect(Self.differences(result.files, expected.files) == [])
        #expect(result.reports == expected.reports)
        #expect(!result.reports[1].skipped.isEmpty)
    }

    @Test(arguments: chunkSizes)
    func aBatchWrittenFromItsInputComesOutAsTheExactPassWritesIt(chunkSize: Int) throws {
        // A chain written as it stands, whole or in halves; then batches that look like a
        // continuation at their ends, so that the cache's encoding starts early and is dropped:
        // a stated hash is wrong, a blank line sits between two lines.
        let chain = ChainContinuationTests.chain
        let half = chain.count / 2
        var wrongHash = chain
        wrongHash[40] = ChainContinuationTests.wrongHash(wrongHash[40])
        var blank = chain
        blank.insert([], at: 30)
        let batches = [[chain], [Array(chain[..<half]), Array(chain[half...])], [wrongHash], [blank]]
        for batch in batches {
            let result = try Self.run(batch, chunkSize: chunkSize)
            let exact = try Self.run(batch, chunkSize: chunkSize, keyed: false)
            let same = result.files["ledger.jsonl"] == ChainContinuationTests.input(chain)
            #expect(same, "every line is written with the hash of its own bytes")
            #expect(Self.differences(result.files, exact.files) == [])
            #expect(result.reports == exact.reports)
        }
    }

    @Test func thePipelineEncodesWhatEncodingTheWholeBatchGivesAndNothingOnceCancelled() {
        let lines = Self.shipped.map { $0 + [0x0A] }
        var whole = ReplayCacheEncoder(continuing: .empty)
        #expect(Ledger.encode(Array(lines.joined()), at: 0, into: &whole))
        let pipeline = ReplayCachePipeline(continuing: .empty)
        var offset = 0
        for part in stride(from: 0, to: lines.count, by: 10) {
            let chunk = Array(lines[part..<min(part + 10, lines.count)].joined())
            pipeline.feed(chunk, at: Int64(offset))
            offset += chunk.count
        }
        let piped = pipeline.finish()
        #expect(piped?.bytes == whole.bytes)
        #expect(piped?.header(after: .empty) == whole.header(after: .empty))
        let cancelled = ReplayCachePipeline(continuing: .empty)
        cancelled.feed(Array(lines[0]), at: 0)
        cancelled.cancel()
        #expect(cancelled.finish() == nil)
    }

    @Test func aRejectedBatchLeavesEveryFileAsItWasWhateverTheChunks() throws {
        let directory = try ScratchDirectory()
        var ledger = try F.ledger(in: directory)
        ledger.appendChunkSize = 1
        let half = Self.shipped.count / 2
        _ = try ledger.append(contentsOf: Array(Self.shipped[..<half].joined(separator: [0x0A])) + [0x0A], now: F.now)
        let before = try Self.files(in: directory)
        let bad = Array(Self.shipped[half...]) + [Array(F.line("transfer.delivered", F.polonez + #","quantity":-4"#).utf8)]
        let error = F.failure { try ledger.append(contentsOf: Array(bad.joined(separator: [0x0A])) + [0x0A], now: F.now) }
        guard case .invalidInput(let problems)? = error else {
            Issue.record("expected invalidInput, got \(String(describing: error))")
            return
        }
        #expect(problems.map(\.description) == ["input:\(bad.count): data.quantity: must be a non-negative integer, got -4"])
        #expect(Self.differences(try Self.files(in: directory), before) == [])
    }
}
