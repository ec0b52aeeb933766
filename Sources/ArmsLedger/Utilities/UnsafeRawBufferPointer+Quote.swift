import CArmsLedgerScan

extension UnsafeRawBufferPointer {
    /// The index of the first `"` at or after `start`, found eight bytes at a time; nil when
    /// there is none. In a JSON line quotes come every few bytes, so a call to `memchr` for each
    /// costs more than this word scan.
    func firstQuote(from start: Int) -> Int? {
        guard let base = baseAddress else { return nil }
        var p = start
        while p + 8 <= count {
            let flagged = ByteWord.equal(base.loadUnaligned(fromByteOffset: p, as: UInt64.self), 0x22)
            if flagged != 0 { return p + ByteWord.firstFlagged(flagged) }
            p += 8
        }
        while p < count {
            if self[p] == 0x22 { return p }
            p += 1
        }
        return nil
    }
}

extension UnsafeRawBufferPointer {
    /// The index of the first occurrence of `key` (two bytes or more) at or after `start`, found
    /// by testing two of its bytes at 32 or 16 places at a time (``armsledger_find_key``); nil
    /// when there is none. Keys are looked for so in a line where most quotes begin other strings.
    ///
    /// - Parameter width: The widest test the search may use (32, 16, or less for a byte at a
    ///   time); the tests check each.
    func firstOccurrence(of key: UnsafeRawBufferPointer, from start: Int, width: Int32 = 32) -> Int? {
        guard let base = baseAddress, let keyBase = key.baseAddress, start < count else { return nil }
        let found = armsledger_find_key(base.assumingMemoryBound(to: UInt8.self), count, start,
                                        keyBase.assumingMemoryBound(to: UInt8.self), key.count, width)
        return found < 0 ? nil : found
    }
}
