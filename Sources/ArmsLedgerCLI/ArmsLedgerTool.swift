import ArmsLedger

/// The `armsledger` command line: the commands, global options, and the dispatch from argv to
/// a command with its exit status. `main.swift` only calls ``run(_:io:)`` and exits.
public enum ArmsLedgerTool {
    /// The version `--version` prints.
    public static let version = "0.1.0"

    static let commands: [any Command] = [
        InitCommand(), AppendCommand(), LogCommand(), VerifyCommand(), RepairCommand(),
    ] + ProjectionCommands.all

    static var spec: ToolSpec {
        ToolSpec(
            name: "armsledger",
            abstract: "An event-sourced ledger of reported arms transfers, replayed to any date.",
            discussion: "Every reported fact is an immutable event on one line of a JSON-lines file with its sources, chained by SHA-256. Projections replay the ledger to a date (--as-of) and to what could be known at a date (--known-at).",
            version: version,
            globalOptions: [.option("ledger", valueName: "path", help: "The ledger file (default $ARMSLEDGER_LEDGER, then Events/ledger.jsonl).")],
            commands: commands.map(\.spec))
    }

    /// Runs the command line `arguments` (without the program name) and returns the exit status:
    /// 0 success, 1 the command failed, 2 usage error.
    public static func run(_ arguments: [String], io: CommandIO) -> Int32 {
        let tool = spec
        let invocation: ToolSpec.Invocation
        do {
            invocation = try tool.parse(arguments)
        } catch {
            io.err("error: \(error)\n")
            let command = arguments.prefix { $0 != "--" }.first { name in tool.commands.contains { $0.name == name } }
            io.err("Run 'armsledger\(command.map { " " + $0 } ?? "") --help' for usage.\n")
            return 2
        }
        switch invocation {
        case .version:
            io.out("armsledger \(version) (ledger format v1)\n")
            return 0
        case .help(let command):
            let formatter = HelpFormatter(width: min(io.terminalWidth, 100))
            io.out(command.map { formatter.help(for: $0, in: tool) } ?? formatter.help(for: tool))
            return 0
        case .run(let spec, let parsed):
            guard let command = commands.first(where: { $0.spec.name == spec.name }) else { return 2 }
            let path = parsed.value("ledger") ?? io.environment["ARMSLEDGER_LEDGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "Events/ledger.jsonl"
            let context = CommandContext(io: io, ledgerPath: path)
            do {
                try command.run(parsed, context)
                return 0
            } catch {
                for message in error.messages { io.err("error: \(TerminalText.sanitize(message))\n") }
                if case .usage = error { io.err("Run 'armsledger \(spec.name) --help' for usage.\n") }
                return error.exitCode
            }
        }
    }
}
