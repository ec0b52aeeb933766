import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// What an append did.
public struct AppendReport: Sendable, Equatable {
    /// Ids of the events written, in order.
    public var appended: [String] = []
    /// Ids of events already in the ledger with the same content (idempotent retries).
    public var skipped: [String] = []
    /// Non-fatal remarks, e.g. a `data` field that looks misspelled: `input:3: data.quantitiy: …`.
    public var warnings: [String] = []

    /// An empty report: nothing appended, nothing skipped.
    public init(appended: [String] = [], skipped: [String] = [], warnings: [String] = []) {
        self.appended = appended
        self.skipped = skipped
        self.warnings = warnings
    }
}

extension Ledger {
    /// Validates a batch of JSON lines and appends it, all or nothing (SPEC section 6).
    ///
    /// - Parameters:
    ///   - input: the batch, one JSON object per line (blank lines are ignored).
    ///   - expectVersion: when given, the batch is written only if the stream of its first event
    ///     holds exactly this many events (checked only when something is to be written, so an
    ///     idempotent retry of a batch that landed still succeeds).
    ///   - dryRun: validate only; write nothing.
    ///   - now: the `recorded` time for events that do not give one.
    /// - Returns: the ids appended and skipped.
    /// - Throws: ``LedgerError/invalidInput(_:)`` with every problem, ``LedgerError/versionConflict(stream:expected:actual:)``,
    ///   ``LedgerError/tornTail(path:line:)`` or an I/O error. On any error the ledger is unchanged.
    public func append(contentsOf input: [UInt8], expectVersion: Int? = nil, dryRun: Bool = false,
                       now: Timestamp = .now()) throws(LedgerError) -> AppendReport {
        let outcome: Result<AppendReport, LedgerError> = input.withUnsafeBytes { raw in
            do throws(LedgerError) { return .success(try append(raw, expectVersion: expectVersion, dryRun: dryRun, now: now)) } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    private func append(_ input: UnsafeRawBufferPointer, expectVersion: Int?, dryRun: Bool,
                        now: Timestamp) throws(LedgerError) -> AppendReport {
        var report = AppendReport()
        // 1. Each line on its own: JSON and the event's shape.
        let batch = AppendBatch.check(input, now: now)
        var problems = batch.problems
        let inputs = batch.events
        for (line, event) in inputs {
            guard case .decoded(let content) = event else { continue }
            for (field, suggestion) in EventDecoder.misspelledFields(of: content) {
                report.warnings.append("input:\(line): data.\(field): unknown field, kept as written; did you mean \"\(suggestion)\"?")
            }
        }
        // 2. Against the ledger, under the lock. When some lines are already invalid, the
        // others are still checked against the ledger (under a shared lock), so that one run
        // reports every problem; nothing is written.
        if !problems.isEmpty {
            throw .invalidInput(problemsAgainstLedger(inputs, input: input, now: now, adding: problems))
        }
        let handle = try LedgerFileHandle.open(path, flags: dryRun ? O_RDONLY : O_RDWR)
        if dryRun { try handle.lockShared() } else { try handle.lockExclusive() }
        var basis = try loadBasis(handle, writable: !dryRun)
        try prepare(inputs.lazy.map(\.event), in: &basis, handle: handle, writable: !dryRun)
        let startLength = basis.facts.byteLength
        let (startCount, startHash) = (basis.facts.count, basis.facts.lastHash)
        var lines = BatchBytes(chunkSize: appendChunkSize, expected: input.count + inputs.count * 64)
        // The replay cache's entries for the batch are encoded on another thread as its
        // chunks are built (used only once the batch is written).
        let cacheBase = dryRun ? nil : replayCacheBase(handle, start: startLength)
        var pipeline = cacheBase.map(ReplayCachePipeline.init(continuing:))
        var entries: [IDTable.Entry] = []
        var touched: [String] = []
        var firstStream: (stream: String, count: Int)?
        // The common batch: checked in order on keys, then written without the exact pass;
        // its entity facts are recorded on another thread while it is built and written.
        let mayBeClean = appendKeyed && batch.keys.reduce(0, { $0 + $1.lines.count }) == inputs.count
        // Recording starts before the keyed check decides, on a core that is otherwise idle
        // meanwhile; a batch that is not clean drops it (it has no effect but its time).
        var entityFacts = mayBeClean && !dryRun
            ? EntityRecording(inputs, facts: basis.facts, bucketCount: basis.index?.header.bucketCount) : nil
        // The chunks of `lines` already in the ledger.
        var writtenChunks = 0
        // Writes a chunk where it goes and starts its writeback.
        func write(_ chunk: BatchBytes.Chunk) throws(LedgerError) {
            try chunk.withUnsafeBytes { (bytes) throws(LedgerError) in try handle.write(bytes, at: startLength + Int64(chunk.offset)) }
            handle.startWriteback(at: startLength + Int64(chunk.offset), count: chunk.count)
        }
        // A batch that may continue the chain as it stands is handed to the cache's encoder at
        // once, from the input, while the keyed check and the line check of the continuation
        // run; should it turn out not to be one, the encoding is dropped and starts again.
        let continuation = mayBeClean ? ChainContinuation(inputs, input: input, count: startCount, lastHash: startHash) : nil
        if let continuation {
            for chunk in continuation.borrow(into: &lines, from: input) { pipeline?.feed(chunk, at: startLength + Int64(chunk.offset)) }
        }
        let clean = mayBeClean && AppendKeyedCheck.isClean(batch.keys, facts: basis.facts, events: inputs.count)
        if !clean { entityFacts = nil }
        let continued = clean ? continuation?.verified(inputs, input: input, idHash: indexIDHash, at: startLength) : nil
        if continuation != nil, continued == nil {
            pipeline?.cancel()
            pipeline = cacheBase.map(ReplayCachePipeline.init(continuing:))
            lines = BatchBytes(chunkSize: appendChunkSize, expected: input.count + inputs.count * 64)
        }
        if clean {
            // Its outcome is decided: only the expected version can still refuse it, and it
            // does so before anything is written.
            if let first = inputs.first {
                firstStream = (first.event.stream, basis.facts.count(ofStream: first.event.stream))
            }
            if let expectVersion, let firstStream, firstStream.count != expectVersion {
                pipeline?.cancel()
                throw .versionConflict(stream: firstStream.stream, expected: expectVersion, actual: firstStream.count)
            }
            var chain = (count: startCount, lastHash: startHash, byteLength: startLength)
            // Each chunk is written as soon as it is built (on failure the ledger is cut back).
            let sealed = { (chunk: BatchBytes.Chunk) throws(LedgerError) in
                guard !dryRun else { return }
                try write(chunk)
                writtenChunks += 1
            }
            do throws(LedgerError) {
                if let continued {
                    try writeContinuation(continued, lines, entries: &entries, chain: &chain, appended: &report.appended, sealed: sealed)
                } else {
                    try writeClean(inputs, input: input, into: &lines, entries: &entries, chain: &chain, appended: &report.appended,
                                   pipeline: pipeline, sealed: sealed)
                }
            } catch {
                pipeline?.cancel()
                try cutBack(handle, to: startLength, after: error)
            }
            (basis.facts.count, basis.facts.lastHash, basis.facts.byteLength) = chain
        }
        // The batch's ids, each with the index in `inputs` of the event written for it; content
        // hashes are computed only when an id comes again.
        var batchIDs: [String: Int] = [:]
        if !clean {
            batchIDs.reserveCapacity(inputs.count)
            basis.facts.reserveCapacity(ids: inputs.count)
        }
        for (index, (line, event)) in (clean ? AppendEvents() : inputs).enumerated() {
            let id = event.id
            // The content hash that decides whether a taken id is a retry; nil after recording
            // why it could not be computed.
            func contentHash(_ candidate: AppendInput) -> SHA256Digest? {
                switch candidate.contentHash(in: input, now: now) {
                case .success(let hash): return hash
                case .failure(let issues):
                    problems += issues.issues.map { InputProblem(line: line, issue: $0) }
                    return nil
                }
            }
            if let earlier = batchIDs[id] {
                if let hash = contentHash(event), let earlierHash = contentHash(inputs[earlier].event) {
                    if hash == earlierHash { report.skipped.append(id) } else {
                        problems.append(InputProblem(line: line, issue: FieldIssue("id", "\"\(id)\" appears earlier in this input with different content")))
                    }
                }
                continue
            }
            if let existing = basis.facts.ids[id] {
                if let hash = contentHash(event) {
                    if hash == existing.contentHash { report.skipped.append(id) } else {
                        problems.append(InputProblem(line: line, issue: FieldIssue("id", "\"\(id)\" is already in the ledger with different content; a wrong fact is answered by a correction event, never by rewriting")))
                    }
                }
                continue
            }
            var stream = event.stream
            let issues = basis.facts.check(event.payload, stream: &stream)
            if !issues.isEmpty {
                problems += issues.map { InputProblem(line: line, issue: $0) }
                continue
            }
            // Nothing was applied before the first event written, so this is the stream's count before the batch.
            if firstStream == nil { firstStream = (stream, basis.facts.count(ofStream: stream)) }
            let lineStart = lines.count
            let written = event.write(into: &lines.current, seq: basis.facts.count + 1, prev: basis.facts.lastHash, stream: stream,
                                      input: input, now: now)
            guard case .success(let hash) = written else {
                if case .failure(let issues) = written { problems += issues.issues.map { InputProblem(line: line, issue: $0) } }
                continue
            }
            batchIDs[id] = index
            entries.append(IDTable.Entry(hash: indexIDHash(id), offset: startLength + Int64(lineStart)))
            touched += basis.facts.entityKeys(payload: event.payload, stream: stream)
            // The content hash recorded for the batch's own ids is never read: a repeat is
            // compared through `batchIDs` above.
            basis.facts.apply(id: id, type: event.type, payload: event.payload, stream: stream, hash: hash,
                              lineLength: Int64(lines.count - lineStart), contentHash: .zero)
            report.appended.append(id)
            if let chunk = lines.endLine() { pipeline?.feed(chunk, at: startLength + Int64(chunk.offset)) }
        }
        if let chunk = lines.finish() { pipeline?.feed(chunk, at: startLength + Int64(chunk.offset)) }
        if !problems.isEmpty {
            pipeline?.cancel()
            throw .invalidInput(problems)
        }
        if let expectVersion, let firstStream, !lines.isEmpty, firstStream.count != expectVersion {
            pipeline?.cancel()
            throw .versionConflict(stream: firstStream.stream, expected: expectVersion, actual: firstStream.count)
        }
        if dryRun || lines.isEmpty {
            withExtendedLifetime(handle) { keepReplayCache(handle, start: startLength, batch: BatchBytes(), count: startCount, lastHash: startHash) }
            return report
        }

        // 3. The batch's chunks written in order, one fsync; on failure cut back to the old
        // length. The replay cache and the side index are brought up to the batch on other
        // threads while the fsync runs: the cache from the entries the pipeline encoded while
        // the batch was built, the index once a clean batch's entity facts are recorded. Both
        // describe bytes already in the file and are removed again if those are cut back (see
        // BootID for why the caches need no fsync of their own).
        do throws(LedgerError) {
            for chunk in lines.chunks[writtenChunks...] { try write(chunk) }
        } catch {
            pipeline?.cancel()
            try cutBack(handle, to: startLength, after: error)
        }
        let caches = DispatchGroup()
        let written = lines, count = basis.facts.count, lastHash = basis.facts.lastHash, cachePipeline = pipeline
        DispatchQueue.global().async(group: caches) {
            keepReplayCache(handle, start: startLength, batch: written, count: count, lastHash: lastHash, pipeline: cachePipeline)
        }
        let update = UncheckedSendable((basis.index, entries, touched, basis.facts, entityFacts))
        DispatchQueue.global().async(group: caches) {
            let (index, entries, touched, facts, entityFacts) = update.value
            if let entityFacts {
                let recording = entityFacts.wait()
                var recorded = recording.facts
                (recorded.count, recorded.lastHash, recorded.byteLength) = (count, lastHash, startLength + Int64(written.count))
                index?.extend(with: entries, touchingBuckets: recording.buckets, facts: recorded)
            } else {
                index?.extend(with: entries, touching: touched, facts: facts)
            }
        }
        do throws(LedgerError) { try handle.sync() } catch {
            caches.wait()
            ReplayCache(ledgerPath: path).remove()
            SideIndex(ledgerPath: path, idHash: indexIDHash).remove()
            try cutBack(handle, to: startLength, after: error)
        }
        // The handle holds the lock: keep it alive until both caches are updated.
        withExtendedLifetime(handle) { caches.wait() }
        // A large batch's checked events, facts, keys and bytes are released on another
        // thread: the caller (and the command, which exits next) need not wait for it.
        // They are moved into a box that thread empties, so that the last release is its own.
        let leftovers = SendableBox<[(AppendEvents, AppendBatch, AppendBasis, BatchBytes, [IDTable.Entry])?]>(
            [(consume inputs, consume batch, consume basis, consume lines, consume entries)])
        DispatchQueue.global().async { _ = leftovers.take(0) }
        return report
    }

    /// Cuts the ledger back to `length` after the batch could not be written or made durable,
    /// and throws `error`; or, when even that fails, an error that says how to check the ledger.
    private func cutBack(_ handle: LedgerFileHandle, to length: Int64, after error: LedgerError) throws(LedgerError) -> Never {
        do {
            try handle.truncate(to: length)
            try handle.sync()
        } catch let cut {
            // The batch may be partly on disk and could not be cut away: say so, and how to check.
            throw .io(path: path, operation: "write the batch (\(error.description)) nor cut it back (\(cut.description)); run `armsledger verify` and inspect the end of the ledger", code: EIO)
        }
        throw error
    }

    /// Every problem of a batch in which some lines are invalid on their own (`problems`): the
    /// valid lines are still checked against the ledger under a shared lock, when it can be read,
    /// so that one run reports everything. Sorted by input line.
    private func problemsAgainstLedger(_ inputs: AppendEvents, input: UnsafeRawBufferPointer,
                                       now: Timestamp, adding problems: [InputProblem]) -> [InputProblem] {
        var problems = problems
        var contents: [(line: Int, content: EventContent)] = []
        for (line, event) in inputs {
            switch event.content(in: input, now: now) {
            case .success(let content): contents.append((line, content))
            case .failure(let issues): problems += issues.issues.map { InputProblem(line: line, issue: $0) }
            }
        }
        if let handle = try? LedgerFileHandle.open(path, flags: O_RDONLY), (try? handle.lockShared()) != nil,
           var basis = try? loadBasis(handle, writable: false),
           (try? prepare(contents.map { .decoded($0.content) }, in: &basis, handle: handle, writable: false)) != nil {
            for (line, original) in contents {
                var content = original
                if let existing = basis.facts.ids[content.id] {
                    if existing.contentHash != content.contentHash {
                        problems.append(InputProblem(line: line, issue: FieldIssue("id", "\"\(content.id)\" is already in the ledger with different content")))
                    }
                    continue
                }
                let issues = basis.facts.check(&content)
                problems += issues.map { InputProblem(line: line, issue: $0) }
                if issues.isEmpty { basis.facts.apply(content, hash: .zero, lineLength: 0) }
            }
        }
        return problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }
}
