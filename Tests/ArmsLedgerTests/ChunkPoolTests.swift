import Foundation
import Testing
@testable import ArmsLedger

@Suite("Chunk pool of the line readers")
struct ChunkPoolTests {
    @Test func aChunkGivenBackIsHandedOutAgain() throws {
        let pool = ChunkPool(chunkSize: 1 << 16)
        let first = try pool.withChunk({ $0.baseAddress! }, orFail: "test")
        #expect(pool.idleCount == 1)
        let second = try pool.withChunk({ $0.baseAddress! }, orFail: "test")
        #expect(second == first)
        #expect(pool.idleCount == 1)
    }

    @Test func chunksInUseAtOnceAreDistinctAndAtMostTheKeptOnesStayIdle() throws {
        let pool = ChunkPool(chunkSize: 1 << 16)
        var seen: [UnsafeMutableRawPointer] = []
        func nest(_ depth: Int) throws(LedgerError) {
            guard depth > 0 else { return }
            try pool.withChunk({ (chunk) throws(LedgerError) in
                #expect(chunk.count == 1 << 16)
                seen.append(chunk.baseAddress!)
                try nest(depth - 1)
            }, orFail: "test")
        }
        try nest(ChunkPool.kept + 3)
        #expect(Set(seen).count == ChunkPool.kept + 3)
        #expect(pool.idleCount == ChunkPool.kept)
    }

    /// A reader that gets a chunk an earlier, longer read filled sees only its own file's bytes.
    @Test func aReusedChunkHoldsNoLinesOfAnEarlierFile() throws {
        let scratch = try ScratchDirectory()
        let long = (1...3000).map { "line \($0) " + String(repeating: "x", count: $0 % 97) }
        let short = ["a", "bb", "unterminated"]
        try Data((long.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: scratch.path("long")))
        try Data(short.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: scratch.path("short")))
        func lines(_ name: String) throws -> [String] {
            let handle = try LedgerFileHandle.open(scratch.path(name), flags: O_RDONLY)
            var lines: [String] = []
            try LineReader(descriptor: handle.descriptor, path: handle.path, limit: try handle.size())
                .forEachLine { _, bytes, _, _ in
                    lines.append(String(decoding: bytes, as: UTF8.self))
                    return true
                }
            return lines
        }
        #expect(try lines("long") == long)
        #expect(try lines("short") == short)
        #expect(try lines("long") == long)
    }
}
