import Testing
@testable import ArmsLedgerCLI

/// Specifications shaped like ArmsLedger's real commands.
private enum ArgumentFixtures {
    static let log = CommandSpec(
        name: "log",
        abstract: "Print events.",
        options: [
            .option("as-of", valueName: "date", help: "Replay the world as it stood on this date."),
            .option("known-at", valueName: "date", help: "Use only what was recorded by this date."),
            .option("type", valueName: "type", help: "Only events of this type.", repeatable: true),
            .flag("strict-dates", help: "Count only events whose dates are certain."),
        ])
    static let append = CommandSpec(
        name: "append",
        abstract: "Validate and append events.",
        options: [.flag("dry-run", help: "Validate only; write nothing.")],
        positionals: [ArgumentSpec("file", help: "Events to append, or - for standard input.", optional: true)])
    static let balanceOfPower = CommandSpec(
        name: "balance-of-power",
        abstract: "Compare two actors side by side.",
        options: [.option("since", valueName: "date", help: "Show the change since this date.")],
        positionals: [ArgumentSpec("a", help: "The first actor."), ArgumentSpec("b", help: "The second actor.")])
    static let register = CommandSpec(name: "register", abstract: "One row per deal.")
    static let tool = ToolSpec(
        name: "armsledger",
        abstract: "An event-sourced ledger of arms transfers.",
        version: "1.0.0",
        globalOptions: [.option("ledger", valueName: "path", help: "The ledger file.")],
        commands: [log, append, balanceOfPower, register])
}

/// Returns the message of the usage error `body` throws, or nil when it throws none.
private func usageErrorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as UsageError {
        return error.description
    } catch {
        return "not a UsageError: \(error)"
    }
}

@Suite("Splitting arguments")
struct SplitArgumentsTests {
    @Test("every kind of argument is classified")
    func classifiesEveryKind() {
        let split = SplitArguments(["--as-of", "2020", "--type=a=b", "--x=", "-", "-h", "-x", "value", "--", "--help", "-"])
        #expect(split.elements == [
            .option(name: "as-of", value: nil),
            .value("2020"),
            .option(name: "type", value: "a=b"),
            .option(name: "x", value: ""),
            .value("-"),
            .option(name: "help", value: nil),
            .shortOption("-x"),
            .value("value"),
            .terminator,
            .value("--help"),
            .value("-"),
        ])
    }

    @Test("only the first -- is a terminator")
    func secondTerminatorIsAValue() {
        #expect(ArgumentSplitter.split(["--", "--"]).elements == [.terminator, .value("--")])
    }
}

@Suite("Parsing a command's arguments")
struct CommandParsingTests {
    @Test("--as-of D and --as-of=D are equivalent")
    func separateAndInlineValuesAreEquivalent() throws {
        let separate = try ArgumentFixtures.log.parse(["--as-of", "2020-05"])
        let inline = try ArgumentFixtures.log.parse(["--as-of=2020-05"])
        #expect(separate == inline)
        #expect(separate.value("as-of") == "2020-05")
        #expect(separate.value("known-at") == nil)
    }

    @Test("an inline value may contain = and start with dashes")
    func inlineValueKeepsEverythingAfterTheFirstEquals() throws {
        #expect(try ArgumentFixtures.log.parse(["--as-of=--odd=1"]).value("as-of") == "--odd=1")
    }

    @Test("after -- everything is positional, even options")
    func terminatorEndsOptions() throws {
        let parsed = try ArgumentFixtures.append.parse(["--dry-run", "--", "--help"])
        #expect(parsed.flag("dry-run"))
        #expect(!parsed.helpRequested)
        #expect(parsed.positionals == ["--help"])
        #expect(parsed.positional("file") == "--help")
    }

    @Test("a lone - is a positional (standard input)")
    func loneDashIsPositional() throws {
        let parsed = try ArgumentFixtures.append.parse(["-"])
        #expect(parsed.positional("file") == "-")
        #expect(!parsed.flag("dry-run"))
    }

    @Test("a lone - is a value for an option")
    func loneDashIsOptionValue() throws {
        #expect(try ArgumentFixtures.log.parse(["--as-of", "-"]).value("as-of") == "-")
    }

    @Test("an optional positional may be left out")
    func optionalPositionalMayBeMissing() throws {
        let parsed = try ArgumentFixtures.append.parse([])
        #expect(parsed.positionals.isEmpty)
        #expect(parsed.positional("file") == nil)
    }

    @Test("positionals and options may be interleaved")
    func interleavedPositionals() throws {
        let parsed = try ArgumentFixtures.balanceOfPower.parse(["RUS", "--since", "2014", "UKR"])
        #expect(parsed.positional("a") == "RUS")
        #expect(parsed.positional("b") == "UKR")
        #expect(parsed.value("since") == "2014")
    }

    @Test("a repeatable option keeps every value in order")
    func repeatableOption() throws {
        let parsed = try ArgumentFixtures.log.parse(["--type", "deal.ordered", "--type=transfer.delivered"])
        #expect(parsed.values("type") == ["deal.ordered", "transfer.delivered"])
        #expect(parsed.value("type") == "transfer.delivered")
        #expect(parsed.values("as-of") == [])
    }

    @Test("flags are true when given, false otherwise")
    func flags() throws {
        #expect(try ArgumentFixtures.log.parse(["--strict-dates"]).flag("strict-dates"))
        #expect(try ArgumentFixtures.log.parse(["--strict-dates"]).flagCount("strict-dates") == 1)
        #expect(try !ArgumentFixtures.log.parse([]).flag("strict-dates"))
    }

    @Test("--help and -h win over errors anywhere before --")
    func helpWins() throws {
        #expect(try ArgumentFixtures.log.parse(["--asof", "x", "--help"]).helpRequested)
        #expect(try ArgumentFixtures.balanceOfPower.parse(["-h"]).helpRequested)
    }

    @Test(
        "each usage error has its exact message",
        arguments: [
            ("log", ["--asof", "2020"], "unknown option '--asof'; did you mean '--as-of'?"),
            ("log", ["--known_at=2020"], "unknown option '--known_at'; did you mean '--known-at'?"),
            ("log", ["--strictdates"], "unknown option '--strictdates'; did you mean '--strict-dates'?"),
            ("log", ["--frobnicate"], "unknown option '--frobnicate'"),
            ("log", ["-as-of", "2020"], "unknown option '-as-of'; did you mean '--as-of'?"),
            ("log", ["-x"], "unknown option '-x'"),
            ("log", ["--as-of"], "missing value for '--as-of <date>'"),
            ("log", ["--as-of", "--known-at", "2020"], "missing value for '--as-of <date>'"),
            ("log", ["--as-of", "-h2"], "missing value for '--as-of <date>'"),
            ("log", ["--as-of", "--", "2020"], "missing value for '--as-of <date>'"),
            ("log", ["--as-of="], "missing value for '--as-of <date>'"),
            ("append", ["--dry-run=1"], "option '--dry-run' takes no value"),
            ("append", ["--dry-run="], "option '--dry-run' takes no value"),
            ("log", ["--as-of", "2020", "--as-of=2021"], "'--as-of' given twice"),
            ("log", ["--strict-dates", "--strict-dates"], "'--strict-dates' given twice"),
            ("balance-of-power", [], "missing argument <a>"),
            ("balance-of-power", ["RUS"], "missing argument <b>"),
            ("balance-of-power", ["RUS", "UKR", "x"], "unexpected argument 'x'"),
            ("append", ["a.jsonl", "b.jsonl"], "unexpected argument 'b.jsonl'"),
            ("log", ["--", "-"], "unexpected argument '-'"),
        ] as [(String, [String], String)])
    func usageErrorMessages(command: String, arguments: [String], message: String) throws {
        let spec = try #require(ArgumentFixtures.tool.command(named: command))
        #expect(usageErrorMessage { _ = try spec.parse(arguments) } == message)
    }

    @Test("errors carry structured cases")
    func structuredCases() {
        #expect(throws: UsageError.unknownOption("--asof", suggestion: "--as-of")) {
            try ArgumentFixtures.log.parse(["--asof"])
        }
        #expect(throws: UsageError.missingValue(option: "as-of", valueName: "date")) {
            try ArgumentFixtures.log.parse(["--as-of"])
        }
        #expect(throws: UsageError.unexpectedValue(option: "dry-run")) {
            try ArgumentFixtures.append.parse(["--dry-run=yes"])
        }
        #expect(throws: UsageError.repeatedOption("as-of")) {
            try ArgumentFixtures.log.parse(["--as-of=1", "--as-of=2"])
        }
        #expect(throws: UsageError.missingArgument("b")) {
            try ArgumentFixtures.balanceOfPower.parse(["RUS"])
        }
        #expect(throws: UsageError.unexpectedArgument("x")) {
            try ArgumentFixtures.log.parse(["x"])
        }
    }

    @Test("invalidValue, for commands, names the option, value and reason")
    func invalidValueMessage() {
        let error = UsageError.invalidValue(option: "format", valueName: "format", value: "xml", reason: "expected one of table, json, csv, md")
        #expect(error.description == "invalid value 'xml' for '--format <format>': expected one of table, json, csv, md")
    }

    @Test("user text echoed in an error is sanitized")
    func echoedTextIsSanitized() {
        #expect(usageErrorMessage { _ = try ArgumentFixtures.log.parse(["\u{1B}[2Jboom"]) } == "unexpected argument '\u{FFFD}boom'")
        #expect(usageErrorMessage { _ = try ArgumentFixtures.log.parse(["--\u{202E}x"]) } == "unknown option '--\u{FFFD}x'")
    }
}

@Suite("Parsing a full command line")
struct ToolParsingTests {
    @Test("global options before and after the command name")
    func globalOptions() throws {
        let before = try ArgumentFixtures.tool.parse(["--ledger", "x.jsonl", "log", "--as-of", "2020"])
        #expect(before == .run(command: ArgumentFixtures.log, arguments: ParsedArguments(values: ["ledger": ["x.jsonl"], "as-of": ["2020"]])))
        guard case .run(_, let after) = try ArgumentFixtures.tool.parse(["log", "--ledger=y.jsonl"]) else {
            Issue.record("expected .run")
            return
        }
        #expect(after.value("ledger") == "y.jsonl")
    }

    @Test("a global option given before and after the command is given twice")
    func globalOptionTwice() {
        #expect(usageErrorMessage { _ = try ArgumentFixtures.tool.parse(["--ledger", "a", "log", "--ledger", "b"]) } == "'--ledger' given twice")
    }

    @Test("help, version and the empty command line")
    func helpAndVersion() throws {
        #expect(try ArgumentFixtures.tool.parse([]) == .help(command: nil))
        #expect(try ArgumentFixtures.tool.parse(["--help"]) == .help(command: nil))
        #expect(try ArgumentFixtures.tool.parse(["-h", "log"]) == .help(command: nil))
        #expect(try ArgumentFixtures.tool.parse(["--version"]) == .version)
        #expect(try ArgumentFixtures.tool.parse(["log", "-h"]) == .help(command: ArgumentFixtures.log))
        #expect(try ArgumentFixtures.tool.parse(["--ledger", "x", "append", "--nope", "--help"]) == .help(command: ArgumentFixtures.append))
    }

    @Test("-- before the command name is skipped")
    func terminatorBeforeCommand() throws {
        #expect(try ArgumentFixtures.tool.parse(["--", "append", "--x"]) == .run(command: ArgumentFixtures.append, arguments: ParsedArguments(positionals: ["--x"], named: ["file": "--x"])))
    }

    @Test(
        "tool-level usage errors",
        arguments: [
            (["regster"], "unknown command 'regster'; did you mean 'register'?"),
            (["balance-of-powr", "A", "B"], "unknown command 'balance-of-powr'; did you mean 'balance-of-power'?"),
            (["frobnicate"], "unknown command 'frobnicate'"),
            (["--ledgr", "x", "log"], "unknown option '--ledgr'; did you mean '--ledger'?"),
            (["--verison"], "unknown option '--verison'; did you mean '--version'?"),
            (["--ledger"], "missing value for '--ledger <path>'"),
            (["--version=2"], "option '--version' takes no value"),
            (["log", "--asof", "1"], "unknown option '--asof'; did you mean '--as-of'?"),
            (["log", "--ledgre=x"], "unknown option '--ledgre'; did you mean '--ledger'?"),
        ] as [([String], String)])
    func toolUsageErrors(arguments: [String], message: String) {
        #expect(usageErrorMessage { _ = try ArgumentFixtures.tool.parse(arguments) } == message)
    }
}

@Suite("Levenshtein distance")
struct LevenshteinTests {
    @Test(
        "known distances",
        arguments: [
            ("kitten", "sitting", 3), ("", "abc", 3), ("abc", "", 3), ("", "", 0),
            ("as-of", "asof", 1), ("as-of", "as-of", 0), ("flaw", "lawn", 2), ("日本", "日本語", 1),
        ] as [(String, String, Int)])
    func distances(a: String, b: String, expected: Int) {
        #expect(Levenshtein.distance(a, b) == expected)
        #expect(Levenshtein.distance(b, a) == expected)
    }

    @Test("suggestions: nearest within two edits, ties to the first candidate")
    func suggestions() {
        #expect(Levenshtein.suggestion(for: "asof", among: ["known-at", "as-of"]) == "as-of")
        #expect(Levenshtein.suggestion(for: "xyzzy", among: ["as-of"]) == nil)
        #expect(Levenshtein.suggestion(for: "ab", among: ["abc", "abd"]) == "abc")
        #expect(Levenshtein.suggestion(for: "abcd", among: ["abxx", "abcx"]) == "abcx")
    }
}
