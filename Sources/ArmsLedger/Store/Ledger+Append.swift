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
        var report = AppendReport()
        var problems: [InputProblem] = []
        var contents: [(line: Int, content: EventContent, hash: SHA256Digest)] = []

        // 1. Each line on its own: JSON, the event's shape and its content hash, on both cores
        // (lines are independent); the outcomes are taken in input order.
        for outcome in Self.decodeLines(input, now: now) {
            switch outcome.result {
            case .success(let decoded): contents.append((outcome.line, decoded.content, decoded.hash))
            case .failure(let issues): problems += issues.map { InputProblem(line: outcome.line, issue: $0) }
            }
            report.warnings += outcome.warnings
        }
        // 2. Against the ledger, under the lock. When some lines are already invalid, the
        // others are still checked against the ledger (under a shared lock), so that one run
        // reports every problem; nothing is written.
        if !problems.isEmpty {
            if let handle = try? LedgerFileHandle.open(path, flags: O_RDONLY), (try? handle.lockShared()) != nil,
               var basis = try? loadBasis(handle, writable: false),
               (try? prepare(contents.map(\.content), in: &basis, handle: handle, writable: false)) != nil {
                for (line, original, hash) in contents {
                    var content = original
                    if let existing = basis.facts.ids[content.id] {
                        if existing.contentHash != hash {
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
        var lines: [UInt8] = []
        var entries: [IDTable.Entry] = []
        var touched: [String] = []
        var firstStream: (stream: String, count: Int)?
        var batchIDs: [String: SHA256Digest] = [:]
        for (line, original, hash) in contents {
            var content = original
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
        if dryRun || lines.isEmpty { return report }

        // 3. One write, one fsync; on failure cut back to the old length. Then the side index,
        // which needs no fsync of its own (see BootID).
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
        }
        return report
    }

    /// What step 1 of ``append(contentsOf:expectVersion:dryRun:now:)`` finds in one input line.
    struct LineOutcome: Sendable {
        /// The 1-based line number in the input.
        let line: Int
        let result: Result<(content: EventContent, hash: SHA256Digest), LineIssues>
        let warnings: [String]
    }

    /// The issues of one input line (a `Result` failure needs an `Error`).
    struct LineIssues: Error, Sequence {
        let issues: [FieldIssue]
        func makeIterator() -> IndexingIterator<[FieldIssue]> { issues.makeIterator() }
    }

    /// Decodes every non-blank input line on its own (JSON, shape, content hash, misspelling
    /// warnings), in chunks on all cores; returns the outcomes in input order.
    static func decodeLines(_ input: [UInt8], now: Timestamp) -> [LineOutcome] {
        var found: [(number: Int, range: Range<Int>)] = []
        var start = 0
        var number = 0
        while start <= input.count {
            number += 1
            var end = start
            while end < input.count, input[end] != 0x0A { end += 1 }
            found.append((number, start..<end))
            start = end + 1
        }
        let lines = found
        let chunkCount = lines.count < 64 ? 1 : 16
        let slots = OutcomeSlots(count: chunkCount)
        let chunkSize = (lines.count + chunkCount - 1) / max(chunkCount, 1)
        @Sendable func work(_ chunk: Int) {
            var outcomes: [LineOutcome] = []
            let chunkLines = lines[min(chunk * chunkSize, lines.count)..<min((chunk + 1) * chunkSize, lines.count)]
            input.withUnsafeBytes { buffer in
                for (number, range) in chunkLines {
                    var bytes = UnsafeRawBufferPointer(rebasing: buffer[range])
                    if bytes.last == 0x0D { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
                    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                    outcomes.append(decodeLine(bytes, number: number, now: now))
                }
            }
            slots.set(chunk, outcomes)
        }
        if chunkCount == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: chunkCount) { work($0) } }
        return slots.joined()
    }

    /// Step 1 for one line.
    private static func decodeLine(_ bytes: UnsafeRawBufferPointer, number: Int, now: Timestamp) -> LineOutcome {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            return LineOutcome(line: number, result: .failure(LineIssues(issues: [FieldIssue("", error.description)])), warnings: [])
        }
        switch EventDecoder.decodeInput(value, now: now) {
        case .success(let content):
            let warnings = EventDecoder.misspelledFields(of: content).map { field, suggestion in
                "input:\(number): data.\(field): unknown field, kept as written; did you mean \"\(suggestion)\"?"
            }
            return LineOutcome(line: number, result: .success((content, content.contentHash)), warnings: warnings)
        case .failure(let issues):
            return LineOutcome(line: number, result: .failure(LineIssues(issues: issues.issues)), warnings: [])
        }
    }
}

/// One slot of outcomes per chunk of ``Ledger/decodeLines(_:now:)``, each written by exactly one
/// iteration of `concurrentPerform` and read after it returns.
private final class OutcomeSlots: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<[Ledger.LineOutcome]>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: [], count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func set(_ index: Int, _ outcomes: [Ledger.LineOutcome]) { slots[index] = outcomes }

    func joined() -> [Ledger.LineOutcome] { (0..<count).flatMap { slots[$0] } }
}
