import ArmsLedger

/// `armsledger history ID`: the audit trail of a deal, system, actor, alliance, conflict or event.
struct HistoryCommand: Command {
    let spec = CommandSpec(
        name: "history", abstract: "Every event of a deal, system, actor, alliance or conflict, with sources, disputes and retractions.",
        discussion: "Answers \"why does the ledger say this?\": every event of the entity in ledger order, each with its id, dates and sources, and the corrections aimed at it. Events the clocks exclude are shown and marked, not hidden.",
        options: CommandOptions.projection,
        positionals: [ArgumentSpec("id", help: "A deal id, system designation, actor code, alliance id, conflict id or event id.")])

    func run(_ arguments: ParsedArguments, _ context: CommandContext) throws(CLIError) {
        _ = try CommandOptions.reportFormat(arguments)
        let clock = try CommandOptions.clock(arguments)
        guard let id = arguments.positionals.first else { throw .usage("missing argument <id>") }
        let replay = Replay(events: try context.events(), clock: clock)
        let report: Report
        do { report = try HistoryReport.make(replay, id: id) } catch { throw .failure(error.description) }
        try CommandOptions.print(report, arguments, context)
    }
}
