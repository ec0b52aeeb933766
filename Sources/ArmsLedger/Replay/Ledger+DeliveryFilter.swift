extension Ledger {
    /// A line filter for ``replay(clock:types:prefetched:lineFilter:_:)`` that skips the
    /// deliveries (`transfer.delivered`, `service.delivered`) to anyone but `recipients`. Every
    /// other line passes, and so does a delivery whose recipient cannot be told for certain in
    /// place (``recipient(_:)``): it is decoded, and the projection decides.
    static func deliveryFilter(recipients: some Sequence<ActorCode>) -> (UnsafeRawBufferPointer, EventType?) -> Bool {
        let wanted = recipients.map { Array($0.rawValue.utf8) }
        return { line, type in
            guard type == .transferDelivered || type == .serviceDelivered, let recipient = recipient(line) else { return true }
            return wanted.contains { $0.elementsEqual(recipient) }
        }
    }

    /// The bytes of a line's `"recipient"` value, as ``stringValue(of:in:)`` reads it.
    static func recipient(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        stringValue(of: #""recipient":""#, in: line)
    }

    /// The bytes of the string value of `key` (given with its quotes, colon and opening quote:
    /// `"recipient":"`) when the line holds that pattern exactly once, right after a `,` or `{`,
    /// and the value has no escape; else nil.
    ///
    /// In valid JSON the pattern right after `,` or `{` can only be that key with a string
    /// value: a `"` inside a string is escaped (so follows a backslash), and a string is
    /// followed by `,`, `:`, `}` or `]`, never by a letter. A second occurrence (a nested
    /// object of an unknown field, or a key that ends in the pattern after an escaped quote,
    /// `"a\"recipient":"`) makes the value ambiguous, and the caller decodes the line.
    static func stringValue(of key: StaticString, in line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        let keyCount = key.utf8CodeUnitCount
        guard keyCount > 1 else { return nil }
        let pattern = UnsafeRawBufferPointer(start: key.utf8Start, count: keyCount)
        /// The offset of the first occurrence at or after `from`, or -1 when it does not follow `,` or `{`.
        func find(from: Int) -> Int? {
            guard let offset = line.firstOccurrence(of: pattern, from: from) else { return nil }
            return offset > 0 && (line[offset - 1] == UInt8(ascii: ",") || line[offset - 1] == UInt8(ascii: "{")) ? offset : -1
        }
        guard let found = find(from: 0), found >= 0 else { return nil }
        let start = found + keyCount
        if find(from: start) != nil { return nil }
        var end = start
        while end < line.count, line[end] != UInt8(ascii: "\""), line[end] != UInt8(ascii: "\\") { end += 1 }
        guard end < line.count, line[end] == UInt8(ascii: "\"") else { return nil }
        return UnsafeRawBufferPointer(rebasing: line[start..<end])
    }
}
