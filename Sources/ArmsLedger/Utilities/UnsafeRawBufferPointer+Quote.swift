extension UnsafeRawBufferPointer {
    /// The index of the first `"` at or after `start`, found eight bytes at a time; nil when
    /// there is none. In a JSON line quotes come every few bytes, so a call to `memchr` for each
    /// costs more than this word scan.
    func firstQuote(from start: Int) -> Int? {
        guard let base = baseAddress else { return nil }
        var p = start
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while p + 8 <= count {
            let other = base.loadUnaligned(fromByteOffset: p, as: UInt64.self) ^ (ones &* 0x22)
            // A byte's high bit is set where it was `"`; a borrow can flag bytes above the first
            // match, never below it, so the lowest flagged byte is the first match.
            let flagged = (other &- ones) & ~other & highs
            if flagged != 0 { return p + flagged.trailingZeroBitCount >> 3 }
            p += 8
        }
        while p < count {
            if self[p] == 0x22 { return p }
            p += 1
        }
        return nil
    }
}
