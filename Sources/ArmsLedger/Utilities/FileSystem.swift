#if canImport(Glibc)
import Glibc
#endif

/// The few file-system operations the library needs beyond the ledger's own file handling,
/// written on the C library so that the library and the `armsledger` binary do not link
/// Foundation (which costs every command a few milliseconds of start-up, the warm replay's
/// largest fixed cost).
enum FileSystem {
    /// The names in a directory (without `.` and `..`), or nil when it cannot be read.
    static func names(in directory: String) -> [String]? {
        guard let stream = opendir(directory) else { return nil }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// True for a directory, false for anything else that exists, nil when nothing is there.
    static func isDirectory(_ path: String) -> Bool? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & S_IFMT == S_IFDIR
    }

    /// The paths, relative to `directory`, of every file that is not a directory below it (all
    /// depths); empty when the directory does not exist.
    static func files(under directory: String) -> [String] {
        var found: [String] = []
        func walk(_ relative: String) {
            let path = relative.isEmpty ? directory : directory + "/" + relative
            for name in names(in: path) ?? [] {
                let child = relative.isEmpty ? name : relative + "/" + name
                switch isDirectory(directory + "/" + child) {
                case true?: walk(child)
                case false?: found.append(child)
                case nil: break
                }
            }
        }
        walk("")
        return found
    }

    /// The whole contents of a file, or nil when it cannot be read.
    static func contents(of path: String) -> [UInt8]? {
        guard let file = try? LedgerFileHandle.open(path, flags: O_RDONLY), let size = try? file.size() else { return nil }
        return try? file.read(count: Int(size), at: 0)
    }

    /// Creates a directory and any missing parents (`mkdir -p`).
    static func makeDirectories(_ path: String) throws(LedgerError) {
        if path.isEmpty || isDirectory(path) == true { return }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        if mkdir(path, 0o755) != 0 {
            let code = errno
            // A folder made meanwhile by someone else is fine; a file in its place is not.
            if code == EEXIST, isDirectory(path) == true { return }
            throw .io(path: path, operation: "create the folder", code: code)
        }
    }

    /// Writes `bytes` to `path` through a temporary file renamed over it, creating the folders.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(LedgerError) {
        if let slash = path.lastIndex(of: "/") { try makeDirectories(String(path[..<slash])) }
        let temporary = path + ".tmp-\(getpid())"
        do {
            let file = try LedgerFileHandle.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
            try file.write(bytes, at: 0)
        } catch {
            unlink(temporary)
            throw error
        }
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw .io(path: path, operation: "replace", code: code)
        }
    }

    /// Deletes a file.
    static func remove(_ path: String) throws(LedgerError) {
        if unlink(path) != 0 { throw .io(path: path, operation: "delete", code: errno) }
    }
}
