import ArmsLedger

/// `armsledger append [FILE|-]`: validate events and append them, all or nothing.
struct AppendCommand: Command {
    let spec = CommandSpec(
        name: "append", abstract: "Validate events (JSON lines) and append them, all or nothing.",
        discussion: """
        Reads one event per line from FILE, or standard input when FILE is - or absent. Each event gives at least type, occurred, confidence, sources and data; the ledger fills in seq, stream, prev, hash, recorded (unless given) and id (unless given: derived from the content). An id already in the ledger with the same content is skipped; with different content it is an error. If any line is invalid nothing is written and every problem is printed as input:LINE: field: reason.
        """,
        options: [
            .flag("dry-run", help: "Validate only; write nothing."),
            .option("expect-version", valueName: "n", help: "Append only if the stream of the first event holds exactly n events."),
        ],
        positionals: [ArgumentSpec("file", help: "A file of JSON lines, or - for standard input (the default).", optional: true)])

    func run(_ arguments: ParsedArguments, _ context: CommandContext) throws(CLIError) {
        var expectVersion: Int?
        if let text = arguments.value("expect-version") {
            guard let n = Int(text), n >= 0 else {
                throw .usage("invalid value '\(TerminalText.sanitize(text))' for '--expect-version <n>': give a whole number ≥ 0")
            }
            expectVersion = n
        }
        let input = try context.io.readInput(arguments.positionals.first ?? "-")
        let dryRun = arguments.flag("dry-run")
        let report: AppendReport
        do {
            report = try context.ledger.append(contentsOf: input, expectVersion: expectVersion, dryRun: dryRun)
        } catch {
            throw .ledger(error)
        }
        for warning in report.warnings { context.warn(warning) }
        if dryRun {
            context.print("valid: would append \(report.appended.count), skip \(report.skipped.count); nothing written (dry run)")
        } else {
            context.print("appended \(report.appended.count), skipped \(report.skipped.count)")
        }
    }
}
