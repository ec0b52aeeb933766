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
    private(set) var facts = LedgerFacts()
    private(set) var problem: Problem?

    init(displayPath: String, depth: Depth) {
        self.displayPath = displayPath
        self.depth = depth
    }

    /// Checks one line; returns the decoded event, or nil after recording the problem.
    mutating func scan(line number: Int, bytes: UnsafeRawBufferPointer, terminated: Bool, offset: Int64) -> Event? {
        guard problem == nil else { return nil }
        func fail(_ reason: String) -> Event? {
            problem = Problem(line: number, reason: reason, torn: false, offset: offset)
            return nil
        }
        if !terminated {
            problem = Problem(line: number, reason: "incomplete last line (no newline at the end)", torn: true, offset: offset)
            return nil
        }
        if bytes.isEmpty { return fail("empty line") }
        if number == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return fail("byte-order mark at the start of the file") }
        guard let (prefixLength, statedHash) = LedgerLine.splitHash(bytes) else {
            return fail("line does not end with ,\"hash\":\"<64 lowercase hex>\"}")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { return fail(error.description) }
        let decoded: EventDecoder.Decoded
        switch EventDecoder.decodeLine(value) {
        case .success(let d): decoded = d
        case .failure(let issues): return fail(issues.issues.map(\.description).joined(separator: "; "))
        }
        let seq = decoded.seq!, prev = decoded.prev!
        if seq != facts.count + 1 { return fail("seq is \(seq), expected \(facts.count + 1)") }
        if prev != facts.lastHash { return fail("prev does not match the hash of line \(number - 1) (the chain is broken)") }
        if depth == .full {
            let actual = SHA256.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<prefixLength]))
            if actual != statedHash { return fail("hash does not match the line's bytes (expected \(actual.hex))") }
        }
        var content = decoded.content
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
        facts.apply(content, hash: statedHash, lineLength: Int64(bytes.count + 1))
        return Event(seq: seq, content: content, prev: prev, hash: statedHash)
    }
}
