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
