#if canImport(Glibc)
import Glibc
#endif
import ArmsLedger
import Dispatch
import Synchronization

/// What ``CommandIO/process()`` keeps until the process exits: a global, which `exit` never frees.
private let keptUntilExit = KeptUntilExit()

/// Results held until the process exits (appended under a lock).
private final class KeptUntilExit: @unchecked Sendable {
    private let lock = Mutex<Void>(())
    private var values: [AnyObject] = []

    func keep(_ value: AnyObject) {
        lock.withLock { _ in values.append(value) }
    }
}

/// Where a command's output goes and where its input comes from, injected so that tests can
/// run commands in-process and capture what they print.
public struct CommandIO: Sendable {
    /// Writes text to standard output.
    public var out: @Sendable (String) -> Void
    /// Writes UTF-8 bytes to standard output (for output streamed in large pieces; by default
    /// through ``out``).
    public var outBytes: @Sendable ([UInt8]) -> Void
    /// Writes text to standard error.
    public var err: @Sendable (String) -> Void
    /// Reads all of standard input.
    public var readStandardInput: @Sendable () throws(CLIError) -> [UInt8]
    /// The environment (for `ARMSLEDGER_LEDGER`, `COLUMNS`).
    public var environment: [String: String]
    /// The width tables are fitted to.
    public var terminalWidth: Int
    /// Takes a command's large result once it is printed. The real process keeps it until it
    /// exits, so that its memory goes back to the system with the process instead of being
    /// freed object by object (a tenth of a second for a million-event balance of power);
    /// by default, as in tests that run many commands in one process, it is simply released.
    public var keepUntilExit: @Sendable (AnyObject) -> Void

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
                readStandardInput: @escaping @Sendable () throws(CLIError) -> [UInt8] = { [] },
                environment: [String: String] = [:], terminalWidth: Int = 80,
                outBytes: (@Sendable ([UInt8]) -> Void)? = nil, keepUntilExit: @escaping @Sendable (AnyObject) -> Void = { _ in }) {
        self.out = out
        self.outBytes = outBytes ?? { out(String(decoding: $0, as: UTF8.self)) }
        self.err = err
        self.readStandardInput = readStandardInput
        self.environment = environment
        self.terminalWidth = terminalWidth
        self.keepUntilExit = keepUntilExit
    }

    /// The real process: file descriptors 0, 1 and 2, the process environment, and the
    /// terminal's width when standard output is a terminal (else 80, or `COLUMNS`).
    public static func process() -> CommandIO {
        var environment: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        var width = Int(environment["COLUMNS"] ?? "") ?? 80
        var size = winsize()
        if isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { width = Int(size.ws_col) }
        return CommandIO(out: { writeAll(1, $0) }, err: { writeAll(2, $0) },
                         readStandardInput: { () throws(CLIError) -> [UInt8] in try readAll(0, name: "standard input") },
                         environment: environment, terminalWidth: max(40, width), outBytes: { writeAll(1, $0) },
                         keepUntilExit: { keptUntilExit.keep($0) })
    }

    /// Writes all of `text` to a file descriptor; a closed pipe ends quietly.
    static func writeAll(_ fd: Int32, _ text: String) {
        writeAll(fd, Array(text.utf8))
    }

    /// Writes all of `bytes` to a file descriptor; a closed pipe ends quietly.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        // Read in place: a mutable view would copy the caller's bytes first (60 MB for a
        // million-event obligations view).
        bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// Reads a file descriptor to its end.
    static func readAll(_ fd: Int32, name: String) throws(CLIError) -> [UInt8] {
        var result: [UInt8] = []
        // A regular file's size is known: read it straight into one buffer of that size (a
        // large append batch is then not copied as the array grows); anything more or less
        // that a writer adds meanwhile is read by the loop below.
        var status = stat()
        if fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size > 0 {
            let size = Int(status.st_size)
            var failed: Int32 = 0
            result = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                // A large file read from its start is read in two halves at once (the copy and
                // the page faults of the new buffer are most of the cost); a half that comes up
                // short (the file shrank meanwhile, or a read failed) sends it to the plain loop,
                // which starts again from the beginning and words any error.
                if size >= parallelReadThreshold, lseek(fd, 0, SEEK_CUR) == 0 {
                    let halves = [0..<size / 2, size / 2..<size]
                    let counts = UnsafeMutablePointer<Int>.allocate(capacity: 2)
                    defer { counts.deallocate() }
                    let shared = HalfReads(buffer: buffer, counts: counts)
                    DispatchQueue.concurrentPerform(iterations: 2) { half in
                        // The half's pages faulted in at once, rather than one by one inside `pread`.
                        MemoryPages.populateWritable(UnsafeMutableRawPointer(shared.buffer.baseAddress! + halves[half].lowerBound),
                                                     count: halves[half].count)
                        shared.counts[half] = preadFully(fd, into: shared.buffer, range: halves[half])
                    }
                    if counts[0] == halves[0].count, counts[1] == halves[1].count, lseek(fd, off_t(size), SEEK_SET) == off_t(size) {
                        initialized = size
                        return
                    }
                }
                while initialized < size {
                    let n = read(fd, buffer.baseAddress! + initialized, size - initialized)
                    if n < 0, errno == EINTR { continue }
                    if n < 0 { failed = errno }
                    if n <= 0 { break }
                    initialized += n
                }
            }
            if failed != 0 { throw .failure("\(name): cannot read: \(String(cString: strerror(failed)))") }
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .failure("\(name): cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }

    /// What the two halves of a parallel read share: the buffer, and one count per half (each
    /// half writes only its own).
    private struct HalfReads: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        let counts: UnsafeMutablePointer<Int>
    }

    /// Files at least this large are read in two halves at once.
    static let parallelReadThreshold = 8 << 20

    /// Reads `range` of the file into the same range of `buffer` with `pread(2)`; returns how
    /// many bytes it read (fewer at the file's end or on an error).
    private static func preadFully(_ fd: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>, range: Range<Int>) -> Int {
        var done = 0
        while done < range.count {
            let n = pread(fd, buffer.baseAddress! + range.lowerBound + done, range.count - done, off_t(range.lowerBound + done))
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        return done
    }

    /// Reads a file, or standard input for `-`.
    func readInput(_ path: String) throws(CLIError) -> [UInt8] {
        if path == "-" { return try readStandardInput() }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .failure("\(path): cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        return try Self.readAll(fd, name: path)
    }
}
