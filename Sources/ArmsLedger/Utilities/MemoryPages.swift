#if canImport(Glibc)
import Glibc
#endif

/// Faulting fresh memory in ahead of its use.
///
/// A large buffer from `malloc` or `calloc` is a fresh mapping whose pages are allocated (and
/// zeroed) one fault at a time as they are first touched. Two patterns make that costly: filling
/// a buffer page by page (a fault each, inside `read` or a loop), and reading a page before
/// writing it (the read maps the shared zero page, and the write then takes a copy-on-write
/// fault and, while other threads run, a TLB flush on every core). Populating the pages writable
/// in one call first (`MADV_POPULATE_WRITE`, Linux 5.14) costs one kernel entry for them all.
public enum MemoryPages {
    /// Faults in, writable, the whole pages that lie within `count` bytes at `start`. Only a
    /// hint: no byte changes, and where the kernel refuses it the pages are faulted when used.
    public static func populateWritable(_ start: UnsafeMutableRawPointer, count: Int) {
        let page = 4096, populateWrite: Int32 = 23  // MADV_POPULATE_WRITE in <linux/mman.h>
        let first = (Int(bitPattern: start) + page - 1) / page * page
        let end = (Int(bitPattern: start) + count) / page * page
        guard end > first else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: first), end - first, populateWrite)
    }
}
