#if canImport(Glibc)
import Glibc
#endif

/// The `<file>.tmp-<pid>` files that the writers of the disposable caches (side index, replay
/// cache) rename over their file when they are done.
enum StaleTemporaries {
    /// Deletes the `<path>.tmp-<pid>` files of writers that were killed before their rename
    /// (their process no longer exists); a live writer's file is left alone.
    static func remove(of path: String) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let prefix = String(path[(slash.map { path.index(after: $0) } ?? path.startIndex)...]) + ".tmp-"
        guard let names = FileSystem.names(in: directory.isEmpty ? "/" : directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + name) }
        }
    }
}
