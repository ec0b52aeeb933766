#if canImport(Glibc)
import Glibc
#endif

/// One rejected line of an `append` input: `input:12: data.quantity: must be …`.
public struct InputProblem: Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line number in the input.
    public let line: Int
    public let issue: FieldIssue
    public init(line: Int, issue: FieldIssue) {
        self.line = line
        self.issue = issue
    }
    public var description: String { "input:\(line): \(issue)" }
}

/// Everything that can go wrong when opening, reading or writing a ledger. Each case's
/// ``messages`` are the `error:` lines the command line prints.
public enum LedgerError: Error, Sendable, CustomStringConvertible {
    /// A system call failed on a file.
    case io(path: String, operation: String, code: Int32)
    /// The ledger file does not exist.
    case notFound(path: String)
    /// `init` found a file already there.
    case alreadyExists(path: String)
    /// One or more input lines of an append are invalid; nothing was written.
    case invalidInput([InputProblem])
    /// A complete line of the ledger is not a valid event (verify's finding).
    case invalidLine(path: String, line: Int, reason: String)
    /// The ledger ends in an incomplete line left by an interrupted write.
    case tornTail(path: String, line: Int)
    /// `--expect-version` did not match.
    case versionConflict(stream: String, expected: Int, actual: Int)
    /// `repair` found damage before complete valid lines: it only ever moves a tail.
    case damagedBeforeValidLines(path: String, line: Int, reason: String)

    /// The message lines (without the `error: ` prefix).
    public var messages: [String] {
        switch self {
        case .invalidInput(let problems): problems.map(\.description)
        default: [description]
        }
    }

    public var description: String {
        switch self {
        case .io(let path, let operation, let code):
            "\(path): cannot \(operation): \(String(cString: strerror(code)))"
        case .notFound(let path):
            "\(path): no such ledger; create one with `armsledger init` or pass --ledger PATH"
        case .alreadyExists(let path):
            "\(path): a file is already there; init never overwrites a ledger"
        case .invalidInput(let problems):
            problems.map(\.description).joined(separator: "\n")
        case .invalidLine(let path, let line, let reason):
            "\(path):\(line): \(reason)"
        case .tornTail(let path, let line):
            "\(path):\(line): incomplete last line (an interrupted write); run `armsledger repair` to move it aside"
        case .versionConflict(let stream, let expected, let actual):
            "version conflict: stream \(stream) holds \(actual) event\(actual == 1 ? "" : "s"), expected \(expected); nothing was written"
        case .damagedBeforeValidLines(let path, let line, let reason):
            "\(path):\(line): \(reason); complete valid lines follow it, so this is not a torn tail and repair will not touch it (restore the file from a copy)"
        }
    }
}
