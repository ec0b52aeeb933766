import Foundation
import Testing
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
