#if canImport(Glibc)
import Glibc
#endif

/// The read buffers of ``LineReader``, mapped once and handed out again, so that a replay that
/// reads its file in many parts (32 on a large ledger, twice over) does not map a fresh
/// 4 MB chunk for each: a fresh mapping costs a page fault and a zeroed page for every 4 KB
/// the first read fills, about a thousand faults a part.
///
/// The pool keeps at most ``kept`` idle chunks (as many as threads read at once, with room
/// to spare); a chunk given back beyond that is unmapped. Chunks are mapped directly, not
/// taken from malloc (see ``LineReader/forEachLine(_:)`` for why), and their memory is
/// resident while the pool keeps them: a few chunks, whatever the file's size.
final class ChunkPool: @unchecked Sendable {
    /// The pool the line readers share.
    static let shared = ChunkPool(chunkSize: LineReader.chunkSize)

    /// The most idle chunks kept.
    static let kept = 4

    let chunkSize: Int
    private var idle: [UnsafeMutableRawPointer] = []
    private let lock = NSLockLike()

    init(chunkSize: Int) {
        self.chunkSize = chunkSize
    }

    deinit {
        for chunk in idle { munmap(chunk, chunkSize) }
    }

    /// The number of idle chunks (for tests).
    var idleCount: Int { lock.withLock { idle.count } }

    /// Calls `body` with a chunk of ``chunkSize`` writable bytes (an idle one when there is one,
    /// else newly mapped; its bytes are whatever an earlier reader left), and takes it back after.
    func withChunk<R>(_ body: (UnsafeMutableRawBufferPointer) throws(LedgerError) -> R,
                      orFail path: String) throws(LedgerError) -> R {
        let chunk = try take(path)
        defer { giveBack(chunk) }
        return try body(UnsafeMutableRawBufferPointer(start: chunk, count: chunkSize))
    }

    private func take(_ path: String) throws(LedgerError) -> UnsafeMutableRawPointer {
        if let chunk = lock.withLock({ idle.popLast() }) { return chunk }
        guard let mapped = mmap(nil, chunkSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapped != MAP_FAILED
        else { throw LedgerError.io(path: path, operation: "mmap", code: errno) }
        return mapped
    }

    private func giveBack(_ chunk: UnsafeMutableRawPointer) {
        let kept = lock.withLock { () -> Bool in
            guard idle.count < Self.kept else { return false }
            idle.append(chunk)
            return true
        }
        if !kept { munmap(chunk, chunkSize) }
    }
}
