#if canImport(Glibc)
import Glibc
#endif
import CArmsLedgerIO

/// An open file descriptor with the few system calls the store needs, each failure turned into
/// ``LedgerError/io(path:operation:code:)``. Closes itself when released.
/// Sendable: its state is immutable, and the positional calls it makes (`pread`, `pwrite`) are
/// safe from several threads.
final class LedgerFileHandle: @unchecked Sendable {
    let descriptor: Int32
    let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// Opens with `open(2)` flags; a missing file is ``LedgerError/notFound(path:)`` unless `missingIs` says otherwise.
    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws(LedgerError) -> LedgerFileHandle {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return LedgerFileHandle(descriptor: fd, path: path) }
            if errno == EINTR { continue }
            if errno == ENOENT && flags & O_CREAT == 0 { throw .notFound(path: path) }
            if errno == EEXIST { throw .alreadyExists(path: path) }
            throw .io(path: path, operation: "open", code: errno)
        }
    }

    /// Takes an exclusive `flock(2)`, waiting for other appenders.
    func lockExclusive() throws(LedgerError) {
        try lock(LOCK_EX)
    }

    /// Takes a shared `flock(2)`: excludes appenders, not other shared holders (a dry run).
    func lockShared() throws(LedgerError) {
        try lock(LOCK_SH)
    }

    private func lock(_ operation: Int32) throws(LedgerError) {
        while flock(descriptor, operation) != 0 {
            if errno == EINTR { continue }
            throw .io(path: path, operation: "lock", code: errno)
        }
    }

    /// The file's size from `fstat(2)`.
    func size() throws(LedgerError) -> Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .io(path: path, operation: "stat", code: errno) }
        return Int64(info.st_size)
    }

    /// Writes all of `bytes` at `offset` with `pwrite(2)`, retrying short writes.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(LedgerError) {
        var written = 0
        while written < bytes.count {
            let n = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(offset + Int64(written)))
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "write", code: errno)
            }
            if n == 0 { throw .io(path: path, operation: "write", code: ENOSPC) }
            written += n
        }
    }

    /// Writes a byte array at `offset`.
    func write(_ bytes: [UInt8], at offset: Int64) throws(LedgerError) {
        try LineReader.withBytes(bytes) { (buffer) throws(LedgerError) in try write(buffer, at: offset) }
    }

    /// Reads up to `count` bytes at `offset`.
    func read(count: Int, at offset: Int64) throws(LedgerError) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = result.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + got, count - got, off_t(offset + Int64(got))) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "read", code: errno)
            }
            if n == 0 { break }
            got += n
        }
        result.removeLast(count - got)
        return result
    }

    /// Starts writing `count` bytes at `offset` back to the device without waiting
    /// (`sync_file_range(2)` with `SYNC_FILE_RANGE_WRITE`), so that a later ``sync()`` of a large
    /// batch finds most of it already on its way. Only a hint: it makes nothing durable, and
    /// where it fails or is not available ``sync()`` does all the work as before.
    func startWriteback(at offset: Int64, count: Int) {
        _ = armsledger_start_writeback(descriptor, offset, Int64(count))
    }

    /// Flushes data to stable storage with `fsync(2)`.
    func sync() throws(LedgerError) {
        guard fsync(descriptor) == 0 else { throw .io(path: path, operation: "fsync", code: errno) }
    }

    /// Cuts the file to `length` bytes with `ftruncate(2)`.
    func truncate(to length: Int64) throws(LedgerError) {
        while ftruncate(descriptor, off_t(length)) != 0 {
            if errno == EINTR { continue }
            throw .io(path: path, operation: "truncate", code: errno)
        }
    }

    /// Syncs the directory holding `path`, so that a new or renamed file's entry is durable.
    static func syncDirectory(of path: String) {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let fd = Glibc.open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}
