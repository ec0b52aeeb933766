import Foundation
import Testing

/// Input events shared by the end-to-end tests.
private enum Events {
    static let polonez = #""deal":"blr-aze-polonez","supplier":"BLR","recipient":"AZE","system":"Polonez","category":"rocket-artillery""#
    static let system = #"{"id":"system.polonez","type":"system.described","occurred":"2016","confidence":"reported","sources":[{"publisher":"Eurasianet","date":"2017-11-09"}],"data":{"system":"Polonez","category":"rocket-artillery","origin":"BLR"}}"#
    static let ordered = #"{"id":"polonez.ordered","type":"transfer.ordered","occurred":"2018-02","confidence":"reported","sources":[{"publisher":"Eurasianet","date":"2017-11-09"}],"data":{\#(polonez),"quantity":10}}"#
    static let delivered = #"{"id":"polonez.delivered","type":"transfer.delivered","occurred":"2018-06~","confidence":"reported","sources":[{"publisher":"Eurasianet","date":"2018-06-14","url":"https://eurasianet.org/x"}],"data":{\#(polonez),"quantity":10}}"#
    static let cancelled = #"{"id":"polonez.cancelled","type":"transfer.cancelled","occurred":"2019","confidence":"claimed","sources":[{"publisher":"Eurasianet","date":"2019"}],"data":{\#(polonez)}}"#

    static let batch = [system, ordered, delivered].joined(separator: "\n") + "\n"
}

/// `armsledger` as a user meets it: the built executable, its output streams and exit status.
@Suite("armsledger executable", .serialized)
struct CLITests {
    /// A working directory with `l.jsonl` holding the three sample events.
    private static func sampleLedger() throws -> WorkingDirectory {
        let directory = try WorkingDirectory()
        try directory.write(Events.batch, to: "events.jsonl")
        let created = try directory.run("--ledger", "l.jsonl", "init")
        #expect(created.status == 0)
        let appended = try directory.run("--ledger", "l.jsonl", "append", "events.jsonl")
        #expect(appended.stdout == "appended 3, skipped 0\n", "\(appended)")
        return directory
    }

    // MARK: Finding the binary

    @Test func binaryIsFoundNextToTheTestBundle() throws {
        let executable = try #require(BinaryRunner.executable)
        #expect(executable.lastPathComponent == "armsledger")
        #expect(FileManager.default.isExecutableFile(atPath: executable.path))
    }

    /// Foundation costs every command a few milliseconds of start-up (the warm replay's largest
    /// fixed cost), so the library and the binary are written on the C library alone.
    @Test func binaryDoesNotLinkFoundation() throws {
        let executable = try #require(BinaryRunner.executable)
        let ldd = Process()
        ldd.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        ldd.arguments = [executable.path]
        let pipe = Pipe()
        ldd.standardOutput = pipe
        try ldd.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ldd.waitUntilExit()
        #expect(ldd.terminationStatus == 0)
        #expect(output.contains("libswiftCore"), "\(output)")
        #expect(!output.contains("Foundation"), "\(output)")
    }

    // MARK: Version and help

    @Test func versionPrintsTheVersion() throws {
        let result = try WorkingDirectory().run("--version")
        #expect(result.status == 0)
        #expect(result.stdout == "armsledger 0.1.0 (ledger format v1)\n")
        #expect(result.stderr == "")
    }

    @Test func helpListsTheCommands() throws {
        let result = try WorkingDirectory().run("--help")
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout.hasPrefix("OVERVIEW: An event-sourced ledger of reported arms transfers"))
        #expect(result.stdout.contains("USAGE: armsledger [--ledger <path>] <subcommand>\n"))
        for command in ["init", "append", "log", "verify", "repair"] {
            #expect(result.stdout.contains("\n  \(command) "), "\(command)")
        }
        #expect(try WorkingDirectory().run("-h").stdout == result.stdout)
    }

    @Test(arguments: [
        ("init", "Create an empty ledger.", [String]()),
        ("append", "Validate events (JSON lines) and append them, all or nothing.", ["--dry-run", "--expect-version <n>", "<file>"]),
        ("log", "Print events, filtered by type, stream, actor and the two clocks.", ["--type <type>", "--as-of <date>", "--known-at <date>", "--format <format>"]),
        ("verify", "Check every line: JSON, fields, seq, the hash chain.", []),
        ("repair", "Move a torn tail aside (never touches complete, valid lines).", []),
    ])
    func commandHelpDescribesTheCommand(command: String, abstract: String, options: [String]) throws {
        let result = try WorkingDirectory().run(command, "--help")
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout.hasPrefix("OVERVIEW: \(abstract)\n"))
        #expect(result.stdout.contains("USAGE: armsledger [--ledger <path>] \(command)"))
        #expect(result.stdout.contains("-h, --help"))
        for option in options {
            #expect(result.stdout.contains(option), "\(option)")
        }
    }

    // MARK: init

    @Test func initCreatesAnEmptyLedgerAndNeverOverwrites() throws {
        let directory = try WorkingDirectory()
        let first = try directory.run("--ledger", "l.jsonl", "init")
        #expect(first.status == 0)
        #expect(first.stdout == "created empty ledger l.jsonl\n")
        #expect(first.stderr == "")
        #expect(try directory.bytes("l.jsonl") == [])

        try directory.write(Events.batch, to: "events.jsonl")
        #expect(try directory.run("--ledger", "l.jsonl", "append", "events.jsonl").status == 0)
        let before = try directory.bytes("l.jsonl")
        let second = try directory.run("--ledger", "l.jsonl", "init")
        #expect(second.status == 1)
        #expect(second.stdout == "")
        #expect(second.stderr == "error: l.jsonl: a file is already there; init never overwrites a ledger\n")
        #expect(try directory.bytes("l.jsonl") == before)
    }

    // MARK: append

    @Test func appendFromAFileAndFromStandardInput() throws {
        let directory = try WorkingDirectory()
        #expect(try directory.run("--ledger", "l.jsonl", "init").status == 0)
        try directory.write(Events.system + "\n" + Events.ordered + "\n", to: "events.jsonl")
        let fromFile = try directory.run("--ledger", "l.jsonl", "append", "events.jsonl")
        #expect(fromFile.status == 0)
        #expect(fromFile.stdout == "appended 2, skipped 0\n")
        #expect(fromFile.stderr == "")

        let fromStdin = try directory.run("--ledger", "l.jsonl", "append", "-", input: Events.batch)
        #expect(fromStdin.status == 0)
        #expect(fromStdin.stdout == "appended 1, skipped 2\n")
        #expect(fromStdin.stderr == "")

        // No FILE means standard input too.
        let implicit = try directory.run("--ledger", "l.jsonl", "append", input: Events.cancelled + "\n")
        #expect(implicit.stdout == "appended 1, skipped 0\n")
        #expect(try directory.run("--ledger", "l.jsonl", "verify").stdout.hasPrefix("ok: 4 events, "))
    }

    @Test func badBatchPrintsOneErrorLinePerProblemAndWritesNothing() throws {
        let directory = try Self.sampleLedger()
        let before = try directory.bytes("l.jsonl")
        let input = [
            Events.cancelled,
            #"{"type":"transfer.delivered","occurred":"2018","confidence":"x","sources":[],"data":{"deal":"blr-aze-polonez","supplier":"BLR","recipient":"AZE","system":"Polonez"}}"#,
            "",
            #"{"id":"Bad","type":"transfer.cancelled","occurred":"2018","confidence":"reported","sources":[{"publisher":"P","date":"2018"}],"data":{\#(Events.polonez),"quantity":-1}}"#,
            "[1,]",
        ].joined(separator: "\n") + "\n"
        let result = try directory.run("--ledger", "l.jsonl", "append", "-", input: input)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == """
            error: input:2: confidence: must be one of confirmed, reported, claimed, estimated, got "x"
            error: input:2: sources: needs at least one source for transfer.delivered
            error: input:2: data.category: is required
            error: input:4: id: must match [a-z0-9][a-z0-9._-]{0,127}, got "Bad"
            error: input:5: invalid JSON at column 4: unexpected character ']'

            """)
        #expect(try directory.bytes("l.jsonl") == before)
    }

    @Test func misspelledFieldIsAWarningOnStandardError() throws {
        let directory = try Self.sampleLedger()
        let input = #"{"type":"transfer.cancelled","occurred":"2019","confidence":"reported","sources":[{"publisher":"P","date":"2019"}],"data":{\#(Events.polonez),"reasn":"budget"}}"# + "\n"
        let result = try directory.run("--ledger", "l.jsonl", "append", input: input)
        #expect(result.status == 0)
        #expect(result.stdout == "appended 1, skipped 0\n")
        #expect(result.stderr == "warning: input:1: data.reasn: unknown field, kept as written; did you mean \"reason\"?\n")
    }

    @Test func dryRunWritesNothing() throws {
        let directory = try Self.sampleLedger()
        let before = try directory.bytes("l.jsonl")
        let files = try directory.fileNames()
        let result = try directory.run("--ledger", "l.jsonl", "append", "--dry-run", "-", input: Events.cancelled + "\n" + Events.system + "\n")
        #expect(result.status == 0)
        #expect(result.stdout == "valid: would append 1, skip 1; nothing written (dry run)\n")
        #expect(try directory.bytes("l.jsonl") == before)
        #expect(try directory.fileNames() == files)
    }

    @Test func expectVersionConflictFailsAndWritesNothing() throws {
        let directory = try Self.sampleLedger()
        let before = try directory.bytes("l.jsonl")
        let conflict = try directory.run("--ledger", "l.jsonl", "append", "--expect-version", "1", input: Events.cancelled + "\n")
        #expect(conflict.status == 1)
        #expect(conflict.stdout == "")
        #expect(conflict.stderr == "error: version conflict: stream deal:blr-aze-polonez holds 2 events, expected 1; nothing was written\n")
        #expect(try directory.bytes("l.jsonl") == before)

        let match = try directory.run("--ledger", "l.jsonl", "append", "--expect-version=2", input: Events.cancelled + "\n")
        #expect(match.status == 0)
        #expect(match.stdout == "appended 1, skipped 0\n")
        // The retry of a batch that landed succeeds although the stream has moved on.
        let retry = try directory.run("--ledger", "l.jsonl", "append", "--expect-version", "2", input: Events.cancelled + "\n")
        #expect(retry.status == 0)
        #expect(retry.stdout == "appended 0, skipped 1\n")
    }

    // MARK: Usage errors

    @Test func usageErrorsExitTwoWithAnErrorLine() throws {
        let directory = try Self.sampleLedger()
        let cases: [([String], String)] = [
            (["log", "--asof", "2018"], "error: unknown option '--asof'; did you mean '--as-of'?"),
            (["log", "--as-of"], "error: missing value for '--as-of <date>'"),
            (["log", "--as-of", "2018-13"], #"error: invalid value '2018-13' for '--as-of <date>': "2018-13": month must be 01–12 or a season 21–24, got 13"#),
            (["log", "--as-of", "2018-21"], "error: invalid value '2018-21' for '--as-of <date>': give a day, month or year such as 2020-09-27, 2020-09 or 2020"),
            (["log", "--type", "transfer.delivred"], "error: invalid value 'transfer.delivred' for '--type <type>': not an event type; did you mean 'transfer.delivered'?"),
            (["log", "--format", "xml"], "error: invalid value 'xml' for '--format <format>': log prints table or jsonl"),
            (["append", "--expect-version", "-1"], "error: missing value for '--expect-version <n>'"),
            (["append", "--expect-version", "x"], "error: invalid value 'x' for '--expect-version <n>': give a whole number ≥ 0"),
            (["append", "--dry-run=yes"], "error: option '--dry-run' takes no value"),
            (["verify", "extra"], "error: unexpected argument 'extra'"),
            (["regster"], "error: unknown command 'regster'; did you mean 'register'?"),
        ]
        let before = try directory.bytes("l.jsonl")
        for (arguments, message) in cases {
            let result = try BinaryRunner.run(["--ledger", "l.jsonl"] + arguments, in: directory.url)
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(result.stdout == "", "\(arguments)")
            let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first.map(String.init) == message, "\(arguments)")
            let command = arguments[0] == "regster" ? "" : " " + arguments[0]
            #expect(lines.dropFirst().first.map(String.init) == "Run 'armsledger\(command) --help' for usage.", "\(arguments)")
        }
        #expect(try directory.bytes("l.jsonl") == before)
    }

    // MARK: Which ledger

    @Test func ledgerOptionWinsOverTheEnvironmentWhichWinsOverTheDefault() throws {
        let directory = try Self.sampleLedger()
        #expect(try directory.run("--ledger", "empty.jsonl", "init").status == 0)
        let environment = ["ARMSLEDGER_LEDGER": "l.jsonl"]

        let fromEnvironment = try directory.run("verify", environment: environment)
        #expect(fromEnvironment.status == 0)
        #expect(fromEnvironment.stdout.hasPrefix("ok: 3 events, "))

        let fromOption = try directory.run("--ledger", "empty.jsonl", "verify", environment: environment)
        #expect(fromOption.status == 0)
        #expect(fromOption.stdout == "ok: 0 events, 0 bytes, chain intact; last hash \(String(repeating: "0", count: 64))\n")

        let fromDefault = try directory.run("verify")
        #expect(fromDefault.status == 1)
        #expect(fromDefault.stderr == "error: Events/ledger.jsonl: no such ledger; create one with `armsledger init` or pass --ledger PATH\n")
        let emptyVariable = try directory.run("verify", environment: ["ARMSLEDGER_LEDGER": ""])
        #expect(emptyVariable.stderr == fromDefault.stderr)

        try FileManager.default.createDirectory(atPath: directory.path("Events"), withIntermediateDirectories: true)
        try directory.write(try directory.bytes("l.jsonl"), to: "Events/ledger.jsonl")
        #expect(try directory.run("verify").stdout.hasPrefix("ok: 3 events, "))
    }

    // MARK: log

    @Test func logPrintsATable() throws {
        let directory = try Self.sampleLedger()
        let result = try directory.run("--ledger", "l.jsonl", "log")
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == """
            seq  occurred  type                id                 stream
            ---  --------  ------------------  -----------------  --------------------
              1  2016      system.described    system.polonez     system:Polonez
              2  2018-02   transfer.ordered    polonez.ordered    deal:blr-aze-polonez
              3  2018-06~  transfer.delivered  polonez.delivered  deal:blr-aze-polonez

            """)
    }

    @Test func logJSONLPrintsTheRawLinesByteForByte() throws {
        let directory = try Self.sampleLedger()
        let result = try directory.run("--ledger", "l.jsonl", "log", "--format", "jsonl")
        #expect(result.status == 0)
        #expect(Array(result.stdout.utf8) == (try directory.bytes("l.jsonl")))

        let ordered = try directory.run("--ledger", "l.jsonl", "log", "--type", "transfer.ordered", "--format", "jsonl")
        let lines = try directory.bytes("l.jsonl").split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
        #expect(ordered.stdout == lines[1] + "\n")
        let two = try directory.run("--ledger", "l.jsonl", "log", "--type", "transfer.ordered", "--type", "system.described", "--format", "jsonl")
        #expect(two.stdout == lines[0] + "\n" + lines[1] + "\n")
        let stream = try directory.run("--ledger", "l.jsonl", "log", "--stream", "deal:blr-aze-polonez", "--format", "jsonl")
        #expect(stream.stdout == lines[1] + "\n" + lines[2] + "\n")
    }

    @Test func logOutputCanBeAppendedToAnotherLedgerAsIs() throws {
        let directory = try Self.sampleLedger()
        let exported = try directory.run("--ledger", "l.jsonl", "log", "--format", "jsonl").stdout
        #expect(try directory.run("--ledger", "copy.jsonl", "init").status == 0)
        let imported = try directory.run("--ledger", "copy.jsonl", "append", input: exported)
        #expect(imported.stdout == "appended 3, skipped 0\n", "\(imported)")
        #expect(try directory.bytes("copy.jsonl") == (try directory.bytes("l.jsonl")))
    }

    // MARK: verify and repair

    @Test func verifyReportsAnIntactChain() throws {
        let directory = try Self.sampleLedger()
        let bytes = try directory.bytes("l.jsonl")
        let lastHash = String(String(decoding: bytes, as: UTF8.self).dropLast(3).suffix(64))
        let result = try directory.run("--ledger", "l.jsonl", "verify")
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == "ok: 3 events, \(bytes.count) bytes, chain intact; last hash \(lastHash)\n")
    }

    @Test func verifyOfACorruptedCopyNamesTheLine() throws {
        let directory = try Self.sampleLedger()
        var bytes = try directory.bytes("l.jsonl")
        let secondLine = bytes.firstIndex(of: 0x0A)! + 1
        let thirdLine = bytes[secondLine...].firstIndex(of: 0x0A)! + 1
        let at = thirdLine + 20
        bytes[at] = bytes[at] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
        try directory.write(bytes, to: "copy.jsonl")
        let result = try directory.run("--ledger", "copy.jsonl", "verify")
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("error: copy.jsonl:3: "), "\(result)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func repairMovesATornTailAsideAndVerifyPassesAgain() throws {
        let directory = try Self.sampleLedger()
        let good = try directory.bytes("l.jsonl")
        let tail = Array(#"{"seq":4,"id":"half"#.utf8)
        try directory.write(good + tail, to: "torn.jsonl")

        let broken = try directory.run("--ledger", "torn.jsonl", "verify")
        #expect(broken.status == 1)
        #expect(broken.stderr == "error: torn.jsonl:4: incomplete last line (an interrupted write); run `armsledger repair` to move it aside\n")
        let log = try directory.run("--ledger", "torn.jsonl", "log", "--format", "jsonl")
        #expect(log.status == 0)
        #expect(Array(log.stdout.utf8) == good)
        #expect(log.stderr == "warning: torn.jsonl:4: incomplete last line left out\n")

        let repair = try directory.run("--ledger", "torn.jsonl", "repair")
        #expect(repair.status == 0, "\(repair)")
        let quarantine = try #require(try directory.fileNames().first { $0.hasPrefix("torn.jsonl.torn-") })
        #expect(quarantine.count == "torn.jsonl.torn-20260101T000000Z".count)
        #expect(repair.stdout == "moved \(tail.count) bytes of torn tail to torn.jsonl.torn-\(quarantine.dropFirst("torn.jsonl.torn-".count)); 3 valid events remain\n")
        #expect(try directory.bytes(quarantine) == tail)
        #expect(try directory.bytes("torn.jsonl") == good)
        #expect(try directory.run("--ledger", "torn.jsonl", "verify").status == 0)
        #expect(try directory.run("--ledger", "torn.jsonl", "repair").stdout == "nothing to repair: 3 valid events\n")
    }

    @Test func repairRefusesMidFileDamage() throws {
        let directory = try Self.sampleLedger()
        var bytes = try directory.bytes("l.jsonl")
        let secondLine = bytes.firstIndex(of: 0x0A)! + 1
        bytes[secondLine + 20] ^= 0x01
        try directory.write(bytes, to: "damaged.jsonl")
        let result = try directory.run("--ledger", "damaged.jsonl", "repair")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: damaged.jsonl:2: "))
        #expect(result.stderr.hasSuffix("complete valid lines follow it, so this is not a torn tail and repair will not touch it (restore the file from a copy)\n"))
        #expect(try directory.bytes("damaged.jsonl") == bytes)
        #expect(try directory.fileNames().filter { $0.contains(".torn-") } == [])
    }

    // MARK: The shipped ledger

    @Test func shippedLedgerVerifies() throws {
        let ledger = BinaryRunner.packageRoot.appendingPathComponent("Events/ledger.jsonl").path
        let lines = try String(contentsOfFile: ledger, encoding: .utf8).split(separator: "\n").count
        let result = try WorkingDirectory().run("--ledger", ledger, "verify")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("ok: \(lines) events, "))
        #expect(result.stderr == "")
    }

    /// The independent Python verifier (Scripts/verify-independent.py) accepts what the binary writes
    /// and the shipped ledger, and rejects a corrupted copy with the line number.
    @Test func independentVerifierAgreesWithTheBinary() throws {
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        try #require(python != nil, "python3 is needed for the independent verifier")
        let script = BinaryRunner.packageRoot.appendingPathComponent("Scripts/verify-independent.py").path
        func verify(_ path: String, in directory: URL) throws -> CommandResult {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python!)
            process.arguments = [script, path]
            process.currentDirectoryURL = directory
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CommandResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                 stderr: String(decoding: stderr, as: UTF8.self))
        }
        let directory = try Self.sampleLedger()
        let good = try verify("l.jsonl", in: directory.url)
        #expect(good.status == 0)
        #expect(good.stdout == "ok: 3 events\n")

        var bytes = try directory.bytes("l.jsonl")
        let secondLine = bytes.firstIndex(of: 0x0A)! + 1
        bytes[secondLine + 20] ^= 0x01
        try directory.write(bytes, to: "bad.jsonl")
        let bad = try verify("bad.jsonl", in: directory.url)
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("error: bad.jsonl:2: hash does not match"))

        let shipped = try verify(BinaryRunner.packageRoot.appendingPathComponent("Events/ledger.jsonl").path, in: directory.url)
        #expect(shipped.status == 0, "\(shipped)")
        #expect(shipped.stdout.hasPrefix("ok: "))
    }

    // MARK: Warm replay

    @Test func warmReplayPrintsExactlyWhatTheColdReplayPrints() throws {
        let directory = try WorkingDirectory()
        try directory.write(try [UInt8](Data(contentsOf: BinaryRunner.packageRoot.appendingPathComponent("Events/ledger.jsonl"))), to: "l.jsonl")
        let runs: [[String]] = [
            ["balances", "--format", "json"], ["register", "--format", "json"],
            ["balances", "--as-of", "2020-09-27"], ["register", "--as-of", "2018-06", "--format", "csv"],
            ["register", "--known-at", "2023-12-31", "--format", "md"],
            ["balances", "--as-of", "2020-09-27", "--strict-dates", "--format", "json"],
        ]
        func outputs() throws -> [CommandResult] {
            try runs.map { arguments in try BinaryRunner.run(["--ledger", "l.jsonl"] + arguments, in: directory.url) }
        }
        #expect(!directory.exists("l.jsonl.index.replay"))
        let cold = try outputs()
        try directory.write("", to: "empty.jsonl")
        let dryRun = try directory.run("--ledger", "l.jsonl", "append", "--dry-run", "empty.jsonl")
        #expect(dryRun.status == 0, "\(dryRun)")
        #expect(directory.exists("l.jsonl.index.replay"), "a dry run writes the replay cache")
        let warm = try outputs()
        for (index, (a, b)) in zip(cold, warm).enumerated() {
            #expect(a.status == 0 && b.status == 0, "\(runs[index])")
            #expect(a.stdout == b.stdout, "\(runs[index])")
            #expect(a.stderr == b.stderr, "\(runs[index])")
        }
    }
}
