import ArmsLedger

/// `armsledger balance-of-power A B`: what two actors received, side by side.
struct BalanceOfPowerCommand: Command {
    let spec = CommandSpec(
        name: "balance-of-power", abstract: "Side by side for two actors: what each received, by category, from whom; --since shows the change.",
        discussion: "Counts the units delivered to each side by the as-of date (services are counted as services, not units), with the suppliers' shares, the notable systems and their ranges, deliveries in the last five years, suppliers that armed both sides, and allies of one side that armed the other. Estimates, unknown quantities, uncertain dates and disputes are marked, never summed as certain. --format md writes a short brief.",
        options: CommandOptions.projection + [.option("since", valueName: "date", help: "Show the change between this date and the as-of date.")],
        positionals: [ArgumentSpec("a", help: "The first actor, e.g. ARM."), ArgumentSpec("b", help: "The second actor, e.g. AZE.")])

    func run(_ arguments: ParsedArguments, _ context: CommandContext) throws(CLIError) {
        let format = try CommandOptions.reportFormat(arguments)
        let clock = try CommandOptions.clock(arguments)
        guard arguments.positionals.count == 2 else { throw .usage("give two actors, e.g. balance-of-power ARM AZE") }
        let a = try CommandOptions.actor(arguments.positionals[0], what: "actor")
        let b = try CommandOptions.actor(arguments.positionals[1], what: "actor")
        if a == b { throw .usage("the two actors must differ") }
        let since = try CommandOptions.date(arguments, "since")
        if let since, let asOf = clock.asOf, since.upper > asOf {
            throw .usage("--since \(since.text) must be before --as-of \(clock.asOfLabel ?? asOf.description)")
        }
        let streamed: BalanceOfPowerReport.Streamed?
        do {
            streamed = try BalanceOfPowerReport.streamed(context.ledger, clock: clock, sides: (a, b), since: since)
        } catch {
            throw .ledger(error)
        }
        if let streamed {
            defer { context.keepUntilExit(streamed) }
            context.noteIgnoredTail(streamed.ignoredTail)
            if format == .json { return streamed.writeJSON(to: context.io.outBytes) }
            try CommandOptions.print(streamed.report, arguments, context)
            return
        }
        let events = try context.events()
        let report: Report
        do {
            report = try BalanceOfPowerReport.make(events: events, clock: clock, sides: (a, b), since: since)
        } catch {
            throw .failure(error.description)
        }
        try CommandOptions.print(report, arguments, context)
    }
}
