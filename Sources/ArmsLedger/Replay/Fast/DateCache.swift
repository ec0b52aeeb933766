/// Parses each distinct date text once: the replay's fast path sees the same few thousand
/// dates millions of times.
struct DateCache {
    private var interner = ByteInterner()
    private var bounds: [(lower: Day, upper: Day)?] = []

    /// The day range of a date's bytes, or nil when it is not a valid date.
    mutating func bounds(_ bytes: UnsafeRawBufferPointer) -> (lower: Day, upper: Day)? {
        let (id, isNew) = interner.intern(bytes)
        if isNew { bounds.append(EDTFDate.bounds(bytes)) }
        return bounds[id]
    }

    /// The id of a date text (for keeping the text of first and last deliveries) with its range.
    mutating func lookup(_ bytes: UnsafeRawBufferPointer) -> (id: Int, bounds: (lower: Day, upper: Day)?) {
        let (id, isNew) = interner.intern(bytes)
        if isNew { bounds.append(EDTFDate.bounds(bytes)) }
        return (id, bounds[id])
    }

    /// The text of a date id.
    func text(_ id: Int) -> String { interner.string(id) }
}
