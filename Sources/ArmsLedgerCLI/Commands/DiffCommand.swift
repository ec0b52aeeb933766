import ArmsLedger

/// `armsledger diff`: what changed in the register between two replays.
struct DiffCommand: Command {
    let spec = CommandSpec(
        name: "diff", abstract: "What changed between two replays: deals that appeared, changed or disappeared.",
        discussion: "Compare two as-of dates (--from D1 --to D2), or two known-at dates (--known-from K1 --known-to K2), e.g. what the 2024 leaks revealed: --known-from 2023-12-31 --known-to 2024-12-31. The other clock is fixed by --as-of or --known-at.",
        options: [
            .option("from", valueName: "date", help: "The earlier as-of date."),
            .option("to", valueName: "date", help: "The later as-of date (default: the end of time)."),
            .option("known-from", valueName: "date", help: "The earlier known-at date."),
            .option("known-to", valueName: "date", help: "The later known-at date (default: the end of time)."),
        ] + CommandOptions.projection)

    func run(_ arguments: ParsedArguments, _ context: CommandContext) throws(CLIError) {
        _ = try CommandOptions.reportFormat(arguments)
        let base = try CommandOptions.clock(arguments)
        let from = try CommandOptions.date(arguments, "from"), to = try CommandOptions.date(arguments, "to")
        let knownFrom = try CommandOptions.date(arguments, "known-from"), knownTo = try CommandOptions.date(arguments, "known-to")
        let asOfClock = from != nil || to != nil
        let knownClock = knownFrom != nil || knownTo != nil
        if asOfClock && knownClock { throw .usage("compare on one clock at a time: --from/--to or --known-from/--known-to") }
        if !asOfClock && !knownClock { throw .usage("missing dates: give --from D1 [--to D2] or --known-from K1 [--known-to K2]") }
        var before = base, after = base
        if asOfClock {
            if arguments.value("as-of") != nil { throw .usage("--as-of cannot be combined with --from/--to") }
            before = ReplayClock(asOf: from, knownAt: try CommandOptions.date(arguments, "known-at"), strictDates: base.strictDates)
            after = ReplayClock(asOf: to, knownAt: try CommandOptions.date(arguments, "known-at"), strictDates: base.strictDates)
        } else {
            if arguments.value("known-at") != nil { throw .usage("--known-at cannot be combined with --known-from/--known-to") }
            before = ReplayClock(asOf: try CommandOptions.date(arguments, "as-of"), knownAt: knownFrom, strictDates: base.strictDates)
            after = ReplayClock(asOf: try CommandOptions.date(arguments, "as-of"), knownAt: knownTo, strictDates: base.strictDates)
        }
        if let b = asOfClock ? before.asOf : before.knownAt, let a = asOfClock ? after.asOf : after.knownAt, b > a {
            throw .usage("the first date must not be later than the second")
        }
        let events = try context.events()
        try CommandOptions.print(DiffReport.make(events: events, from: before, to: after), arguments, context)
    }
}
