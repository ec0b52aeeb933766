/// One event of an `append` batch, checked on its own (step 1 of ``Ledger/append(contentsOf:expectVersion:dryRun:now:)``).
///
/// Most input is decoded by the full path into an ``EventContent`` and encoded anew. A line that
/// is already in the ledger's own layout — the output of `log --format jsonl`, or another
/// ledger's lines — and that ``LineChecker`` proves valid is kept as its bytes: writing it
/// changes only its `seq`, `prev` and `hash` (``LineChecker`` accepts only lines that encoding
/// their decoded event would write again byte for byte), and its content hash is computed only
/// when its id turns out to be taken already. That keeps bulk imports free of JSON trees.
enum AppendInput: Sendable {
    /// An event decoded by the full path.
    case decoded(EventContent)
    /// A line in the ledger's layout, proved valid in place.
    indirect case ledgerLine(CheckedInputLine)

    /// A line of the ledger's layout that ``LineChecker`` proved valid, as a place in the input.
    struct CheckedInputLine: Sendable {
        /// What the checker read: id, type, stream as written, payload.
        let checked: LineChecker.Checked
        /// The line's bytes in the input (no `\r`, no `\n`).
        let range: Range<Int>
        /// Where `,"id":` starts, relative to the line: the end of `{"seq":<digits>`.
        let seqEnd: Int
        /// Where `,"prev":"` starts, relative to the line.
        let prevStart: Int
    }

    /// Checks one input line (without `\r\n`) at `range` of `input`: the fast check for a line in
    /// the ledger's layout, else the full parse and decode. Returns the event, or its problems.
    static func check(_ input: UnsafeRawBufferPointer, range: Range<Int>, now: Timestamp) -> Result<AppendInput, FieldIssues> {
        let line = UnsafeRawBufferPointer(rebasing: input[range])
        if let checked = LineChecker.check(line), let seqEnd = line.firstIndex(of: UInt8(ascii: ",")) {
            // The checker proved the layout: the line ends with `,"prev":"<64 hex>","hash":"<64 hex>"}`.
            let prevStart = line.count - LedgerLine.suffixLength - LedgerLine.prevFieldLength
            return .success(.ledgerLine(CheckedInputLine(checked: checked, range: range, seqEnd: seqEnd, prevStart: prevStart)))
        }
        return decode(line, now: now).map { .decoded($0) }
    }

    /// The full path: JSON, then the event's shape (``EventDecoder/decodeInput(_:now:)``).
    static func decode(_ line: UnsafeRawBufferPointer, now: Timestamp) -> Result<EventContent, FieldIssues> {
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch {
            return .failure(FieldIssues([FieldIssue("", error.description)]))
        }
        return EventDecoder.decodeInput(value, now: now)
    }

    /// The event's id.
    var id: String {
        switch self {
        case .decoded(let content): content.id
        case .ledgerLine(let line): line.checked.id
        }
    }

    /// The event's type.
    var type: EventType {
        switch self {
        case .decoded(let content): content.type
        case .ledgerLine(let line): line.checked.type
        }
    }

    /// The event's typed `data`.
    var payload: EventPayload {
        switch self {
        case .decoded(let content): content.payload
        case .ledgerLine(let line): line.checked.payload
        }
    }

    /// The event's stream as it stands: derived from its type, or as written on a ledger line; a
    /// decoded correction's is empty until ``LedgerFacts/check(_:stream:)`` finds its target's.
    var stream: String {
        switch self {
        case .decoded(let content): content.stream
        case .ledgerLine(let line): line.checked.stream
        }
    }

    /// The event as an ``EventContent``: decoded now for a ledger line (a ledger line's decode
    /// cannot fail, since the checker accepted it; should it ever, its problems are returned).
    func content(in input: UnsafeRawBufferPointer, now: Timestamp) -> Result<EventContent, FieldIssues> {
        switch self {
        case .decoded(let content): .success(content)
        case .ledgerLine(let line): Self.decode(UnsafeRawBufferPointer(rebasing: input[line.range]), now: now)
        }
    }

    /// ``EventContent/contentHash`` of the event, which decides whether a taken id is a retry.
    func contentHash(in input: UnsafeRawBufferPointer, now: Timestamp) -> Result<SHA256Digest, FieldIssues> {
        content(in: input, now: now).map(\.contentHash)
    }

    /// Appends the event's ledger line (ending in `\n`) to `lines` with the given `seq`, `prev`
    /// and `stream`; returns its hash. A ledger line whose stream is the one given is copied with
    /// its `seq` and `prev` replaced; anything else is encoded (``LedgerLine/encode(_:seq:prev:)``).
    func write(into lines: inout [UInt8], seq: Int, prev: SHA256Digest, stream: String,
               input: UnsafeRawBufferPointer, now: Timestamp) -> Result<SHA256Digest, FieldIssues> {
        switch self {
        case .ledgerLine(let line) where line.checked.stream == stream:
            return .success(writeWithOwnStream(into: &lines, seq: seq, prev: prev, input: input))
        case .decoded(let content) where content.stream == stream:
            return .success(writeWithOwnStream(into: &lines, seq: seq, prev: prev, input: input))
        default:
            return content(in: input, now: now).map { original in
                var content = original
                content.stream = stream
                let encoded = LedgerLine.encode(content, seq: seq, prev: prev)
                lines.append(contentsOf: encoded.bytes)
                return encoded.hash
            }
        }
    }

    /// ``write(into:seq:prev:stream:input:now:)`` with the event's own stream, which cannot fail:
    /// a ledger line is copied, a decoded event encoded.
    func writeWithOwnStream(into lines: inout [UInt8], seq: Int, prev: SHA256Digest, input: UnsafeRawBufferPointer) -> SHA256Digest {
        switch self {
        case .ledgerLine(let line):
            let start = lines.count
            let bytes = UnsafeRawBufferPointer(rebasing: input[line.range])
            lines.append(contentsOf: #"{"seq":"#.utf8)
            lines.append(contentsOf: String(seq).utf8)
            lines.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[line.seqEnd..<line.prevStart]))
            lines.append(contentsOf: #","prev":""#.utf8)
            prev.writeHex(into: &lines)
            lines.append(UInt8(ascii: "\""))
            let hash = lines.withUnsafeBytes { SHA256.hash(UnsafeRawBufferPointer(rebasing: $0[start...])) }
            lines.append(contentsOf: LedgerLine.hashMarker)
            hash.writeHex(into: &lines)
            lines.append(contentsOf: "\"}\n".utf8)
            return hash
        case .decoded(let content):
            let encoded = LedgerLine.encode(content, seq: seq, prev: prev)
            lines.append(contentsOf: encoded.bytes)
            return encoded.hash
        }
    }
}
