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
        // others are still checked against the ledger (without the lock), so that one run
        // reports every problem; nothing is written.
        if !problems.isEmpty {
            if let handle = try? LedgerFileHandle.open(path, flags: O_RDONLY), var facts = try? loadFacts(handle) {
                for (line, original) in contents {
                    var content = original
                    if let existing = facts.ids[content.id] {
                        if existing.contentHash != content.contentHash {
                            problems.append(InputProblem(line: line, issue: FieldIssue("id", "\"\(content.id)\" is already in the ledger with different content")))
                        }
                        continue
                    }
                    let issues = facts.check(&content)
                    problems += issues.map { InputProblem(line: line, issue: $0) }
                    if issues.isEmpty { facts.apply(content, hash: .zero, lineLength: 0) }
                }
            }
            throw .invalidInput(problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element))
        }
        let handle = try LedgerFileHandle.open(path, flags: dryRun ? O_RDONLY : O_RDWR)
        if !dryRun { try handle.lockExclusive() }
        var facts = try loadFacts(handle)
        let before = facts
        var lines: [UInt8] = []
        var records: [UInt8] = []
        var firstStream: String?
        var batchIDs: [String: SHA256Digest] = [:]
        for (line, original) in contents {
            var content = original
            let hash = content.contentHash
            if let existing = facts.ids[content.id], batchIDs[content.id] == nil {
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
            let issues = facts.check(&content)
            if !issues.isEmpty {
                problems += issues.map { InputProblem(line: line, issue: $0) }
                continue
            }
            if firstStream == nil { firstStream = content.stream }
            batchIDs[content.id] = hash
            let encoded = LedgerLine.encode(content, seq: facts.count + 1, prev: facts.lastHash)
            lines.append(contentsOf: encoded.bytes)
            records.append(contentsOf: SideIndex.record(for: content))
            facts.apply(content, hash: encoded.hash, lineLength: Int64(encoded.bytes.count))
            report.appended.append(content.id)
        }
        if !problems.isEmpty { throw .invalidInput(problems) }
        if let expectVersion, let firstStream, !lines.isEmpty {
            let actual = before.count(ofStream: firstStream)
            if actual != expectVersion { throw .versionConflict(stream: firstStream, expected: expectVersion, actual: actual) }
        }
        if dryRun || lines.isEmpty { return report }

        // 3. One write, one fsync; on failure cut back to the old length.
        do {
            try handle.write(lines, at: before.byteLength)
            try handle.sync()
        } catch {
            try? handle.truncate(to: before.byteLength)
            _ = try? handle.sync()
            throw error
        }
        SideIndex(ledgerPath: path).extend(records: records, facts: facts)
        return report
    }

    /// The facts of the ledger: from the side index when it matches, else from a full scan
    /// (which also rewrites the index). A damaged ledger refuses appends.
    func loadFacts(_ handle: LedgerFileHandle) throws(LedgerError) -> LedgerFacts {
        let size = try handle.size()
        let index = SideIndex(ledgerPath: path)
        if size == 0, let facts = index.load(ledgerLength: 0, lastHash: nil) { return facts }
        if size > Int64(LedgerLine.suffixLength + 1) {
            let tail = try handle.read(count: LedgerLine.suffixLength + 1, at: size - Int64(LedgerLine.suffixLength + 1))
            if tail.last == 0x0A {
                let line = Array(tail.dropLast())
                let hash = line.withUnsafeBytes { bytes -> SHA256Digest? in
                    // The tail is the end of a line: marker, 64 hex, "}.
                    let hex = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(LedgerLine.hashMarker.count)..<(LedgerLine.hashMarker.count + 64)]), as: UTF8.self)
                    return SHA256Digest(hex: hex)
                }
                if let hash, let facts = index.load(ledgerLength: size, lastHash: hash) { return facts }
            }
        }
        var records: [UInt8] = []
        let scanner = try scan(handle, limit: size, records: &records)
        if let problem = scanner.problem {
            if problem.torn { throw .tornTail(path: path, line: problem.line) }
            throw .invalidLine(path: path, line: problem.line, reason: problem.reason + "; nothing can be appended until the ledger verifies")
        }
        index.write(records: records, facts: scanner.facts)
        return scanner.facts
    }
}
