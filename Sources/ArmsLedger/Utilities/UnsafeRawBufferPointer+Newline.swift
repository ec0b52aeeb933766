#if canImport(Glibc)
import Glibc
#endif

extension UnsafeRawBufferPointer {
    /// The index of the first `\n` within `range`, found with `memchr` (a vectorised scan, much
    /// faster than a byte loop over long lines); nil when there is none.
    func firstNewline(in range: Range<Int>) -> Int? {
        guard !range.isEmpty, let base = baseAddress, let found = memchr(base + range.lowerBound, 0x0A, range.count) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }
}
