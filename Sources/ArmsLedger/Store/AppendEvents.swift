/// The events of an `append` batch in input order, each with its 1-based input line number,
/// held in the parts they were checked in (``AppendBatch``): joining the parts into one array
/// would copy every event once more, on one thread, before anything else can start.
struct AppendEvents: RandomAccessCollection, Sendable {
    typealias Element = (line: Int, event: AppendInput)

    /// The parts, none empty; their line numbers count from their own start.
    private var parts: [[Element]] = []
    /// What to add to each part's line numbers.
    private var lineOffsets: [Int] = []
    /// The index of each part's first event, then the count of all.
    private var starts: [Int] = [0]

    init() {}

    /// The events of one part, numbered from its own first line.
    init(_ events: [Element]) {
        append(part: events, lineOffset: 0)
    }

    /// Adds the events of `other` after these, their line numbers moved on by `lineOffset`.
    mutating func append(contentsOf other: AppendEvents, lineOffset: Int) {
        for (part, offset) in zip(other.parts, other.lineOffsets) { append(part: part, lineOffset: offset + lineOffset) }
    }

    private mutating func append(part: [Element], lineOffset: Int) {
        guard !part.isEmpty else { return }
        parts.append(part)
        lineOffsets.append(lineOffset)
        starts.append(endIndex + part.count)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { starts[starts.count - 1] }

    subscript(position: Int) -> Element {
        precondition(position >= 0 && position < endIndex, "index out of range")
        // The last part that starts at or before `position`.
        var low = 0, high = parts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= position { low = middle } else { high = middle - 1 }
        }
        let element = parts[low][position - starts[low]]
        return (element.line + lineOffsets[low], element.event)
    }

    /// Walks the parts in order (no search per event).
    struct Iterator: IteratorProtocol {
        fileprivate let events: AppendEvents
        fileprivate var part = 0
        fileprivate var index = 0

        mutating func next() -> Element? {
            while part < events.parts.count {
                let events = self.events
                if index < events.parts[part].count {
                    let element = events.parts[part][index]
                    index += 1
                    return (element.line + events.lineOffsets[part], element.event)
                }
                (part, index) = (part + 1, 0)
            }
            return nil
        }
    }

    func makeIterator() -> Iterator { Iterator(events: self) }
}
