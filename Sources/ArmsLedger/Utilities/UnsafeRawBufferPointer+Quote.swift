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
