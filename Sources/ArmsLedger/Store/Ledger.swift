import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// A ledger file: the entry point of the library.
///
/// ```swift
/// let ledger = Ledger(path: "Events/ledger.jsonl")
/// let report = try ledger.append(contentsOf: inputBytes)       // validate and append
/// let events = try ledger.events()                             // read for replay
/// let result = Replay.run(events, clock: ReplayClock(asOf: day))
/// ```
///
/// A `Ledger` value holds only the path (and the side index's id hash); every call opens the
/// file, so values are cheap and `Sendable`. Appends take an exclusive lock (a dry run a shared
/// one, to read the side index consistently); reads take none and see a prefix of complete lines.
public struct Ledger: Sendable {
    /// The ledger's path as the user gave it (used in messages).
    public let path: String
    /// The hash the side index places ids with; tests narrow it to force collisions.
    var indexIDHash = IDHash.standard
    /// About how many bytes of an append's batch are built before they are handed on
    /// (``BatchBytes``); tests make it small to split a small batch into many chunks.
    var appendChunkSize = BatchBytes.defaultChunkSize
    /// Whether an append tries the keyed in-order check (``AppendKeyedCheck``) before the exact
    /// pass; tests turn it off to compare the two.
    var appendKeyed = true

    public init(path: String) {
        self.path = path
    }

    /// Creates an empty ledger; never overwrites an existing file.
    /// - Throws: ``LedgerError/alreadyExists(path:)`` or an I/O error.
    public static func create(at path: String) throws(LedgerError) -> Ledger {
        let handle = try LedgerFileHandle.open(path, flags: O_WRONLY | O_CREAT | O_EXCL)
        try handle.sync()
        LedgerFileHandle.syncDirectory(of: path)
        return Ledger(path: path)
    }

    /// Reads every event, in `seq` order, checking JSON, fields, `seq` and `prev` links (hashes
    /// are `verify`'s job). An unterminated last line — an append in progress, or a torn write —
    /// is left out and reported in ``ReadResult/ignoredTail``.
    public func read() throws(LedgerError) -> ReadResult {
        var events: [Event] = []
        let ignored = try forEachEvent { event, _ in events.append(event) }
        return ReadResult(events: events, ignoredTail: ignored)
    }

    /// Calls `body` with each event and its line's bytes (without the `\n`), in `seq` order,
    /// with the checks of ``read()``. Returns the line number of an incomplete last line that
    /// was left out, if any.
    @discardableResult
    public func forEachEvent(_ body: (Event, UnsafeRawBufferPointer) -> Void) throws(LedgerError) -> Int? {
        let handle = try LedgerFileHandle.open(path, flags: O_RDONLY)
        let limit = try handle.size()
        var scanner = LedgerScanner(displayPath: path, depth: .links)
        let reader = LineReader(descriptor: handle.descriptor, path: path, limit: limit)
        try reader.forEachLine { (number, bytes, terminated, offset) throws(LedgerError) -> Bool in
            guard let event = scanner.scan(line: number, bytes: bytes, terminated: terminated, offset: offset) else { return false }
            body(event, bytes)
            return true
        }
        if let problem = scanner.problem {
            if problem.torn { return problem.line }
            throw .invalidLine(path: path, line: problem.line, reason: problem.reason + "; run `armsledger verify`")
        }
        return nil
    }

    /// The events of a read, and the line number of an incomplete last line that was left out.
    public struct ReadResult: Sendable {
        public let events: [Event]
        public let ignoredTail: Int?
    }

    /// Reads every event (see ``read()``).
    public func events() throws(LedgerError) -> [Event] {
        try read().events
    }

    /// What `verify` found.
    public struct Verification: Sendable {
        /// Complete valid lines.
        public let lines: Int
        /// Bytes checked.
        public let bytes: Int64
        /// The last line's hash.
        public let lastHash: SHA256Digest
    }

    /// Checks every line: JSON, fields, validity, references, `seq`, the chain and every hash.
    /// - Throws: the first problem, as ``LedgerError/invalidLine(path:line:reason:)`` or ``LedgerError/tornTail(path:line:)``.
    public func verify() throws(LedgerError) -> Verification {
        let handle = try LedgerFileHandle.open(path, flags: O_RDONLY)
        let summary = try check(handle, limit: try handle.size())
        if let problem = summary.problem {
            if problem.torn { throw .tornTail(path: path, line: problem.line) }
            throw .invalidLine(path: path, line: problem.line, reason: problem.reason)
        }
        return Verification(lines: summary.count, bytes: summary.byteLength, lastHash: summary.lastHash)
    }

    /// Scans with full checks, keeping every fact (the exact scan).
    func scan(_ handle: LedgerFileHandle, limit: Int64) throws(LedgerError) -> LedgerScanner {
        var ignored: [IDTable.Entry] = []
        return try scan(handle, limit: limit, entries: &ignored, collect: false)
    }

    /// Scans with full checks for the outcome alone (``ScanSummary``): the keyed scan
    /// (``LedgerScanner/checkFile(_:limit:batchSize:keyMask:)``), or the exact scan when the
    /// keyed one leaves the wording of a problem to it.
    func check(_ handle: LedgerFileHandle, limit: Int64, batchSize: Int = LedgerScanner.keyedBatchSize,
               keyMask: Int = ~0) throws(LedgerError) -> ScanSummary {
        if let summary = try LedgerScanner.checkFile(handle, limit: limit, batchSize: batchSize, keyMask: keyMask) { return summary }
        var ignored: [IDTable.Entry] = []
        let scanner = try scan(handle, limit: limit, entries: &ignored, collect: false, batchSize: batchSize)
        let facts = scanner.facts
        DispatchQueue.global().async { withExtendedLifetime(facts) {} }
        return ScanSummary(scanner)
    }

    /// Scans with full checks, appending each event's side-index table entry to `entries` when
    /// `collect` (the facts then hold content hashes too, for appends). Lines are prepared on two
    /// threads a batch at a time (``LedgerScanner/scanFile(_:limit:batchSize:body:)``); the outcome
    /// is exactly that of ``scanSequentially(_:limit:)``.
    func scan(_ handle: LedgerFileHandle, limit: Int64, entries: inout [IDTable.Entry], collect: Bool = true,
              batchSize: Int = LedgerScanner.batchSize) throws(LedgerError) -> LedgerScanner {
        var scanner = LedgerScanner(displayPath: path, depth: .full, contentHashes: collect)
        let idHash = indexIDHash
        if collect {
            try scanner.scanFile(handle, limit: limit, batchSize: batchSize) { id, offset in
                entries.append(IDTable.Entry(hash: idHash(id), offset: offset))
            }
        } else {
            try scanner.scanFile(handle, limit: limit, batchSize: batchSize) { _, _ in }
        }
        return scanner
    }

    /// Scans with full checks one line after another: the reference the batched scan must match.
    func scanSequentially(_ handle: LedgerFileHandle, limit: Int64) throws(LedgerError) -> LedgerScanner {
        var scanner = LedgerScanner(displayPath: path, depth: .full)
        let reader = LineReader(descriptor: handle.descriptor, path: path, limit: limit)
        try reader.forEachLine { (number, bytes, terminated, offset) throws(LedgerError) -> Bool in
            scanner.scan(line: number, bytes: bytes, terminated: terminated, offset: offset) != nil
        }
        return scanner
    }

    /// What `repair` did.
    public enum RepairOutcome: Sendable, Equatable {
        /// Nothing to repair.
        case intact(lines: Int)
        /// The tail was moved to `quarantine`; `lines` complete valid lines remain.
        case movedTail(quarantine: String, bytes: Int64, lines: Int)
    }

    /// Moves a torn or invalid tail after the last valid line into `<ledger>.torn-<UTC time>`,
    /// then cuts the ledger back to its valid part. Never touches a complete valid line: when
    /// damage is followed by complete lines that are valid on their own, it refuses.
    public func repair(now: Timestamp = .now()) throws(LedgerError) -> RepairOutcome {
        let handle = try LedgerFileHandle.open(path, flags: O_RDWR)
        try handle.lockExclusive()
        let size = try handle.size()
        let summary = try check(handle, limit: size)
        guard let problem = summary.problem else { return .intact(lines: summary.count) }
        let validLength = summary.byteLength
        let tail = try handle.read(count: Int(size - validLength), at: validLength)
        if let later = Self.laterCompleteLine(in: tail) {
            throw .damagedBeforeValidLines(path: path, line: problem.line,
                                           reason: problem.reason + " (a valid line follows at line \(problem.line + later))")
        }
        var quarantine = "\(path).torn-\(now.compactUTC)"
        var suffix = 1
        while access(quarantine, F_OK) == 0 {
            suffix += 1
            quarantine = "\(path).torn-\(now.compactUTC)-\(suffix)"
        }
        let out = try LedgerFileHandle.open(quarantine, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o644)
        try out.write(tail, at: 0)
        try out.sync()
        LedgerFileHandle.syncDirectory(of: quarantine)
        try handle.truncate(to: validLength)
        try handle.sync()
        return .movedTail(quarantine: quarantine, bytes: Int64(tail.count), lines: summary.count)
    }

    /// The 1-based index (within the tail) of a complete line after the first that carries a
    /// correct hash of its own bytes, or nil. Such a line means the damage is mid-file.
    private static func laterCompleteLine(in tail: [UInt8]) -> Int? {
        var lines = tail.split(separator: 0x0A, omittingEmptySubsequences: false)
        if tail.last == 0x0A { lines.removeLast() } else { lines.removeLast() }  // the last piece is unterminated or empty
        guard lines.count > 1 else { return nil }
        for (index, line) in lines.enumerated().dropFirst() {
            let ok = Array(line).withUnsafeBytes { bytes -> Bool in
                guard let (prefix, hash) = LedgerLine.splitHash(bytes) else { return false }
                return SHA256.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<prefix])) == hash
            }
            if ok { return index }
        }
        return nil
    }
}
