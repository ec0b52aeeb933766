import Dispatch
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
    ///   - prefetched: lines of these types are decoded in the first pass instead of the second,
    ///     and those the clock counts are handed to `lineFilter`, so that the filter can depend
    ///     on them (obligations decode only the deliveries that the alliances and conflicts can
    ///     make matter). They reach `body` in their place in `seq` order, when of a wanted
    ///     type; the filter never sees them.
    ///   - lineFilter: when given, makes a filter (one for each part of the file read in
    ///     parallel) from the counted prefetched events, in `seq` order; it is called with the
    ///     bytes of each line of a wanted type, and that type as read in place (nil when it
    ///     cannot be), before the line is decoded, and a line it returns false for is skipped
    ///     like a line of another type.
    ///   - body: called with each counted event.
    /// - Returns: the line number of an unterminated last line left out, if any.
    /// - Throws: ``LedgerError`` for a line that cannot be read, as ``read()`` does.
    ///
    /// Both passes first run on parts of the file on every core at once
    /// (``replayInParts(clock:types:prefetched:deferring:lineFilter:parts:sink:)``; parts of about
    /// 16 MB, at least two, so that a part with more lines to decode leaves no core idle): the
    /// first part hands its counted events to `body` as it goes (on its own thread, while other
    /// parts are read; `body` is never called twice at once), each later part collects them for
    /// `body` to receive as soon as every part before it is done. Whenever that declines (a line
    /// it cannot read, a broken link), the file is read again in one sequential pass, which
    /// reports the problem with its line (and skips the events `body` already received: the
    /// bytes a replay reads are never rewritten, so they are the same events).
    @discardableResult
    public func replay(clock: ReplayClock, types: Set<EventType>? = nil, prefetched: Set<EventType> = [],
                       lineFilter makeFilter: ((_ prefetched: [ReplayedEvent]) -> (_ line: UnsafeRawBufferPointer, _ type: EventType?) -> Bool)? = nil,
                       _ body: (ReplayedEvent) -> Void) throws(LedgerError) -> Int? {
        try replay(clock: clock, types: types, prefetched: prefetched, deferring: [], lineFilter: makeFilter, body).ignoredTail
    }

    /// ``replay(clock:types:prefetched:lineFilter:_:)`` that passes over the lines of the
    /// `deferring` types (of those wanted) without decoding them or handing them to `body`, and
    /// returns where they are (``DeferredLines``), to decode the few that are needed afterwards.
    /// The line filter does not see them.
    public func replay(clock: ReplayClock, types: Set<EventType>? = nil, prefetched: Set<EventType> = [],
                       deferring: Set<EventType>,
                       lineFilter makeFilter: ((_ prefetched: [ReplayedEvent]) -> (_ line: UnsafeRawBufferPointer, _ type: EventType?) -> Bool)? = nil,
                       _ body: (ReplayedEvent) -> Void) throws(LedgerError) -> (ignoredTail: Int?, deferred: DeferredLines) {
        try replay(clock: clock, types: types, prefetched: prefetched, deferring: deferring, lineFilter: makeFilter, parts: nil, body)
    }

    /// ``replay(clock:types:prefetched:deferring:lineFilter:_:)`` reading the file in `parts`
    /// parts (nil: as many as its size calls for, ``partCount(_:)``; tests give a number to
    /// split even a small file).
    func replay(clock: ReplayClock, types: Set<EventType>?, prefetched: Set<EventType>, deferring: Set<EventType>,
                lineFilter makeFilter: ((_ prefetched: [ReplayedEvent]) -> (_ line: UnsafeRawBufferPointer, _ type: EventType?) -> Bool)?,
                parts: Int?, _ body: (ReplayedEvent) -> Void) throws(LedgerError) -> (ignoredTail: Int?, deferred: DeferredLines) {
        try withoutActuallyEscaping(body) { (body) throws(LedgerError) -> (ignoredTail: Int?, deferred: DeferredLines) in
            let sink = ReplaySink(body, types: types)
            if let done = try replayInParts(clock: clock, types: types, prefetched: prefetched, deferring: deferring,
                                            lineFilter: makeFilter, parts: parts, sink: sink) {
                return done
            }
            return try replaySequentially(clock: clock, types: types, prefetched: prefetched, deferring: deferring, lineFilter: makeFilter,
                                          sink: ReplaySink(body, types: types, skipping: sink.handed))
        }
    }

    /// The sequential replay: both passes over the whole file in one thread, each problem
    /// reported with its line.
    private func replaySequentially(clock: ReplayClock, types: Set<EventType>?, prefetched: Set<EventType>, deferring: Set<EventType>,
                                    lineFilter makeFilter: ((_ prefetched: [ReplayedEvent]) -> (_ line: UnsafeRawBufferPointer, _ type: EventType?) -> Bool)?,
                                    sink: ReplaySink) throws(LedgerError) -> (ignoredTail: Int?, deferred: DeferredLines) {
        // The types as bit masks: the loops below ask about every line.
        let wantedTypes = types.map(EventTypeSet.init), prefetchedTypes = EventTypeSet(prefetched), deferredTypes = EventTypeSet(deferring)
        let handle = try LedgerFileHandle.open(path, flags: O_RDONLY)
        let size = try handle.size()
        var corrections: [Event] = []
        var prefetchedEvents: [Event] = []
        var torn: Int?
        var deferred: [DeferredLines.Entry] = []
        var problem: (line: Int, reason: String)?
        var count = 0
        var lastHash = [UInt8](repeating: UInt8(ascii: "0"), count: 64)
        let reader = LineReader(descriptor: handle.descriptor, path: path, limit: size)

        // Pass 1: the corrections (and the prefetched lines).
        try reader.forEachLine { (number, bytes, terminated, _) throws(LedgerError) -> Bool in
            guard terminated else { return false }
            let correction = FastRegister.isCorrection(bytes)
            guard correction || (!prefetchedTypes.isEmpty && Self.type(bytes).map(prefetchedTypes.contains) == true) else { return true }
            guard let event = Self.decode(bytes) else {
                problem = (number, "cannot be read as an event")
                return false
            }
            if correction { corrections.append(event) } else { prefetchedEvents.append(event) }
            return true
        }
        let replay = Replay(events: corrections, clock: clock)
        let counted = prefetchedEvents.compactMap(replay.replayed)
        let lineFilter = makeFilter?(counted)
        sink.prefetched(counted)

        // Pass 2: every line in order; the wanted ones decoded and folded.
        try reader.forEachLine { (number, bytes, terminated, offset) throws(LedgerError) -> Bool in
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
            let type = Self.type(bytes)
            if let type {
                if let wantedTypes, !wantedTypes.contains(type) { return true }
                if prefetchedTypes.contains(type) { return true }
            }
            if let type, deferredTypes.contains(type) {
                deferred.append(DeferredLines.entry(bytes, type: type, offset: offset, seq: count))
                return true
            }
            if let lineFilter, !lineFilter(bytes, type) { return true }
            guard let event = Self.decode(bytes), event.seq == count else {
                problem = (number, "cannot be read as an event")
                return false
            }
            if let replayed = replay.replayed(event) { sink.take(replayed) }
            return true
        }
        if let problem {
            throw .invalidLine(path: path, line: problem.line, reason: problem.reason + "; run `armsledger verify`")
        }
        sink.finish()
        return (torn, DeferredLines(path: path, replay: replay, entries: deferred))
    }

    /// The streaming replay on parts of the file at once (`parts` of them, else ``partCount(_:)``):
    /// the first part's counted events go to `sink` as they are read, each later part's once
    /// every part before it is done (``PartHandOver``). Returns the
    /// line number of an unterminated last line, if any, and the deferred lines; nil
    /// whenever a line cannot be read or a link is broken (the sequential replay then reports
    /// it; `sink` says how many events it already handed over).
    private func replayInParts(clock: ReplayClock, types: Set<EventType>?, prefetched: Set<EventType>, deferring: Set<EventType>,
                               lineFilter makeFilter: (([ReplayedEvent]) -> (_ line: UnsafeRawBufferPointer, _ type: EventType?) -> Bool)?,
                               parts: Int?, sink: ReplaySink) throws(LedgerError) -> (ignoredTail: Int?, deferred: DeferredLines)? {
        // The types as bit masks: the loops below ask about every line.
        let wantedTypes = types.map(EventTypeSet.init), prefetchedTypes = EventTypeSet(prefetched), deferredTypes = EventTypeSet(deferring)
        let handle = try LedgerFileHandle.open(path, flags: O_RDONLY)
        let size = try handle.size()
        // More parts than cores, so that a part with more to decode (later lines often match
        // more) does not leave a core idle at the end.
        let ranges = if let parts {
            try FastRegister.split(handle, size: size, parts: parts, smallest: 0)
        } else {
            try FastRegister.split(handle, size: size, parts: Self.partCount(size))
        }

        // Pass 1: the corrections (and the prefetched lines).
        // The parts' events are taken as they are, not joined first: the corrections go to
        // the replay, the counted prefetched events to the filter and the sink.
        guard let early = FastRegister.partsInParallel(handle, ranges, { (handle, range) throws(LedgerError) in
            try FastRegister.correctionEvents(handle, range: range, also: prefetched)
        }) else { return nil }
        var corrections: [Event] = []
        corrections.reserveCapacity(early.reduce(0) { $0 + $1.count })
        for part in early {
            for event in part where event.type.isCorrection { corrections.append(event) }
        }
        let replay = Replay(events: corrections, clock: clock)
        var prefetchedEvents: [ReplayedEvent] = []
        if !prefetched.isEmpty {
            for part in early {
                for event in part where !event.type.isCorrection {
                    if let replayed = replay.replayed(event) { prefetchedEvents.append(replayed) }
                }
            }
        }
        sink.prefetched(prefetchedEvents)
        let unsafeSink = UncheckedSendable(sink)

        // Pass 2: each part checks its own links, decodes its wanted lines and keeps what counts.
        let filters = (0..<ranges.count).map { _ in makeFilter?(prefetchedEvents) }
        let parts = SendableBox<[PartReplay?]>(Array(repeating: nil, count: ranges.count))
        let handOver = PartHandOver(parts: ranges.count, sink: sink)
        let unsafeFilters = UncheckedSendable(filters)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
            var part = PartReplay()
            let filter = unsafeFilters.value[index]
            let reader = LineReader(descriptor: handle.descriptor, path: handle.path, limit: ranges[index].upperBound,
                                    start: ranges[index].lowerBound)
            var ok = true
            do {
                try reader.forEachLine { (_, bytes, terminated, offset) throws(LedgerError) -> Bool in
                    guard terminated else {
                        if index == ranges.count - 1 { part.torn = true } else { ok = false }
                        return false
                    }
                    guard let links = Self.links(bytes) else { ok = false; return false }
                    if part.firstSeq == nil {
                        part.firstSeq = links.seq
                        part.firstPrev = Array(UnsafeRawBufferPointer(rebasing: bytes[links.prevOffset..<(links.prevOffset + 64)]))
                    } else {
                        guard links.seq == part.lastSeq + 1,
                              memcmp(bytes.baseAddress! + links.prevOffset, part.lastHash, 64) == 0 else { ok = false; return false }
                    }
                    part.lastSeq = links.seq
                    part.lastHash.withUnsafeMutableBytes {
                        $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[links.hashOffset..<(links.hashOffset + 64)]))
                    }
                    let type = Self.type(bytes)
                    if let type {
                        if let wantedTypes, !wantedTypes.contains(type) { return true }
                        if prefetchedTypes.contains(type) { return true }
                    }
                    if let type, deferredTypes.contains(type) {
                        part.deferred.append(DeferredLines.entry(bytes, type: type, offset: offset, seq: links.seq))
                        return true
                    }
                    if let filter, !filter(bytes, type) { return true }
                    guard let event = Self.decode(bytes), event.seq == links.seq else { ok = false; return false }
                    if let replayed = replay.replayed(event) {
                        // The first part hands its events over at once; no other thread calls the sink meanwhile.
                        if index == 0 { unsafeSink.value.take(replayed) } else { part.events.append(replayed) }
                    }
                    return true
                }
            } catch {
                ok = false
            }
            handOver.finished(index, ok ? part : nil)
            part.events = []
            parts.set(index, ok ? part : nil)
        }

        // The parts must link up (seq continues from 1, prev is the hash before), and every
        // part's events must have been handed over.
        guard let lastSeq = handOver.lastSeq else { return nil }
        sink.finish()
        let torn = parts.value.last!!.torn ? lastSeq + 1 : nil
        return (torn, DeferredLines(path: path, replay: replay, entries: parts.value.flatMap { $0!.deferred }))
    }

    /// Hands a replay's counted events to its body in `seq` order: those of the second pass as
    /// they come, the prefetched ones (of the wanted types) in their place among them. Counts
    /// what it handed, so that a second, sequential replay can skip as many.
    private final class ReplaySink {
        private let body: (ReplayedEvent) -> Void
        private let types: Set<EventType>?
        private var early: [ReplayedEvent] = []
        private var nextEarly = 0
        private var skip: Int
        /// How many events the body received.
        private(set) var handed = 0

        init(_ body: @escaping (ReplayedEvent) -> Void, types: Set<EventType>?, skipping skip: Int = 0) {
            self.body = body
            self.types = types
            self.skip = skip
        }

        /// The counted prefetched events, in `seq` order (of any type: those not wanted are left out).
        func prefetched(_ counted: [ReplayedEvent]) {
            guard let types, !counted.allSatisfy({ types.contains($0.event.type) }) else { return early = counted }
            early = counted.filter { types.contains($0.event.type) }
        }

        /// Hands over `replayed`, after the prefetched events that come before it.
        func take(_ replayed: ReplayedEvent) {
            handEarly(before: replayed.event.seq)
            hand(replayed)
        }

        /// Hands over the prefetched events still waiting (the file has been read to its end).
        func finish() {
            handEarly(before: .max)
        }

        private func handEarly(before seq: Int) {
            while nextEarly < early.count, early[nextEarly].event.seq < seq {
                hand(early[nextEarly])
                nextEarly += 1
            }
        }

        private func hand(_ replayed: ReplayedEvent) {
            if skip > 0 { skip -= 1 } else { handed += 1; body(replayed) }
        }
    }

    /// The number of parts a file of `size` bytes is replayed in: parts of about 16 MB, at
    /// least two and at most 32.
    static func partCount(_ size: Int64) -> Int {
        Int(min(32, max(2, size / (16 << 20))))
    }

    /// Hands the events of a parallel replay's parts (after the first, which hands over its own
    /// as it reads them) to the sink in order, each part as soon as it and every part before it
    /// are read and link up, so that the sink takes events while later parts are still read.
    /// Its lock keeps the sink to one thread at a time.
    private final class PartHandOver: @unchecked Sendable {
        private let lock = NSLockLike()
        private let sink: ReplaySink
        /// Parts read but not yet handed over.
        private var waiting: [PartReplay?]
        private var next = 0
        private var broken = false
        private var chain = ChainJoin()

        init(parts: Int, sink: ReplaySink) {
            self.sink = sink
            waiting = Array(repeating: nil, count: parts)
        }

        /// Part `index` is read (nil: it could not be): hands over it and the parts after it
        /// that are read too, when every part before it has been handed over.
        func finished(_ index: Int, _ part: PartReplay?) {
            lock.withLock {
                guard !broken else { return }
                guard let part else { return broken = true }
                waiting[index] = part
                while next < waiting.count, let ready = waiting[next] {
                    waiting[next] = nil
                    guard chain.join(firstSeq: ready.firstSeq, firstPrev: ready.firstPrev, lastSeq: ready.lastSeq,
                                     lastHash: ready.lastHash) else { return broken = true }
                    for replayed in ready.events { sink.take(replayed) }
                    next += 1
                }
            }
        }

        /// The `seq` of the last line once every part is handed over and linked; else nil.
        var lastSeq: Int? {
            lock.withLock { !broken && next == waiting.count ? chain.lastSeq : nil }
        }
    }

    /// What one part of the file gives in ``replayInParts(clock:types:prefetched:deferring:lineFilter:sink:)``.
    private struct PartReplay {
        var events: [ReplayedEvent] = []
        var deferred: [DeferredLines.Entry] = []
        var firstSeq: Int?
        var firstPrev: [UInt8] = []
        var lastSeq = 0
        var lastHash = [UInt8](repeating: 0, count: 64)
        var torn = false
    }

    /// A full decode of one line (no reference checks: `verify` makes them): read straight
    /// from its bytes when it is in the store's compact layout (``LineChecker/event(_:)``), else
    /// through the JSON tree.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> Event? {
        if let event = LineChecker.event(bytes) { return event }
        return decodeThroughJSON(bytes)
    }

    /// The decode of one line through ``JSONParser`` and ``EventDecoder/decodeLine(_:)``.
    static func decodeThroughJSON(_ bytes: UnsafeRawBufferPointer) -> Event? {
        guard let value = try? JSONParser.parse(bytes), case .success(let decoded) = EventDecoder.decodeLine(value),
              let seq = decoded.seq, let prev = decoded.prev, let hash = decoded.hash else { return nil }
        return Event(seq: seq, content: decoded.content, prev: prev, hash: hash)
    }

    /// The `seq` at the start of a line and the offsets of its `prev` and `hash` hex digits at
    /// the end (`…,"prev":"<64>","hash":"<64>"}`), or nil when the line is not shaped so.
    static func links(_ line: UnsafeRawBufferPointer) -> (seq: Int, prevOffset: Int, hashOffset: Int)? {
        let prefix: StaticString = #"{"seq":"#, middle: StaticString = #"","hash":""#, before: StaticString = #","prev":""#
        let count = line.count
        guard count > 7 + 64 + 64 + 20, let base = line.baseAddress else { return nil }
        let hashOffset = count - 2 - 64
        let prevOffset = hashOffset - middle.utf8CodeUnitCount - 64
        guard line[count - 2] == UInt8(ascii: "\""), line[count - 1] == UInt8(ascii: "}"),
              memcmp(base + hashOffset - middle.utf8CodeUnitCount, middle.utf8Start, middle.utf8CodeUnitCount) == 0,
              memcmp(base + prevOffset - before.utf8CodeUnitCount, before.utf8Start, before.utf8CodeUnitCount) == 0,
              memcmp(base, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
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
        let marker: StaticString = #","type":""#
        guard let base = line.baseAddress else { return nil }
        var p = 7
        while p < line.count, line[p] != UInt8(ascii: ",") { p += 1 }
        p += 7  // ,"id":"
        guard p < line.count, let quote = memchr(base + p, 0x22, line.count - p) else { return nil }
        var at = base.distance(to: UnsafeRawPointer(quote)) + 1
        guard line.count - at > marker.utf8CodeUnitCount, memcmp(base + at, marker.utf8Start, marker.utf8CodeUnitCount) == 0 else { return nil }
        at += marker.utf8CodeUnitCount
        guard let end = memchr(base + at, 0x22, line.count - at) else { return nil }
        let length = base.distance(to: UnsafeRawPointer(end)) - at
        return LineFieldScanner.eventType(ByteSpan(start: at, count: length), line)
    }
}
