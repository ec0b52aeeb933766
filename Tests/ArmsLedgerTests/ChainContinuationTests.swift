import Testing
@testable import ArmsLedger

private typealias F = CoreFixture

/// A batch whose lines already continue the ledger's chain as they stand is written from its
/// input (``ChainContinuation``); any line that would be written differently sends the batch to
/// the ordinary path.
@Suite("Chain continuation")
struct ChainContinuationTests {
    /// A ledger whose every line is one the line checker takes (as a continuation's lines must
    /// be): the shipped ledger's lines it takes, appended one at a time to an empty ledger (a line
    /// that refers to one left out is left out too).
    static let chain: [[UInt8]] = {
        let directory = try! ScratchDirectory()
        let ledger = try! F.ledger(in: directory)
        for line in LineCheckerTests.shipped where line.withUnsafeBytes({ LineChecker.check($0) }) != nil {
            _ = try? ledger.append(contentsOf: line + [0x0A], now: F.now)
        }
        return try! F.bytes(directory.path("ledger.jsonl")).split(separator: 0x0A).map(Array.init)
    }()

    /// Part counts from one part to one line a part.
    static let parallelAbove = [1, 2, 10_000]

    /// `lines` joined as an input, each ending in `\n`.
    static func input(_ lines: [[UInt8]]) -> [UInt8] {
        Array(lines.joined(separator: [0x0A])) + [0x0A]
    }

    /// The line's stated hash.
    static func hash(of line: [UInt8]) -> SHA256Digest {
        line.withUnsafeBytes { LedgerLine.splitHash($0)!.hash }
    }

    /// The continuation `input` forms after `count` lines ending in `lastHash`, verified with
    /// parts of `parallelAbove` lines: its bytes and the hash it ends in, or nil.
    static func continuation(_ input: [UInt8], count: Int, lastHash: SHA256Digest,
                             parallelAbove: Int) -> (bytes: Range<Int>, lastHash: SHA256Digest)? {
        input.withUnsafeBytes { raw in
            let batch = AppendBatch.check(raw, now: F.now)
            #expect(batch.problems.isEmpty)
            guard let candidate = ChainContinuation(batch.events, input: raw, count: count, lastHash: lastHash),
                  let lines = candidate.verified(batch.events, input: raw, idHash: .standard, at: 1000, parallelAbove: parallelAbove)
            else { return nil }
            // Each line's side-index entry and id, in order, at its place in the ledger.
            let expected = batch.events.map { event -> (IDTable.Entry, String) in
                guard case .ledgerLine(let line) = event.event else { preconditionFailure("a continuation holds ledger lines only") }
                let offset = 1000 + Int64(line.range.lowerBound - candidate.bytes.lowerBound)
                return (IDTable.Entry(hash: IDHash.standard(line.checked.id), offset: offset), line.checked.id)
            }
            #expect(lines.entries == expected.map(\.0))
            #expect(lines.ids == expected.map(\.1))
            return (candidate.bytes, lines.lastHash)
        }
    }

    @Test func theChainIsMostOfTheShippedLedger() {
        #expect(Self.chain.count > 60)
    }

    @Test(arguments: parallelAbove)
    func aWholeLedgerContinuesAnEmptyChain(parallelAbove: Int) {
        let input = Self.input(Self.chain)
        let found = Self.continuation(input, count: 0, lastHash: .zero, parallelAbove: parallelAbove)
        #expect(found?.bytes == 0..<input.count)
        #expect(found?.lastHash == Self.hash(of: Self.chain[Self.chain.count - 1]))
    }

    @Test(arguments: parallelAbove)
    func theSecondHalfContinuesTheFirstAndNothingElse(parallelAbove: Int) {
        let half = Self.chain.count / 2
        let input = Self.input(Array(Self.chain[half...]))
        let before = Self.hash(of: Self.chain[half - 1])
        #expect(Self.continuation(input, count: half, lastHash: before, parallelAbove: parallelAbove) != nil)
        #expect(Self.continuation(input, count: half + 1, lastHash: before, parallelAbove: parallelAbove) == nil)
        #expect(Self.continuation(input, count: half, lastHash: .zero, parallelAbove: parallelAbove) == nil)
    }

    @Test(arguments: parallelAbove)
    func aLineWhoseStatedHashIsWrongIsNotWrittenAsItStands(parallelAbove: Int) {
        var lines = Self.chain
        lines[40] = Self.wrongHash(lines[40])
        #expect(Self.continuation(Self.input(lines), count: 0, lastHash: .zero, parallelAbove: parallelAbove) == nil)
    }

    @Test(arguments: parallelAbove)
    func blankLinesOrCarriageReturnsBetweenLinesAreNotAContinuation(parallelAbove: Int) {
        var blank = Self.chain
        blank.insert([], at: 30)
        #expect(Self.continuation(Self.input(blank), count: 0, lastHash: .zero, parallelAbove: parallelAbove) == nil)
        let crlf = Self.chain.map { $0 + [0x0D] }
        #expect(Self.continuation(Self.input(crlf), count: 0, lastHash: .zero, parallelAbove: parallelAbove) == nil)
    }

    @Test(arguments: parallelAbove)
    func aLineMovedOutOfOrderIsNotAContinuation(parallelAbove: Int) {
        var lines = Self.chain
        lines.swapAt(20, 21)
        #expect(Self.continuation(Self.input(lines), count: 0, lastHash: .zero, parallelAbove: parallelAbove) == nil)
    }

    @Test func chunksAreBorrowedWholeLinesThatCoverTheBatch() throws {
        let input = Self.input(Self.chain)
        for chunkSize in [1, 700, 8_192, BatchBytes.defaultChunkSize] {
            input.withUnsafeBytes { raw in
                let batch = AppendBatch.check(raw, now: F.now)
                guard let candidate = ChainContinuation(batch.events, input: raw, count: 0, lastHash: .zero) else {
                    Issue.record("the shipped ledger continues an empty chain")
                    return
                }
                var lines = BatchBytes(chunkSize: chunkSize)
                let chunks = candidate.borrow(into: &lines, from: raw)
                var joined: [UInt8] = []
                for chunk in chunks {
                    #expect(chunk.offset == joined.count)
                    chunk.withUnsafeBytes { bytes in
                        #expect(bytes.last == 0x0A)
                        joined += bytes
                    }
                }
                #expect(joined == input)
                #expect(lines.count == input.count)
                #expect(chunkSize > 1 || chunks.count == Self.chain.count)
            }
        }
    }

    /// `line` with the last digit of its stated hash changed (still lowercase hex, so the line
    /// keeps the ledger's layout).
    static func wrongHash(_ line: [UInt8]) -> [UInt8] {
        var line = line
        let last = line.count - 3
        line[last] = line[last] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        return line
    }
}
