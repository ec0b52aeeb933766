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
        var report = AppendReport()
        var problems: [InputProblem] = []
        var contents: [(line: Int, content: EventContent)] = []

        // 1. Each line on its own: JSON and the event's shape.
        var lineNumber = 0
        for line in input.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var bytes = line
            if bytes.last == 0x0D { bytes = bytes.dropLast() }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let parsed: Result<JSONValue, JSONError> = bytes.withUnsafeBytes { buffer in
                do throws(JSONError) { return .success(try JSONParser.parse(buffer)) } catch { return .failure(error) }
            }
            switch parsed {
            case .failure(let error):
                problems.append(InputProblem(line: lineNumber, issue: FieldIssue("", error.description)))
            case .success(let value):
                switch EventDecoder.decodeInput(value, now: now) {
                case .success(let content):
                    contents.append((lineNumber, content))
                    for (field, suggestion) in EventDecoder.misspelledFields(of: content) {
                        report.warnings.append("input:\(lineNumber): data.\(field): unknown field, kept as written; did you mean \"\(suggestion)\"?")
                    }
                case .failure(let issues):
                    problems += issues.issues.map { InputProblem(line: lineNumber, issue: $0) }
                }
            }
        }
        // 2. Against the ledger, under the lock. When some lines are already invalid, the
        // others are still checked against the ledger (under a shared lock), so that one run
        // reports every problem; nothing is written.
        if !problems.isEmpty {
            if let handle = try? LedgerFileHandle.open(path, flags: O_RDONLY), (try? handle.lockShared()) != nil,
               var basis = try? loadBasis(handle, writable: false),
               (try? prepare(contents.map(\.content), in: &basis, handle: handle, writable: false)) != nil {
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
            throw .invalidInput(problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element))
        }
        let handle = try LedgerFileHandle.open(path, flags: dryRun ? O_RDONLY : O_RDWR)
        if dryRun { try handle.lockShared() } else { try handle.lockExclusive() }
        var basis = try loadBasis(handle, writable: !dryRun)
        try prepare(contents.map(\.content), in: &basis, handle: handle, writable: !dryRun)
        let startLength = basis.facts.byteLength
        let (startCount, startHash) = (basis.facts.count, basis.facts.lastHash)
        var lines: [UInt8] = []
        var entries: [IDTable.Entry] = []
        var touched: [String] = []
        var firstStream: (stream: String, count: Int)?
        var batchIDs: [String: SHA256Digest] = [:]
        for (line, original) in contents {
            var content = original
            let hash = content.contentHash
            if let existing = basis.facts.ids[content.id], batchIDs[content.id] == nil {
                if existing.contentHash == hash {
                    report.skipped.append(content.id)
                } else {
                    problems.append(InputProblem(line: line, issue: FieldIssue("id", "\"\(content.id)\" is already in the ledger with different content; a wrong fact is answered by a correction event, never by rewriting")))
                }
                continue
            }
            if let earlier = batchIDs[content.id] {
                if earlier == hash { report.skipped.append(content.id) } else {
                    problems.append(InputProblem(line: line, issue: FieldIssue("id", "\"\(content.id)\" appears earlier in this input with different content")))
                }
                continue
            }
            let issues = basis.facts.check(&content)
            if !issues.isEmpty {
                problems += issues.map { InputProblem(line: line, issue: $0) }
                continue
            }
            // Nothing was applied before the first event written, so this is the stream's count before the batch.
            if firstStream == nil { firstStream = (content.stream, basis.facts.count(ofStream: content.stream)) }
            batchIDs[content.id] = hash
            let encoded = LedgerLine.encode(content, seq: basis.facts.count + 1, prev: basis.facts.lastHash)
            entries.append(IDTable.Entry(hash: indexIDHash(content.id), offset: startLength + Int64(lines.count)))
            touched += basis.facts.entityKeys(of: content)
            lines.append(contentsOf: encoded.bytes)
            basis.facts.apply(content, hash: encoded.hash, lineLength: Int64(encoded.bytes.count), contentHash: hash)
            report.appended.append(content.id)
        }
        if !problems.isEmpty { throw .invalidInput(problems) }
        if let expectVersion, let firstStream, !lines.isEmpty, firstStream.count != expectVersion {
            throw .versionConflict(stream: firstStream.stream, expected: expectVersion, actual: firstStream.count)
        }
        if dryRun || lines.isEmpty {
            withExtendedLifetime(handle) { keepReplayCache(handle, start: startLength, batch: [], count: startCount, lastHash: startHash) }
            return report
        }

        // 3. One write, one fsync; on failure cut back to the old length. Then the side index
        // and the replay cache, which need no fsync of their own (see BootID).
        do {
            try handle.write(lines, at: startLength)
            try handle.sync()
        } catch {
            do {
                try handle.truncate(to: startLength)
                try handle.sync()
            } catch let cut {
                // The batch may be partly on disk and could not be cut away: say so, and how to check.
                throw .io(path: path, operation: "write the batch (\(error.description)) nor cut it back (\(cut.description)); run `armsledger verify` and inspect the end of the ledger", code: EIO)
            }
            throw error
        }
        // The handle holds the lock: keep it alive until the side index is updated.
        withExtendedLifetime(handle) {
            basis.index?.extend(with: entries, touching: touched, facts: basis.facts)
            keepReplayCache(handle, start: startLength, batch: lines, count: basis.facts.count, lastHash: basis.facts.lastHash)
        }
        return report
    }
}
