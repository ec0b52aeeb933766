import Testing
@testable import ArmsLedgerCLI

@Suite("Help screens")
struct HelpFormatterTests {
    static let append = CommandSpec(
        name: "append",
        abstract: "Validate and append events.",
        discussion: "Events are checked against the ledger first; nothing is written unless every one of them is valid.\n\nExit status 1 when an event is invalid.",
        options: [
            .flag("dry-run", help: "Validate only; write nothing."),
            .option("expect-seq", valueName: "seq", help: "Refuse to append unless the ledger's last sequence number is this one, so that two writers cannot both append on the same state."),
            .option("a-very-long-option-name", valueName: "value", help: "Long labels put their help on the next line."),
        ],
        positionals: [ArgumentSpec("file", help: "Events to append, one JSON object a line, or - for standard input.", optional: true)])

    static let tool = ToolSpec(
        name: "armsledger",
        abstract: "An event-sourced ledger of arms transfers.",
        version: "1.0.0",
        globalOptions: [.option("ledger", valueName: "path", help: "The ledger file (default: $ARMSLEDGER_LEDGER, then Events/ledger.jsonl).")],
        commands: [
            append,
            CommandSpec(name: "register", abstract: "One row per deal: status, ordered, delivered, dates, sources."),
            CommandSpec(name: "balance-of-power", abstract: "Two actors side by side.", positionals: [ArgumentSpec("a", help: "An actor."), ArgumentSpec("b", help: "Another actor.")]),
        ])

    @Test("a command's help, golden")
    func commandHelp() {
        let expected = """
            OVERVIEW: Validate and append events.

            Events are checked against the ledger first; nothing is written unless every one
            of them is valid.

            Exit status 1 when an event is invalid.

            USAGE: armsledger [--ledger <path>] append [options] [<file>]

            ARGUMENTS:
              <file>                  Events to append, one JSON object a line, or - for
                                      standard input.

            OPTIONS:
              --dry-run               Validate only; write nothing.
              --expect-seq <seq>      Refuse to append unless the ledger's last sequence
                                      number is this one, so that two writers cannot both
                                      append on the same state.
              --a-very-long-option-name <value>
                                      Long labels put their help on the next line.
              -h, --help              Show help information.

            """
        #expect(HelpFormatter().help(for: Self.append, in: Self.tool) == expected)
    }

    @Test("the tool's help lists global options and commands, golden")
    func toolHelp() {
        let expected = """
            OVERVIEW: An event-sourced ledger of arms transfers.

            USAGE: armsledger [--ledger <path>] <subcommand>

            OPTIONS:
              --ledger <path>         The ledger file (default: $ARMSLEDGER_LEDGER, then
                                      Events/ledger.jsonl).
              --version               Show the version.
              -h, --help              Show help information.

            SUBCOMMANDS:
              append                  Validate and append events.
              register                One row per deal: status, ordered, delivered, dates,
                                      sources.
              balance-of-power        Two actors side by side.

              See 'armsledger <subcommand> --help' for detailed help.

            """
        #expect(HelpFormatter().help(for: Self.tool) == expected)
    }

    @Test("a command without options or discussion")
    func minimalCommand() throws {
        let command = try #require(Self.tool.command(named: "balance-of-power"))
        let expected = """
            OVERVIEW: Two actors side by side.

            USAGE: armsledger [--ledger <path>] balance-of-power <a> <b>

            ARGUMENTS:
              <a>                     An actor.
              <b>                     Another actor.

            OPTIONS:
              -h, --help              Show help information.

            """
        #expect(HelpFormatter().help(for: command, in: Self.tool) == expected)
    }

    @Test("a long usage line wraps with a hanging indent, never splitting a unit")
    func usageWraps() {
        let tool = ToolSpec(
            name: "armsledger", abstract: "", version: "1",
            globalOptions: [
                .option("ledger", valueName: "path", help: ""),
                .option("colour", valueName: "when", help: ""),
            ],
            commands: [])
        let command = CommandSpec(
            name: "balance-of-power", abstract: "", options: [.flag("x", help: "")],
            positionals: [ArgumentSpec("first-actor", help: ""), ArgumentSpec("second-actor", help: "")])
        #expect(HelpFormatter(width: 60).usage(for: command, in: tool) == """
            USAGE: armsledger [--ledger <path>] [--colour <when>]
                   balance-of-power [options] <first-actor>
                   <second-actor>
            """)
    }

    @Test("every line fits in 80 columns and has no trailing spaces")
    func linesFit() {
        let text = HelpFormatter().help(for: Self.append, in: Self.tool) + HelpFormatter().help(for: Self.tool)
        for line in text.split(separator: "\n") {
            #expect(line.count <= 80)
            #expect(line.last != " ")
        }
    }
}
