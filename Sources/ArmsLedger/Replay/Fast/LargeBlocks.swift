#if canImport(Glibc)
import Glibc
#endif

/// Keeps the allocator's large blocks out of the heap, so that a fast path's memory is what
/// its tables hold.
///
/// glibc serves a block from its own mapping when it is at least the *mmap threshold* (128 KB
/// at start) and gives the mapping back on free; but it raises the threshold to the size of
/// every mapped block freed. After the first few frees of a growing table (or of any buffer),
/// tables of up to a few megabytes then live in the heap, where the old copy each doubling
/// leaves behind stays resident: the peak memory of a replay came out near twice its state.
/// Fixing the threshold turns that adjustment off. It is process-wide and only changes where
/// blocks come from, never what a program computes.
enum LargeBlocks {
    /// The fixed threshold: blocks from 256 KB up are mapped.
    static let threshold: Int32 = 256 << 10

    /// Fixes glibc's mmap threshold (a no-op where there is no `mallopt`); cheap, and
    /// harmless to repeat.
    static func keepMapped() {
        _ = setThreshold
    }

    /// `mallopt(M_MMAP_THRESHOLD, threshold)`, looked up at run time (Swift's Glibc module does
    /// not import `malloc.h`), done once.
    private static let setThreshold: Bool = {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mmapThreshold: Int32 = -3   // M_MMAP_THRESHOLD in <malloc.h>
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        return unsafeBitCast(symbol, to: Mallopt.self)(mmapThreshold, threshold) == 1
        #else
        return false
        #endif
    }()
}
