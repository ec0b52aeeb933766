import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Reads a ledger line by line and checks each one the way SPEC section 1 demands: JSON, fields
/// in order, the event's own validity, its references against what came before, `seq`, `prev`
/// and the hash of the line's bytes.
///
/// It stops at the first problem and remembers where the valid part of the file ends, which is
/// what `verify`, `repair`, and the side-index rebuild need.
struct LedgerScanner {
    /// How thoroughly to check each line.
    enum Depth {
        /// Everything, hashes included (verify, repair, index rebuild).
        case full
        /// Parse and decode, check `seq` and the `prev` links, but do not recompute hashes or
        /// check references (replay: `verify` is the full check).
        case links
    }

    /// The first problem found.
    struct Problem: Sendable {
        let line: Int
        let reason: String
        /// True when the problem is an unterminated last line.
        let torn: Bool
        /// The byte offset where the problem line starts.
        let offset: Int64
    }

    let displayPath: String
    let depth: Depth
    /// Whether ``facts`` records each id's content hash (the side-index rebuild needs them for
    /// appends; verify and repair do not, and leave them zero).
    let contentHashes: Bool
    private(set) var facts = LedgerFacts()
    private(set) var problem: Problem?

    init(displayPath: String, depth: Depth, contentHashes: Bool = false) {
        self.displayPath = displayPath
        self.depth = depth
        self.contentHashes = contentHashes
    }

    /// Checks one line; returns the decoded event, or nil after recording the problem.
    mutating func scan(line number: Int, bytes: UnsafeRawBufferPointer, terminated: Bool, offset: Int64) -> Event? {
        guard problem == nil else { return nil }
        if !terminated {
            problem = Problem(line: number, reason: "incomplete last line (no newline at the end)", torn: true, offset: offset)
            return nil
        }
        let prepared = Self.prepare(bytes, depth: depth, contentHash: contentHashes)
        return commit(line: number, bytes: bytes, prepared: prepared, offset: offset)
    }

    /// What checking a line finds from its own bytes alone: the first problem, or the decoded
    /// event with its stated and actual hashes. Needs nothing from earlier lines, so lines can be
    /// prepared in any order and on any thread; ``commit(line:bytes:prepared:offset:)`` then runs
    /// the checks that do, in order.
    enum Prepared: Sendable {
        case invalid(String)
        case decoded(content: EventContent, seq: Int, prev: SHA256Digest, statedHash: SHA256Digest,
                     actualHash: SHA256Digest?, contentHash: SHA256Digest?)
    }

    /// Prepares one terminated line: its hash suffix, JSON, fields, and (at `.full` depth) the
    /// hash of its prefix; the content hash when `contentHash` (the side-index rebuild needs it).
    static func prepare(_ bytes: UnsafeRawBufferPointer, depth: Depth, contentHash: Bool) -> Prepared {
        if bytes.isEmpty { return .invalid("empty line") }
        guard let (prefixLength, statedHash) = LedgerLine.splitHash(bytes) else {
            return .invalid("line does not end with ,\"hash\":\"<64 lowercase hex>\"}")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { return .invalid(error.description) }
        let decoded: EventDecoder.Decoded
        switch EventDecoder.decodeLine(value) {
        case .success(let d): decoded = d
        case .failure(let issues): return .invalid(issues.issues.map(\.description).joined(separator: "; "))
        }
        let actual = depth == .full ? SHA256.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<prefixLength])) : nil
        return .decoded(content: decoded.content, seq: decoded.seq!, prev: decoded.prev!, statedHash: statedHash,
                        actualHash: actual, contentHash: contentHash ? decoded.content.contentHash : nil)
    }

    /// Runs the checks of one prepared, terminated line that depend on the lines before it
    /// (`seq`, `prev`, the hash, then ids and references), in the order ``scan(line:bytes:terminated:offset:)``
    /// always has; returns the event, or nil after recording the problem.
    mutating func commit(line number: Int, bytes: UnsafeRawBufferPointer, prepared: Prepared, offset: Int64) -> Event? {
        guard problem == nil else { return nil }
        func fail(_ reason: String) -> Event? {
            problem = Problem(line: number, reason: reason, torn: false, offset: offset)
            return nil
        }
        if number == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return fail("byte-order mark at the start of the file") }
        guard case .decoded(var content, let seq, let prev, let statedHash, let actual, let contentHash) = prepared else {
            if case .invalid(let reason) = prepared { return fail(reason) }
            return nil
        }
        if seq != facts.count + 1 { return fail("seq is \(seq), expected \(facts.count + 1)") }
        if prev != facts.lastHash { return fail("prev does not match the hash of line \(number - 1) (the chain is broken)") }
        if depth == .full, let actual, actual != statedHash {
            return fail("hash does not match the line's bytes (expected \(actual.hex))")
        }
        if depth == .links {
            // Replay trusts what verify checks: no reference checks, no content hashes.
            facts.count += 1
            facts.lastHash = statedHash
            facts.byteLength += Int64(bytes.count + 1)
            return Event(seq: seq, content: content, prev: prev, hash: statedHash)
        }
        let storedStream = content.stream
        if facts.contains(id: content.id) { return fail("id: \"\(content.id)\" appears twice") }
        let issues = facts.check(&content)
        if !issues.isEmpty { return fail(issues.map(\.description).joined(separator: "; ")) }
        if content.stream != storedStream {
            return fail("stream: must be \"\(content.stream)\" (the stream of the target), got \"\(storedStream)\"")
        }
        // Verify and repair never look at content hashes; only the side-index rebuild keeps them.
        facts.apply(content, hash: statedHash, lineLength: Int64(bytes.count + 1), contentHash: contentHash ?? .zero)
        return Event(seq: seq, content: content, prev: prev, hash: statedHash)
    }
}

// MARK: - Parallel scan

extension LedgerScanner {
    /// The default batch size of ``scanFile(_:limit:batchSize:body:)``: lines are read, prepared
    /// and committed this many bytes at a time, so memory stays bounded by it, not by the file.
    static let batchSize = 16 << 20

    /// Scans the file up to `limit` with the checks of ``scan(line:bytes:terminated:offset:)``
    /// and exactly its outcome (the same first problem, the same facts), but faster: it reads
    /// batches of whole lines, prepares the two halves of each batch on two threads, then commits
    /// the batch's lines in order. Calls `body` with each valid event and its line's offset.
    ///
    /// Lines longer than a batch grow the buffer; an unterminated last line is reported torn.
    mutating func scanFile(_ handle: LedgerFileHandle, limit: Int64, batchSize: Int = Self.batchSize,
                           body: (Event, Int64) -> Void) throws(LedgerError) {
        var capacity = max(batchSize, 64)
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var fileOffset: Int64 = 0
        var lineNumber = 0
        var retired: PreparedBatch?
        while fileOffset < limit, problem == nil {
            let want = Int(min(Int64(capacity), limit - fileOffset))
            var got = 0
            while got < want {
                let n = pread(handle.descriptor, buffer.baseAddress! + got, want - got, off_t(fileOffset + Int64(got)))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw LedgerError.io(path: handle.path, operation: "read", code: errno)
                }
                if n == 0 { break }
                got += n
            }
            if got == 0 { break }
            let atEnd = got < want || fileOffset + Int64(got) >= limit
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<got])
            var last = got - 1
            while last >= 0, bytes[last] != 0x0A { last -= 1 }
            guard last >= 0 else {
                if atEnd {
                    // Only an unterminated last line is left.
                    _ = scan(line: lineNumber + 1, bytes: bytes, terminated: false, offset: fileOffset)
                    return
                }
                // A line longer than the buffer: grow it and read again.
                capacity *= 2
                buffer.deallocate()
                buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
                continue
            }
            let used = last + 1
            retired = commitBatch(UnsafeRawBufferPointer(rebasing: bytes[0..<used]), at: fileOffset,
                                  splitAbove: min(64 << 10, batchSize / 4), retired: retired, lineNumber: &lineNumber, body: body)
            fileOffset += Int64(used)
        }
    }

    /// Prepares the lines of `batch` (whole lines, each ending in `\n`) in two halves at once
    /// (when it holds at least `splitAbove` bytes), then commits them in order. Returns the
    /// prepared lines, for the next batch's threads to free (`retired`) while they work, so that
    /// releasing the decoded events does not hold up the sequential part.
    private mutating func commitBatch(_ batch: UnsafeRawBufferPointer, at batchOffset: Int64, splitAbove: Int,
                                      retired: PreparedBatch?, lineNumber: inout Int,
                                      body: (Event, Int64) -> Void) -> PreparedBatch {
        let base = batch.baseAddress!
        var cut = batch.count
        if batch.count >= splitAbove {
            // Cut after the first newline at or past the middle (the batch's last byte is one).
            let middle = batch.count / 2
            let newline = memchr(base + middle, 0x0A, batch.count - middle)!
            cut = base.distance(to: UnsafeRawPointer(newline)) + 1
        }
        let ranges = cut < batch.count ? [0..<cut, cut..<batch.count] : [0..<batch.count]
        let shared = SharedBytes(base: base)
        let depth = self.depth, contentHashes = self.contentHashes
        let parts = PreparedBatch(Array(repeating: [], count: ranges.count))
        let retiredParts = retired?.value.count ?? 0
        let work = { @Sendable (part: Int) in
            if part < retiredParts { retired?.set(part, []) }
            if part == ranges.count - 1 { for extra in ranges.count..<max(retiredParts, ranges.count) { retired?.set(extra, []) } }
            let lines = Self.prepareLines(shared.base, range: ranges[part], depth: depth, contentHash: contentHashes)
            parts.set(part, lines)
        }
        if ranges.count == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: ranges.count, execute: work) }
        for part in parts.value {
            for line in part {
                lineNumber += 1
                let bytes = UnsafeRawBufferPointer(start: base + line.start, count: line.count)
                let offset = batchOffset + Int64(line.start)
                guard let event = commit(line: lineNumber, bytes: bytes, prepared: line.prepared, offset: offset) else { return parts }
                body(event, offset)
            }
        }
        return parts
    }

    typealias PreparedBatch = SendableBox<[[PreparedLine]]>

    /// One prepared line of a batch: where it lies in the batch, and what it holds.
    struct PreparedLine: Sendable {
        let start: Int
        let count: Int
        let prepared: Prepared
    }

    /// Prepares the lines in `range` of a batch, up to and including the first invalid one
    /// (the lines after it cannot be reported).
    private static func prepareLines(_ base: UnsafeRawPointer, range: Range<Int>, depth: Depth, contentHash: Bool) -> [PreparedLine] {
        var lines: [PreparedLine] = []
        lines.reserveCapacity(range.count / 400)
        var start = range.lowerBound
        while start < range.upperBound {
            let newline = memchr(base + start, 0x0A, range.upperBound - start)!
            let end = base.distance(to: UnsafeRawPointer(newline))
            let prepared = prepare(UnsafeRawBufferPointer(start: base + start, count: end - start), depth: depth, contentHash: contentHash)
            lines.append(PreparedLine(start: start, count: end - start, prepared: prepared))
            if case .invalid = prepared { break }
            start = end + 1
        }
        return lines
    }
}

/// A batch's bytes, read by the threads that prepare its halves while the batch is alive.
private struct SharedBytes: @unchecked Sendable {
    let base: UnsafeRawPointer
}
