import Foundation
import Testing
import CArmsLedgerIO
@testable import ArmsLedger

/// The C-library file operations that replace Foundation's in the library (``FileSystem``).
@Suite("File system")
struct FileSystemTests {
    @Test func writeAtomicallyCreatesTheFoldersAndLeavesNoTemporary() throws {
        let directory = try ScratchDirectory()
        let path = directory.path("a/b/c.md")
        try FileSystem.writeAtomically(Array("one".utf8), to: path)
        try FileSystem.writeAtomically(Array("two".utf8), to: path)
        #expect(FileSystem.contents(of: path) == Array("two".utf8))
        #expect(FileSystem.names(in: directory.path("a/b")) == ["c.md"])
    }

    @Test func filesUnderListsEveryFileAtEveryDepthRelativeToTheFolder() throws {
        let directory = try ScratchDirectory()
        for name in ["x.json", "d/y.csv", "d/e/z.md"] {
            try FileSystem.writeAtomically([], to: directory.path(name))
        }
        #expect(FileSystem.files(under: directory.path("")).sorted() == ["d/e/z.md", "d/y.csv", "x.json"])
        #expect(FileSystem.files(under: directory.path("missing")).isEmpty)
        #expect(FileSystem.isDirectory(directory.path("d")) == true)
        #expect(FileSystem.isDirectory(directory.path("x.json")) == false)
        #expect(FileSystem.isDirectory(directory.path("missing")) == nil)
    }

    /// The writeback hint an append gives after each chunk (``LedgerFileHandle/startWriteback(at:count:)``)
    /// starts I/O on a real file, changes no byte, and reports a bad descriptor instead of
    /// failing silently.
    @Test func theWritebackHintWorksOnFilesAndReportsBadDescriptors() throws {
        errno = 0
        #expect(armsledger_start_writeback(-1, 0, 4096) == -1)
        #expect(errno == EBADF)
        let directory = try ScratchDirectory()
        let handle = try LedgerFileHandle.open(directory.path("hinted"), flags: O_RDWR | O_CREAT)
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try handle.write(bytes, at: 0)
        #expect(armsledger_start_writeback(handle.descriptor, 0, Int64(bytes.count)) == 0)
        handle.startWriteback(at: 50_000, count: 50_000)
        try handle.sync()
        #expect(try handle.read(count: bytes.count, at: 0) == bytes)
    }

    @Test func failuresNameTheOperationThePathAndTheReason() throws {
        let directory = try ScratchDirectory()
        #expect(FileSystem.contents(of: directory.path("missing")) == nil)
        #expect(FileSystem.names(in: directory.path("missing")) == nil)
        do {
            try FileSystem.remove(directory.path("missing"))
            Issue.record("removing a missing file must fail")
        } catch {
            #expect(error.description == "\(directory.path("missing")): cannot delete: No such file or directory")
        }
        try FileSystem.writeAtomically([], to: directory.path("file"))
        do {
            try FileSystem.writeAtomically([], to: directory.path("file/inside.md"))
            Issue.record("a file cannot hold a folder")
        } catch {
            #expect(error.description == "\(directory.path("file")): cannot create the folder: File exists")
        }
    }
}
