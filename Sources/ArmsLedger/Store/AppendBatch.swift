import Dispatch

/// An `append` input after step 1: every line checked on its own (``AppendInput/check(_:range:now:)``),
/// with its 1-based line number; blank lines are skipped but counted.
///
/// A large input is checked in two halves, split on a line boundary, on two threads: lines
/// need nothing from each other at this step, and the halves' results are joined in order, so
/// the outcome is exactly that of one pass.
struct AppendBatch {
    /// The events of the valid lines, in input order.
    var events: [(line: Int, event: AppendInput)] = []
    /// The problems of the invalid lines, in input order.
    var problems: [InputProblem] = []
    /// The keys of ``events`` for ``AppendKeyedCheck``, in input order (one chunk per part
    /// checked).
    var keys: [KeyedChunk] = []

    /// Inputs at least this large are checked in two halves.
    static let parallelThreshold = 1 << 20

    /// Checks every line of `input`, in two halves when it holds at least `parallelAbove` bytes.
    static func check(_ input: UnsafeRawBufferPointer, now: Timestamp, parallelAbove: Int = parallelThreshold) -> AppendBatch {
        guard input.count >= parallelAbove,
              let newline = input.firstNewline(in: (input.count / 2)..<input.count)
        else { return check(input, range: 0..<input.count, now: now).batch }
        let ranges = [0..<(newline + 1), (newline + 1)..<input.count]
        let parts = SendableBox<[(batch: AppendBatch, lines: Int)?]>(Array(repeating: nil, count: 2))
        let shared = UncheckedSendable(input)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { part in
            parts.set(part, check(shared.value, range: ranges[part], now: now))
        }
        guard var joined = parts.take(0), let second = parts.take(1) else { preconditionFailure("both halves are checked") }
        // The first half ends with its newline, so its last (empty) line is the second's first.
        let offset = joined.lines - 1
        joined.batch.events += second.batch.events.map { (line: $0.line + offset, event: $0.event) }
        joined.batch.problems += second.batch.problems.map { InputProblem(line: $0.line + offset, issue: $0.issue) }
        joined.batch.keys += second.batch.keys
        return joined.batch
    }

    /// Checks the lines of `range` (numbered from 1); also returns how many lines it counted, the
    /// empty one after a final newline included.
    private static func check(_ input: UnsafeRawBufferPointer, range: Range<Int>, now: Timestamp) -> (batch: AppendBatch, lines: Int) {
        var batch = AppendBatch()
        batch.events.reserveCapacity(range.count / 256)
        var keys = KeyedChunk(mask: ~0)
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
                batch.events.append((lineNumber, event))
                if batch.problems.isEmpty { keys.addEvent(id: event.id, stream: event.stream, payload: event.payload) }
            case .failure(let issues): batch.problems += issues.issues.map { InputProblem(line: lineNumber, issue: $0) }
            }
        }
        if batch.problems.isEmpty { batch.keys = [keys] }
        return (batch, lineNumber)
    }
}
