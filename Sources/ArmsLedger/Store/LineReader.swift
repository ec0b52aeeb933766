#if canImport(Glibc)
import Glibc
#endif

/// Reads a file as lines, in large chunks, without copying lines that lie inside a chunk.
///
/// A line is handed out as the bytes between newlines (the `\n` excluded) together with whether
/// it was terminated; only the last line of the file can be unterminated. Lines longer than a
/// chunk are assembled in a growing carry buffer.
struct LineReader {
    static let chunkSize = 4 << 20

    let descriptor: Int32
    let path: String
    /// Read no further than this many bytes (a snapshot of the file's length).
    let limit: Int64
    /// Start reading at this offset (a line boundary).
    var start: Int64 = 0

    /// Calls `body(lineNumber, bytes, terminated, offset)` for each line; `body` returns false to stop.
    func forEachLine(_ body: (Int, UnsafeRawBufferPointer, Bool, Int64) throws(LedgerError) -> Bool) throws(LedgerError) {
        // The chunk is mapped directly rather than taken from malloc: glibc raises its mmap
        // threshold to the size of any mapped block it frees, and after a 4 MB one every array
        // under 4 MB would live in the heap, where the old copies a growing array leaves behind
        // stay resident (the fast paths' deal tables would then cost twice their size). The
        // pool maps each chunk once and hands it to the next reader.
        try ChunkPool.shared.withChunk({ (buffer) throws(LedgerError) in try forEachLine(in: buffer, body) }, orFail: path)
    }

    /// ``forEachLine(_:)`` reading through `buffer`.
    private func forEachLine(in buffer: UnsafeMutableRawBufferPointer,
                             _ body: (Int, UnsafeRawBufferPointer, Bool, Int64) throws(LedgerError) -> Bool) throws(LedgerError) {
        var carry: [UInt8] = []
        var lineNumber = 0
        var fileOffset: Int64 = start    // offset of buffer[0] in the file
        var lineStartOffset: Int64 = start  // offset of the current line's first byte
        while fileOffset < limit {
            let want = Int(min(Int64(buffer.count), limit - fileOffset))
            let got = pread(descriptor, buffer.baseAddress, want, off_t(fileOffset))
            if got < 0 {
                if errno == EINTR { continue }
                throw LedgerError.io(path: path, operation: "read", code: errno)
            }
            if got == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<got])
            var start = 0
            while start < got {
                let remaining = got - start
                let found = memchr(chunk.baseAddress! + start, 0x0A, remaining)
                guard let found else {
                    carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<got]))
                    break
                }
                let end = chunk.baseAddress!.distance(to: UnsafeRawPointer(found))
                lineNumber += 1
                let keepGoing: Bool
                if carry.isEmpty {
                    keepGoing = try body(lineNumber, UnsafeRawBufferPointer(rebasing: chunk[start..<end]), true, lineStartOffset)
                } else {
                    carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
                    keepGoing = try Self.withBytes(carry) { (bytes) throws(LedgerError) -> Bool in
                        try body(lineNumber, bytes, true, lineStartOffset)
                    }
                    carry.removeAll(keepingCapacity: true)
                }
                if !keepGoing { return }
                start = end + 1
                lineStartOffset = fileOffset + Int64(start)
            }
            fileOffset += Int64(got)
        }
        if !carry.isEmpty {
            lineNumber += 1
            _ = try Self.withBytes(carry) { (bytes) throws(LedgerError) -> Bool in
                try body(lineNumber, bytes, false, lineStartOffset)
            }
        }
    }

    /// `Array.withUnsafeBytes` with a typed error.
    static func withBytes<R>(_ array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(LedgerError) -> R) throws(LedgerError) -> R {
        let result: Result<R, LedgerError> = array.withUnsafeBytes { bytes in
            do throws(LedgerError) { return .success(try body(bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
