import Foundation
import Testing
@testable import ArmsLedgerCLI

/// `append`'s input is read whole: a large regular file in two halves at once, anything else
/// (a small file, a descriptor not at the file's start, a pipe) by the plain loop; every way
/// gives the same bytes.
@Suite("Input reading")
struct InputReadingTests {
    /// `count` bytes without a period (a multiplicative hash of each position), so that a part
    /// read into the wrong place shows.
    private static func pattern(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: (UInt64($0) &* 0x9E37_79B9_7F4A_7C15) >> 56) }
    }

    private static func file(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "armsledger-input-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [0, 1, 4096, CommandIO.parallelReadThreshold - 1, CommandIO.parallelReadThreshold, CommandIO.parallelReadThreshold + 12_345])
    func aFileIsReadWholeAtAnySize(size: Int) throws {
        let bytes = Self.pattern(size)
        let path = try Self.file(bytes)
        defer { unlink(path) }
        let io = CommandIO(out: { _ in }, err: { _ in })
        #expect(try io.readInput(path) == bytes)
    }

    /// Calls `body` with `bytes` in a temporary file, opened for reading, and the file's path.
    private static func withOpenFile(_ bytes: [UInt8], _ body: (Int32, String) throws -> Void) throws {
        let path = try file(bytes)
        defer { unlink(path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        try body(fd, path)
    }

    @Test func aLargeFileReadFromTheMiddleGivesTheRest() throws {
        let bytes = Self.pattern(CommandIO.parallelReadThreshold + 1_000)
        try Self.withOpenFile(bytes) { (fd: Int32, path: String) throws in
            #expect(lseek(fd, 777, SEEK_SET) == 777)
            #expect(try CommandIO.readAll(fd, name: path) == Array(bytes[777...]))
        }
    }

    @Test func aLargeFileLeavesItsDescriptorAtTheEnd() throws {
        let bytes = Self.pattern(CommandIO.parallelReadThreshold + 3)
        try Self.withOpenFile(bytes) { (fd: Int32, path: String) throws in
            #expect(try CommandIO.readAll(fd, name: path) == bytes)
            #expect(lseek(fd, 0, SEEK_CUR) == off_t(bytes.count))
        }
    }
}
