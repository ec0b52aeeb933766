#if canImport(Glibc)
import Glibc
#endif

/// The few file-system operations the library needs beyond the ledger's own file handling,
/// written on the C library so that the library and the `armsledger` binary do not link
/// Foundation (which costs every command a few milliseconds of start-up, the warm replay's
/// largest fixed cost).
enum FileSystem {
    /// An operation that failed, with the path and the system's reason.
    struct Failure: Error, CustomStringConvertible {
        let operation: String
        let path: String
        let code: Int32
        var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
    }

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
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// Creates a directory and any missing parents (`mkdir -p`).
    static func makeDirectories(_ path: String) throws(Failure) {
        if path.isEmpty || isDirectory(path) == true { return }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        if mkdir(path, 0o755) != 0 {
            let code = errno
            // A folder made meanwhile by someone else is fine; a file in its place is not.
            if code == EEXIST, isDirectory(path) == true { return }
            throw Failure(operation: "create the folder", path: path, code: code)
        }
    }

    /// Writes `bytes` to `path` through a temporary file renamed over it, creating the folders.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(Failure) {
        if let slash = path.lastIndex(of: "/") { try makeDirectories(String(path[..<slash])) }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(operation: "create", path: temporary, code: errno) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 {
                let code = errno
                close(fd)
                unlink(temporary)
                throw Failure(operation: "write", path: temporary, code: code)
            }
            written += n
        }
        close(fd)
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw Failure(operation: "replace", path: path, code: code)
        }
    }

    /// Deletes a file.
    static func remove(_ path: String) throws(Failure) {
        if unlink(path) != 0 { throw Failure(operation: "delete", path: path, code: errno) }
    }
}
