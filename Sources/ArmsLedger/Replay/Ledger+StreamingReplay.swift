#if canImport(Glibc)
import Glibc
#endif

extension Ledger {
    /// Replays the ledger at `clock` without holding its events: a first pass gathers the
    /// corrections (the only events a replay must know before it folds), a second decodes each
    /// line and hands the counted events to `body` in `seq` order. Memory grows with what `body`
    /// keeps, not with the file.
    ///
    /// - Parameters:
    ///   - types: when given, only lines of these types are decoded and handed over (the others
    ///     are skipped after a cheap check of their `seq` and `prev` link).
    ///   - lineFilter: when given, called with the bytes of each line of a wanted type before it
    ///     is decoded; a line it returns false for is skipped like a line of another type.
    ///   - body: called with each counted event.
    /// - Returns: the line number of an unterminated last line left out, if any.
    /// - Throws: ``LedgerError`` for a line that cannot be read, as ``read()`` does.
    @discardableResult
    public func replay(clock: ReplayClock, types: Set<EventType>? = nil, lineFilter: ((UnsafeRawBufferPointer) -> Bool)? = nil,
                       _ body: (ReplayedEvent) -> Void) throws(LedgerError) -> Int? {
        let handle = try LedgerFileHandle.open(path, flags: O_RDONLY)
        let size = try handle.size()
        var corrections: [Event] = []
        var torn: Int?
        var problem: (line: Int, reason: String)?
        var count = 0
        var lastHash = [UInt8](repeating: UInt8(ascii: "0"), count: 64)
        let reader = LineReader(descriptor: handle.descriptor, path: path, limit: size)

        // Pass 1: the corrections.
        try reader.forEachLine { (number, bytes, terminated, _) throws(LedgerError) -> Bool in
            guard terminated else { return false }
            guard FastRegister.isCorrection(bytes) else { return true }
            guard let event = Self.decode(bytes) else {
                problem = (number, "cannot be read as an event")
                return false
            }
            corrections.append(event)
            return true
        }
        let replay = Replay(events: corrections, clock: clock)

        // Pass 2: every line in order; the wanted ones decoded and folded.
        try reader.forEachLine { (number, bytes, terminated, _) throws(LedgerError) -> Bool in
            guard terminated else {
                torn = number
                return false
            }
            let links = Self.links(bytes)
            guard let links, links.seq == count + 1,
                  memcmp(bytes.baseAddress! + links.prevOffset, lastHash, 64) == 0 else {
                problem = (number, "seq or prev does not continue the chain")
                return false
            }
            count += 1
            lastHash.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[links.hashOffset..<(links.hashOffset + 64)])) }
            if let types, let type = Self.type(bytes), !types.contains(type) { return true }
            if let lineFilter, !lineFilter(bytes) { return true }
            guard let event = Self.decode(bytes), event.seq == count else {
                problem = (number, "cannot be read as an event")
                return false
            }
            if let replayed = replay.replayed(event) { body(replayed) }
            return true
        }
        if let problem {
            throw .invalidLine(path: path, line: problem.line, reason: problem.reason + "; run `armsledger verify`")
        }
        return torn
    }

    /// A full decode of one line (no reference checks: `verify` makes them).
    static func decode(_ bytes: UnsafeRawBufferPointer) -> Event? {
        guard let value = try? JSONParser.parse(bytes), case .success(let decoded) = EventDecoder.decodeLine(value),
              let seq = decoded.seq, let prev = decoded.prev, let hash = decoded.hash else { return nil }
        return Event(seq: seq, content: decoded.content, prev: prev, hash: hash)
    }

    /// The `seq` at the start of a line and the offsets of its `prev` and `hash` hex digits at
    /// the end (`…,"prev":"<64>","hash":"<64>"}`), or nil when the line is not shaped so.
    static func links(_ line: UnsafeRawBufferPointer) -> (seq: Int, prevOffset: Int, hashOffset: Int)? {
        let prefix = #"{"seq":"#.utf8, middle = #"","hash":""#.utf8, before = #","prev":""#.utf8
        let count = line.count
        guard count > 7 + 64 + 64 + 20 else { return nil }
        let hashOffset = count - 2 - 64
        let prevOffset = hashOffset - middle.count - 64
        guard line[count - 2] == UInt8(ascii: "\""), line[count - 1] == UInt8(ascii: "}"),
              zip(middle, line[(hashOffset - middle.count)..<hashOffset]).allSatisfy({ $0 == $1 }),
              zip(before, line[(prevOffset - before.count)..<prevOffset]).allSatisfy({ $0 == $1 }),
              zip(prefix, line[0..<7]).allSatisfy({ $0 == $1 })
        else { return nil }
        var seq = 0
        var p = 7
        while p < count, line[p] >= 0x30, line[p] <= 0x39, p < 26 {
            seq = seq * 10 + Int(line[p] - 0x30)
            p += 1
        }
        return p > 7 ? (seq, prevOffset, hashOffset) : nil
    }

    /// The event type of a line, read at its fixed place after `seq` and `id`, without building
    /// a string (both replay paths use it to pick out lines before decoding them).
    static func type(_ line: UnsafeRawBufferPointer) -> EventType? {
        let marker = #","type":""#.utf8
        guard let base = line.baseAddress else { return nil }
        var p = 7
        while p < line.count, line[p] != UInt8(ascii: ",") { p += 1 }
        p += 7  // ,"id":"
        guard p < line.count, let quote = memchr(base + p, 0x22, line.count - p) else { return nil }
        var at = base.distance(to: UnsafeRawPointer(quote)) + 1
        guard line.count - at > marker.count, zip(marker, line[at..<(at + marker.count)]).allSatisfy({ $0 == $1 }) else { return nil }
        at += marker.count
        guard let end = memchr(base + at, 0x22, line.count - at) else { return nil }
        let length = base.distance(to: UnsafeRawPointer(end)) - at
        return LineFieldScanner.eventType(ByteSpan(start: at, count: length), line)
    }
}
