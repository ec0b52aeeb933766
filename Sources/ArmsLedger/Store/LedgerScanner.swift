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
    struct Problem: Sendable, Equatable {
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
        /// Boxed (`indirect`): a decoded event is large, and most lines of a batch are `checked`,
        /// whose results are moved and copied in bulk.
        indirect case decoded(content: EventContent, seq: Int, prev: SHA256Digest, statedHash: SHA256Digest,
                              actualHash: SHA256Digest?, contentHash: SHA256Digest?)
        /// A line that ``LineChecker`` proved valid on its own (at `.full` depth, no content hash).
        case checked(LineChecker.Checked, statedHash: SHA256Digest, actualHash: SHA256Digest)
    }

    /// Prepares one terminated line: its hash suffix, JSON, fields, and (at `.full` depth) the
    /// hash of its prefix; the content hash when `contentHash` (the side-index rebuild needs it).
    ///
    /// With `fast`, at `.full` depth and without content hashes, a line that ``LineChecker``
    /// recognises is checked in place (``Prepared/checked(_:statedHash:actualHash:)``); any
    /// other line, and every invalid one, goes through the full JSON parse and decode.
    static func prepare(_ bytes: UnsafeRawBufferPointer, depth: Depth, contentHash: Bool, fast: Bool = false) -> Prepared {
        if bytes.isEmpty { return .invalid("empty line") }
        guard let (prefixLength, statedHash) = LedgerLine.splitHash(bytes) else {
            return .invalid("line does not end with ,\"hash\":\"<64 lowercase hex>\"}")
        }
        if fast, depth == .full, !contentHash, let checked = LineChecker.check(bytes) {
            let actual = SHA256.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<prefixLength]))
            return .checked(checked, statedHash: statedHash, actualHash: actual)
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
            assertionFailure("checked lines are committed by commit(line:bytes:checked:statedHash:actualHash:offset:)")
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

    /// ``commit(line:bytes:prepared:offset:)`` of a line that ``LineChecker`` checked: the same
    /// checks in the same order, with the same messages, at `.full` depth; returns false after
    /// recording the problem.
    mutating func commit(line number: Int, bytes: UnsafeRawBufferPointer, checked: LineChecker.Checked,
                         statedHash: SHA256Digest, actualHash: SHA256Digest, offset: Int64) -> Bool {
        guard problem == nil else { return false }
        func fail(_ reason: String) -> Bool {
            problem = Problem(line: number, reason: reason, torn: false, offset: offset)
            return false
        }
        if number == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return fail("byte-order mark at the start of the file") }
        if checked.seq != facts.count + 1 { return fail("seq is \(checked.seq), expected \(facts.count + 1)") }
        if checked.prev != facts.lastHash { return fail("prev does not match the hash of line \(number - 1) (the chain is broken)") }
        if actualHash != statedHash { return fail("hash does not match the line's bytes (expected \(actualHash.hex))") }
        if facts.contains(id: checked.id) { return fail("id: \"\(checked.id)\" appears twice") }
        var stream = checked.stream
        let issues = facts.check(checked.payload, stream: &stream)
        if !issues.isEmpty { return fail(issues.map(\.description).joined(separator: "; ")) }
        if stream != checked.stream {
            return fail("stream: must be \"\(stream)\" (the stream of the target), got \"\(checked.stream)\"")
        }
        facts.apply(id: checked.id, type: checked.type, payload: checked.payload, stream: stream, hash: statedHash,
                    lineLength: Int64(bytes.count + 1), contentHash: .zero)
        return true
    }
}

// MARK: - Parallel scan

extension LedgerScanner {
    /// The default batch size of ``scanFile(_:limit:batchSize:body:)``: lines are read, prepared
    /// and committed this many bytes at a time, so memory stays bounded by it, not by the file.
    static let batchSize = 8 << 20

    /// The batch size of the keyed scan (``checkFile(_:limit:batchSize:keyMask:)``): smaller, since
    /// its prepared chunks are compact and the first read and the last commit, which nothing
    /// overlaps, are a batch each.
    static let keyedBatchSize = 2 << 20

    /// Scans the file up to `limit` with the checks of ``scan(line:bytes:terminated:offset:)``
    /// and exactly its outcome (the same first problem, the same facts), but on two threads:
    /// it reads batches of whole lines; while the calling thread commits one batch's lines in
    /// order (``commit(line:bytes:prepared:offset:)``), a worker prepares the next batch's lines
    /// (``prepare(_:depth:contentHash:)``), and the calling thread joins it when done. Calls
    /// `body` with each valid event's id and its line's offset.
    ///
    /// At `.full` depth without content hashes (verify, repair), lines go through the fast
    /// ``LineChecker`` first, falling back to the full decode for anything it does not recognise.
    ///
    /// A line longer than a batch grows the buffer; an unterminated last line is reported torn.
    mutating func scanFile(_ handle: LedgerFileHandle, limit: Int64, batchSize: Int = Self.batchSize,
                           body: (String, Int64) -> Void) throws(LedgerError) {
        if depth == .full, facts.ids.isEmpty {
            // About one id per 512 bytes (lines run 400–700): spares the table most of its regrowth.
            facts.ids.reserveCapacity(Int(min(limit / 512, 1 << 24)))
        }
        let (depth, contentHash) = (depth, contentHashes)
        var lineNumber = 0
        try Self.forEachBatch(handle, limit: limit, batchSize: batchSize, prepare: { base, range in
            Self.prepareLines(base, range: range, depth: depth, contentHash: contentHash)
        }, commit: { results, base, batchOffset in
            for chunk in results {
                commit(chunk!, base: base, at: batchOffset, lineNumber: &lineNumber, body: body)
                if problem != nil { return false }
            }
            return true
        }, torn: { bytes, offset in
            _ = scan(line: lineNumber + 1, bytes: bytes, terminated: false, offset: offset)
        })
    }

    /// The pipeline of ``scanFile(_:limit:batchSize:body:)`` and ``checkFile(_:limit:batchSize:keyMask:)``:
    /// batches of whole lines, each read and cut into chunks by a worker thread, which then
    /// prepares the chunks (`prepare`) while the calling thread commits the previous batch's
    /// chunks in order (`commit`, which returns false to stop) and, when done, joins the
    /// preparing. Reading overlaps committing, so the calling thread never waits on the file
    /// while the worker idles. An unterminated last line goes to `torn` with its offset.
    static func forEachBatch<Result: Sendable>(
        _ handle: LedgerFileHandle, limit: Int64, batchSize: Int,
        prepare: @escaping @Sendable (UnsafeRawPointer, Range<Int>) -> Result,
        commit: (_ chunks: UnsafeMutableBufferPointer<Result?>, _ base: UnsafeRawPointer, _ batchOffset: Int64) -> Bool,
        torn: (UnsafeRawBufferPointer, Int64) -> Void
    ) throws(LedgerError) {
        let chunkSize = max(batchSize / 16, 256)
        let buffers = [BatchBuffer(capacity: max(batchSize, 64)), BatchBuffer(capacity: max(batchSize, 64))]
        var which = 0
        var fileOffset: Int64 = 0
        func job(_ buffer: BatchBuffer, at offset: Int64, retired: PrepareJob<Result>?) -> PrepareJob<Result> {
            PrepareJob(buffer, at: offset, limit: limit, handle: handle, chunkSize: chunkSize, prepare: prepare, retired: retired)
        }
        var currentJob = job(buffers[which], at: 0, retired: nil)
        var committedJob: PrepareJob<Result>?  // the last batch committed: its results are freed by the next worker
        currentJob.start()  // the first batch: read by the worker, prepared on both threads
        var current = try currentJob.finish()
        while true {
            guard case .lines(let count) = current else {
                if case .torn(let count) = current {
                    torn(UnsafeRawBufferPointer(start: buffers[which].base, count: count), fileOffset)
                }
                return
            }
            // Start reading and preparing the next batch, then commit this one.
            let nextOffset = fileOffset + Int64(count)
            which ^= 1
            let nextJob = job(buffers[which], at: nextOffset, retired: committedJob)
            nextJob.start()
            let goOn = commit(UnsafeMutableBufferPointer(start: currentJob.results, count: currentJob.chunks.count),
                              buffers[which ^ 1].base, fileOffset)
            // A read error is thrown whatever the commit found, as when the read came first.
            committedJob = currentJob
            let next = try nextJob.finish()
            guard goOn else { return }
            fileOffset = nextOffset
            current = next
            currentJob = nextJob
        }
    }

    /// What a read found: whole lines (`count` bytes, ending in a newline), only an unterminated
    /// last line, or the end.
    fileprivate enum ReadOutcome {
        case lines(Int)
        case torn(Int)
        case end
    }

    /// Reads as many whole lines from `offset` as fit `buffer` (growing it for a line longer than it).
    fileprivate static func read(_ handle: LedgerFileHandle, into buffer: BatchBuffer, at offset: Int64, limit: Int64) throws(LedgerError) -> ReadOutcome {
        while offset < limit {
            let want = Int(min(Int64(buffer.capacity), limit - offset))
            var got = 0
            while got < want {
                let n = pread(handle.descriptor, buffer.base + got, want - got, off_t(offset + Int64(got)))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw LedgerError.io(path: handle.path, operation: "read", code: errno)
                }
                if n == 0 { break }
                got += n
            }
            if got == 0 { return .end }
            var last = got - 1
            while last >= 0, buffer.base.load(fromByteOffset: last, as: UInt8.self) != 0x0A { last -= 1 }
            if last >= 0 { return .lines(last + 1) }
            if got < want || offset + Int64(got) >= limit { return .torn(got) }
            buffer.grow()  // a line longer than the buffer
        }
        return .end
    }

    /// Commits a prepared batch's lines in order.
    private mutating func commit(_ lines: [PreparedLine], base: UnsafeRawPointer, at batchOffset: Int64, lineNumber: inout Int,
                                 body: (String, Int64) -> Void) {
        for line in lines {
            lineNumber += 1
            let bytes = UnsafeRawBufferPointer(start: base + line.start, count: line.count)
            let offset = batchOffset + Int64(line.start)
            if case .checked(let checked, let statedHash, let actualHash) = line.prepared {
                guard commit(line: lineNumber, bytes: bytes, checked: checked, statedHash: statedHash,
                             actualHash: actualHash, offset: offset)
                else { return }
                body(checked.id, offset)
            } else {
                guard let event = commit(line: lineNumber, bytes: bytes, prepared: line.prepared, offset: offset) else { return }
                body(event.content.id, offset)
            }
        }
    }

    /// One prepared line of a batch: where it lies in the batch, and what it holds.
    struct PreparedLine: Sendable {
        let start: Int
        let count: Int
        let prepared: Prepared
    }

    /// Prepares the lines in `range` of a batch, up to and including the first invalid one
    /// (the lines after it cannot be reported).
    fileprivate static func prepareLines(_ base: UnsafeRawPointer, range: Range<Int>, depth: Depth, contentHash: Bool) -> [PreparedLine] {
        var lines: [PreparedLine] = []
        lines.reserveCapacity(range.count / 400)
        var start = range.lowerBound
        while start < range.upperBound {
            let newline = memchr(base + start, 0x0A, range.upperBound - start)!
            let end = base.distance(to: UnsafeRawPointer(newline))
            let prepared = prepare(UnsafeRawBufferPointer(start: base + start, count: end - start), depth: depth,
                                   contentHash: contentHash, fast: true)
            lines.append(PreparedLine(start: start, count: end - start, prepared: prepared))
            if case .invalid = prepared { break }
            start = end + 1
        }
        return lines
    }
}

/// A batch's read buffer.
private final class BatchBuffer: @unchecked Sendable {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    /// Doubles the capacity (the contents are read again).
    func grow() {
        base.deallocate()
        capacity *= 2
        base = .allocate(byteCount: capacity, alignment: 16)
    }
}

/// Preparing one batch's lines: the batch is cut into chunks on line boundaries, and a worker
/// thread and the calling thread take chunks until none are left. Each chunk's results have their
/// own slot, written by whichever thread took it and read after ``runAndWait(async:)``.
private final class PrepareJob<Result: Sendable>: @unchecked Sendable {
    let buffer: BatchBuffer
    let prepare: @Sendable (UnsafeRawPointer, Range<Int>) -> Result
    /// What the worker's read found, and the error it threw; set before ``readDone`` is signalled.
    private var outcome: LedgerScanner.ReadOutcome = .end
    private var readError: LedgerError?
    /// The batch's chunks and their results: set by the worker before ``readDone`` is signalled.
    private(set) var chunks: [Range<Int>] = []
    private(set) var results: UnsafeMutablePointer<Result?> = .allocate(capacity: 0)
    /// The previous batch's job, whose results the worker frees (off the committing thread).
    private var retired: PrepareJob?
    private let lock = NSLockLike()
    private var nextChunk = 0
    private let readDone = DispatchSemaphore(value: 0)
    private let done = DispatchGroup()
    private let read: () throws(LedgerError) -> LedgerScanner.ReadOutcome
    private let chunkSize: Int

    init(_ buffer: BatchBuffer, at offset: Int64, limit: Int64, handle: LedgerFileHandle, chunkSize: Int,
         prepare: @escaping @Sendable (UnsafeRawPointer, Range<Int>) -> Result, retired: PrepareJob?) {
        self.buffer = buffer
        self.prepare = prepare
        self.retired = retired
        self.chunkSize = chunkSize
        read = { () throws(LedgerError) in try LedgerScanner.read(handle, into: buffer, at: offset, limit: limit) }
    }

    deinit {
        results.deinitialize(count: chunks.count)
        results.deallocate()
    }

    /// Starts the worker thread: it reads the batch, cuts it into chunks on line boundaries,
    /// then takes chunks.
    func start() {
        done.enter()
        DispatchQueue.global().async {
            self.retired?.releaseResults()
            self.retired = nil
            do throws(LedgerError) {
                self.outcome = try self.read()
                if case .lines(let count) = self.outcome { self.cut(count) }
            } catch {
                self.readError = error
            }
            self.readDone.signal()
            self.work()
            self.done.leave()
        }
    }

    /// Waits for the read, takes chunks on the calling thread until none are left, waits for the
    /// worker, and returns what the read found.
    func finish() throws(LedgerError) -> LedgerScanner.ReadOutcome {
        readDone.wait()
        work()
        done.wait()
        if let readError { throw readError }
        return outcome
    }

    private func cut(_ count: Int) {
        var chunks: [Range<Int>] = []
        var start = 0
        while start < count {
            var end = min(start + chunkSize, count)
            if end < count {
                // Extend to the end of the line that the cut falls in.
                end = buffer.base.distance(to: memchr(buffer.base + end - 1, 0x0A, count - end + 1)!) + 1
            }
            chunks.append(start..<end)
            start = end
        }
        results.deallocate()
        results = .allocate(capacity: chunks.count)
        results.initialize(repeating: nil, count: chunks.count)
        self.chunks = chunks
    }

    private func work() {
        while true {
            let chunk: Int = lock.withLock {
                defer { nextChunk += 1 }
                return nextChunk
            }
            guard chunk < chunks.count else { return }
            results[chunk] = prepare(buffer.base, chunks[chunk])
        }
    }

    /// Frees the prepared lines once they are committed.
    func releaseResults() {
        for chunk in 0..<chunks.count { results[chunk] = nil }
    }
}
