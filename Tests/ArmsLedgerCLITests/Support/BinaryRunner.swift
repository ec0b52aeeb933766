import Foundation
import Testing

/// What one run of the `armsledger` executable produced.
struct CommandResult: Sendable, CustomStringConvertible {
    let status: Int32
    let stdout: String
    let stderr: String

    var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// Runs the built `armsledger` executable the way a user meets it: a separate process with its own
/// arguments, standard input, environment and working directory, capturing standard output,
/// standard error and the exit status (like swift-argument-parser's `AssertExecuteCommand`).
enum BinaryRunner {
    /// The package's root directory, found from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // ArmsLedgerCLITests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The `armsledger` executable: in the products directory, the one that holds the test bundle
    /// (`.build/<triple>/<config>/`, wherever `--scratch-path` put it). `ARMSLEDGER_BINARY` overrides.
    static let executable: URL? = locate()

    private static func locate() -> URL? {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["ARMSLEDGER_BINARY"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        // The running test executable (Linux: the .xctest file itself; macOS: inside the .xctest bundle).
        var executables: [URL] = []
        if let path = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            executables.append(URL(fileURLWithPath: path))
        }
        if let url = Bundle.main.executableURL { executables.append(url) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            executables.append(bundle.bundleURL.appendingPathComponent("placeholder"))
        }
        for executable in executables {
            var directory = executable.resolvingSymlinksInPath()
            while directory.pathComponents.count > 1 {
                let isBundle = directory.pathExtension == "xctest"
                directory.deleteLastPathComponent()
                if isBundle {
                    candidates.append(directory.appendingPathComponent("armsledger"))
                    break
                }
            }
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("armsledger"))
        candidates.append(packageRoot.appendingPathComponent(".build/debug/armsledger"))
        return candidates.first { fileManager.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `armsledger arguments…` in `directory` and waits for it.
    ///
    /// - Parameters:
    ///   - arguments: the arguments after the program name.
    ///   - input: bytes for standard input (empty when nil).
    ///   - environment: variables added to a minimal environment (`PATH`, `NO_COLOR=1`).
    ///   - directory: the working directory.
    static func run(_ arguments: [String], input: [UInt8]? = nil, environment: [String: String] = [:],
                    in directory: URL) throws -> CommandResult {
        guard let executable else {
            throw RunnerError("cannot find the armsledger executable next to the test bundle; build it or set ARMSLEDGER_BINARY")
        }
        // Files, not pipes: nothing can block however much a command prints.
        let io = directory.appendingPathComponent(".io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: io, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: io) }
        let stdinURL = io.appendingPathComponent("stdin"), stdoutURL = io.appendingPathComponent("stdout"), stderrURL = io.appendingPathComponent("stderr")
        try Data(input ?? []).write(to: stdinURL)
        try Data().write(to: stdoutURL)
        try Data().write(to: stderrURL)
        let stdin = try FileHandle(forReadingFrom: stdinURL)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdin.close()
            try? stdout.close()
            try? stderr.close()
        }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
                             stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self))
    }

    struct RunnerError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// A fresh working directory for one CLI test, removed when released.
final class WorkingDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("armsledger-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Runs `armsledger` here.
    func run(_ arguments: String..., input: String? = nil, environment: [String: String] = [:]) throws -> CommandResult {
        try BinaryRunner.run(arguments, input: input.map { Array($0.utf8) }, environment: environment, in: url)
    }

    func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url.appendingPathComponent(name)))
    }

    func write(_ text: String, to name: String) throws {
        try write(Array(text.utf8), to: name)
    }

    func write(_ bytes: [UInt8], to name: String) throws {
        try Data(bytes).write(to: url.appendingPathComponent(name))
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: path(name))
    }

    /// The names in the directory, sorted, without the runner's scratch entries.
    func fileNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).filter { !$0.hasPrefix(".io-") }.sorted()
    }
}
