/// Parses each distinct date text once: the replay's fast path sees the same few thousand
/// dates millions of times.
struct DateCache {
    private var interner = ByteInterner()
    private var bounds: [(lower: Day, upper: Day)?] = []
    /// When set, the cache forgets everything once it holds this many texts, so that its
    /// memory stays bounded (a ledger's distinct interval dates grow with it); ``lookup(_:)``,
    /// whose ids must stay valid, is then not available.
    let limit: Int?

    /// A cache that keeps every text (``lookup(_:)`` ids stay valid), or at most `limit` at a time.
    init(limit: Int? = nil) {
        self.limit = limit
    }

    /// The day range of a date's bytes, or nil when it is not a valid date.
    mutating func bounds(_ bytes: UnsafeRawBufferPointer) -> (lower: Day, upper: Day)? {
        if let simple = Self.simpleBounds(bytes) { return simple }
        if let limit, interner.count >= limit {
            interner = ByteInterner()
            bounds.removeAll()
        }
        let (id, isNew) = interner.intern(bytes)
        if isNew { bounds.append(EDTFDate.bounds(bytes)) }
        return bounds[id]
    }

    /// The id of a date text (for keeping the text of first and last deliveries) with its range.
    mutating func lookup(_ bytes: UnsafeRawBufferPointer) -> (id: Int, bounds: (lower: Day, upper: Day)?) {
        precondition(limit == nil, "a bounded date cache gives no lasting ids")
        let (id, isNew) = interner.intern(bytes)
        if isNew { bounds.append(EDTFDate.bounds(bytes)) }
        return (id, bounds[id])
    }

    /// The text of a date id.
    func text(_ id: Int) -> String { interner.string(id) }

    /// The range of a plain `YYYY`, `YYYY-MM` or `YYYY-MM-DD` computed directly (cheaper than a
    /// table lookup); nil for every other form, which goes through the full parser.
    static func simpleBounds(_ bytes: UnsafeRawBufferPointer) -> (lower: Day, upper: Day)? {
        let count = bytes.count
        guard count == 4 || count == 7 || count == 10 else { return nil }
        @inline(__always) func digits(_ at: Int, _ n: Int) -> Int? {
            var value = 0
            for i in at..<(at + n) {
                let b = bytes[i] &- 0x30
                guard b < 10 else { return nil }
                value = value * 10 + Int(b)
            }
            return value
        }
        guard let year = digits(0, 4) else { return nil }
        if count == 4 {
            guard let lower = Day(year: year, month: 1, day: 1), let upper = Day(year: year, month: 12, day: 31) else { return nil }
            return (lower, upper)
        }
        guard bytes[4] == UInt8(ascii: "-"), let month = digits(5, 2), (1...12).contains(month) else { return nil }
        if count == 7 {
            guard let lower = Day(year: year, month: month, day: 1),
                  let upper = Day(year: year, month: month, day: Day.lastDay(ofMonth: month, year: year)) else { return nil }
            return (lower, upper)
        }
        guard bytes[7] == UInt8(ascii: "-"), let day = digits(8, 2), let date = Day(year: year, month: month, day: day) else { return nil }
        return (date, date)
    }
}
