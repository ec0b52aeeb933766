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
    /// The index of the first `"` at or after `start` that is followed by `next`, found eight
    /// places at a time (a word test for `"` and one for `next` a byte further on); nil when
    /// there is none. Keys are looked for so in a line where most quotes begin other strings.
    func firstQuote(followedBy next: UInt8, from start: Int) -> Int? {
        guard let base = baseAddress else { return nil }
        var p = start
        while p + 9 <= count {
            var flagged = ByteWord.equal(base.loadUnaligned(fromByteOffset: p, as: UInt64.self), 0x22)
                & ByteWord.equal(base.loadUnaligned(fromByteOffset: p + 1, as: UInt64.self), next)
            // A borrow may flag a place above a true match, never miss one: each flag is checked.
            while flagged != 0 {
                let at = p + ByteWord.firstFlagged(flagged)
                if self[at] == 0x22, self[at + 1] == next { return at }
                flagged &= flagged &- 1
            }
            p += 8
        }
        while p + 1 < count {
            if self[p] == 0x22, self[p + 1] == next { return p }
            p += 1
        }
        return nil
    }
}
