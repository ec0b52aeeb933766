import Dispatch

/// An `append` input after step 1: every line checked on its own (``AppendInput/check(_:range:now:)``),
/// with its 1-based line number; blank lines are skipped but counted.
///
/// A large input is checked in parts, split on line boundaries, on every core: lines need
/// nothing from each other at this step, and the parts' results are joined in order, so the
/// outcome is exactly that of one pass. Parts of a few megabytes each keep the cores evenly
/// busy when one of them is slowed by other work on the machine.
struct AppendBatch {
    /// The events of the valid lines, in input order.
    var events = AppendEvents()
    /// The problems of the invalid lines, in input order.
    var problems: [InputProblem] = []
    /// The keys of ``events`` for ``AppendKeyedCheck``, in input order (one chunk per part
    /// checked).
    var keys: [KeyedChunk] = []

    /// Inputs at least this large are checked in parts.
    static let parallelThreshold = 1 << 20
    /// About how many bytes a part holds (at least two parts are made).
    static let partSize = 4 << 20

    /// Checks every line of `input`, in parts of about `partSize` bytes (at least two) when it
    /// holds at least `parallelAbove` bytes.
    static func check(_ input: UnsafeRawBufferPointer, now: Timestamp, parallelAbove: Int = parallelThreshold,
                      partSize: Int = partSize) -> AppendBatch {
        guard input.count >= parallelAbove else { return check(input, range: 0..<input.count, now: now).batch }
        // Part boundaries just after a newline; the last part ends at the input's end.
        let partCount = max(2, input.count / max(partSize, 1))
        var ranges: [Range<Int>] = []
        var start = 0
        for part in 1..<partCount {
            guard start < input.count, let newline = input.firstNewline(in: max(start, input.count * part / partCount)..<input.count) else { break }
            ranges.append(start..<(newline + 1))
            start = newline + 1
        }
        ranges.append(start..<input.count)
        if ranges.count == 1 { return check(input, range: 0..<input.count, now: now).batch }
        let partRanges = ranges
        let parts = SendableBox<[(batch: AppendBatch, lines: Int)?]>(Array(repeating: nil, count: ranges.count))
        let shared = UncheckedSendable(input)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { part in
            parts.set(part, check(shared.value, range: partRanges[part], now: now))
        }
        guard var joined = parts.take(0) else { preconditionFailure("every part is checked") }
        for part in 1..<ranges.count {
            guard let next = parts.take(part) else { preconditionFailure("every part is checked") }
            // Each earlier part ends with its newline, so its last (empty) line is the next one's first.
            let offset = joined.lines - 1
            joined.batch.events.append(contentsOf: next.batch.events, lineOffset: offset)
            joined.batch.problems += next.batch.problems.map { InputProblem(line: $0.line + offset, issue: $0.issue) }
            joined.batch.keys += next.batch.keys
            joined.lines += next.lines - 1
        }
        return joined.batch
    }

    /// Checks the lines of `range` (numbered from 1); also returns how many lines it counted, the
    /// empty one after a final newline included.
    private static func check(_ input: UnsafeRawBufferPointer, range: Range<Int>, now: Timestamp) -> (batch: AppendBatch, lines: Int) {
        var batch = AppendBatch()
        var events: [(line: Int, event: AppendInput)] = []
        events.reserveCapacity(range.count / 256)
        var keys = KeyedChunk(mask: ~0)
        keys.reserveCapacity(forLinesIn: range.count)
        var lineNumber = 0
        var from = range.lowerBound
        while from <= range.upperBound {
            let newline = input.firstNewline(in: from..<range.upperBound) ?? range.upperBound
            defer { from = newline + 1 }
            lineNumber += 1
            var end = newline
            if end > from, input[end - 1] == 0x0D { end -= 1 }
            if input[from..<end].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }  // stops at a line's first `{`
            switch AppendInput.check(input, range: from..<end, now: now) {
            case .success(let event):
                // The keys first, so that the event is moved into `events`, not copied.
                if batch.problems.isEmpty { keys.addEvent(id: event.id, stream: event.stream, payload: event.payload) }
                events.append((lineNumber, event))
            case .failure(let issues): batch.problems += issues.issues.map { InputProblem(line: lineNumber, issue: $0) }
            }
        }
        batch.events = AppendEvents(events)
        if batch.problems.isEmpty { batch.keys = [keys] }
        return (batch, lineNumber)
    }
}
