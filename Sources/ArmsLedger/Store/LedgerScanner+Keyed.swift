/// What a scan with full checks found, without the facts: the chain's end and the first problem.
/// All that `verify` and `repair` need.
struct ScanSummary: Equatable, Sendable {
    /// Complete valid lines before the first problem.
    let count: Int
    /// Their length in bytes, newlines included.
    let byteLength: Int64
    /// The last valid line's hash (zeros for none).
    let lastHash: SHA256Digest
    let problem: LedgerScanner.Problem?

    init(count: Int, byteLength: Int64, lastHash: SHA256Digest, problem: LedgerScanner.Problem?) {
        self.count = count
        self.byteLength = byteLength
        self.lastHash = lastHash
        self.problem = problem
    }

    /// The summary of an exact scan.
    init(_ scanner: LedgerScanner) {
        self.init(count: scanner.facts.count, byteLength: scanner.facts.byteLength, lastHash: scanner.facts.lastHash,
                  problem: scanner.problem)
    }
}

// MARK: - Keyed scan

extension LedgerScanner {
    /// ``scanFile(_:limit:batchSize:body:)`` at `.full` depth for `verify` and `repair`, with the
    /// in-order part cut to the bone: the preparing threads reduce each line to plain values and
    /// hashed string keys (``KeyedChunk``), and the committing thread checks them against exact
    /// keyed tables (``KeyedFacts``) without making a `String`.
    ///
    /// Returns the summary the exact scan would return, or nil when a line fails a check whose
    /// message depends on earlier lines (an unknown reference, a deal's parties, a correction's
    /// stream): the caller then runs the exact scan, which finds and words the same problem.
    /// Every other problem (a line invalid on its own, `seq`, `prev`, the hash, a repeated id,
    /// a torn last line) is reported here, in the exact scan's words.
    ///
    /// `keyMask` narrows the key hashes: the test seam that makes distinct keys collide.
    static func checkFile(_ handle: LedgerFileHandle, limit: Int64, batchSize: Int = Self.keyedBatchSize,
                          keyMask: Int = ~0) throws(LedgerError) -> ScanSummary? {
        let facts = KeyedFacts(expectedIDs: Int(min(limit / 512, 1 << 24)))
        var count = 0
        var byteLength: Int64 = 0
        var lastHash = SHA256Digest.zero
        var problem: Problem?
        var needsExactScan = false
        try forEachBatch(handle, limit: limit, batchSize: batchSize, prepare: { base, range in
            KeyedChunk.prepare(base, range: range, mask: keyMask)
        }, commit: { chunks, base, batchOffset in
            for chunk in chunks {
                guard let chunk else { continue }
                let goOn: Bool = chunk.withView { view in
                    var keysStart = 0
                    for line in chunk.lines {
                        let number = count + 1
                        let offset = batchOffset + Int64(line.start)
                        func fail(_ reason: String) -> Bool {
                            problem = Problem(line: number, reason: reason, torn: false, offset: offset)
                            return false
                        }
                        if number == 1, hasByteOrderMark(base + line.start, line.count) { return fail("byte-order mark at the start of the file") }
                        if line.seq != number { return fail("seq is \(line.seq), expected \(number)") }
                        if line.prev != lastHash { return fail("prev does not match the hash of line \(number - 1) (the chain is broken)") }
                        if !line.hashMatches {
                            let bytes = UnsafeRawBufferPointer(start: base + line.start, count: line.count)
                            let actual = SHA256.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<LedgerLine.splitHash(bytes)!.prefixLength]))
                            return fail("hash does not match the line's bytes (expected \(actual.hex))")
                        }
                        switch facts.commit(line, keysStart: keysStart, in: view) {
                        case .accepted: break
                        case .duplicateID(let id): return fail("id: \"\(id)\" appears twice")
                        case .needsExactScan:
                            needsExactScan = true
                            return false
                        }
                        keysStart = line.keysEnd
                        count = number
                        lastHash = line.statedHash
                        byteLength += Int64(line.count + 1)
                    }
                    if let invalid = chunk.invalid {
                        let number = count + 1
                        let offset = batchOffset + Int64(invalid.start)
                        let reason = number == 1 && hasByteOrderMark(base + invalid.start, invalid.count)
                            ? "byte-order mark at the start of the file" : invalid.reason
                        problem = Problem(line: number, reason: reason, torn: false, offset: offset)
                        return false
                    }
                    return true
                }
                if !goOn { return false }
            }
            return true
        }, torn: { _, offset in
            problem = Problem(line: count + 1, reason: "incomplete last line (no newline at the end)", torn: true, offset: offset)
        })
        if needsExactScan { return nil }
        // The tables of a large ledger take a while to free: free them on another thread.
        let retired = UncheckedSendable(facts)
        DispatchQueue.global().async { withExtendedLifetime(retired) {} }
        return ScanSummary(count: count, byteLength: byteLength, lastHash: lastHash, problem: problem)
    }

    private static func hasByteOrderMark(_ start: UnsafeRawPointer, _ count: Int) -> Bool {
        count >= 3 && start.load(as: UInt8.self) == 0xEF && start.load(fromByteOffset: 1, as: UInt8.self) == 0xBB
            && start.load(fromByteOffset: 2, as: UInt8.self) == 0xBF
    }
}

import Dispatch
