/// A range of bytes within one ledger line.
struct ByteSpan {
    var start = 0
    var count = 0

    func bytes(in line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: line[start..<(start + count)])
    }
}

/// What the replay's fast path reads from one ledger line, as spans into the line: no strings,
/// no allocations. Filled by ``LineFieldScanner``.
struct LineFields {
    var seq = 0
    var id = ByteSpan()
    var type = EventType.actorDescribed
    var occurred = ByteSpan()
    var recorded = ByteSpan()
    var confidence = Confidence.confirmed
    /// Known date: the earliest lower bound of the sources' dates (nil when there are none).
    var knownLower: Day?
    var sourceCount = 0
    var deal = ByteSpan()
    var supplier = ByteSpan()
    var recipient = ByteSpan()
    var system = ByteSpan()
    var category: Category?
    /// nil when the event gives no quantity.
    var quantity: Int64?
    var quantityEstimated = false
    var valueAmount: Int64?
    var valueCurrency = ByteSpan()
    var prev = ByteSpan()
    var hash = ByteSpan()

    mutating func reset() {
        self = LineFields()
    }
}
