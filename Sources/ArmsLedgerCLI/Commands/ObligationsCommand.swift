import ArmsLedger

/// `armsledger obligations`: alliance members who armed adversaries of fellow members.
struct ObligationsCommand: Command {
    let spec = CommandSpec(
        name: "obligations", abstract: "Per alliance: members, transfers by members to adversaries of fellow members, invocations and answers.",
        discussion: "A transfer or service by a member conflicts with the alliance's obligation when, on its date, the recipient is on the other side of an open conflict with a fellow member. Memberships and conflicts are half-open day ranges (SPEC section 7).",
        options: CommandOptions.projection + [.option("alliance", valueName: "id", help: "Only this alliance, e.g. csto.")])

    func run(_ arguments: ParsedArguments, _ context: CommandContext) throws(CLIError) {
        let format = try CommandOptions.reportFormat(arguments)
        let clock = try CommandOptions.clock(arguments)
        let projection: ObligationsProjection
        do {
            let replayed = try ObligationsProjection.replaying(context.ledger, clock: clock)
            projection = replayed.projection
            context.noteIgnoredTail(replayed.ignoredTail)
        } catch {
            throw .ledger(error)
        }
        defer { context.keepUntilExit(projection) }
        if format == .json {
            // Streamed: on a large ledger the rows run to millions, too many to hold as a report.
            ObligationsReport.writeJSON(projection, clock: clock, alliance: arguments.value("alliance"), to: context.io.outBytes)
            return
        }
        try CommandOptions.print(ObligationsReport.make(projection, clock: clock, alliance: arguments.value("alliance")), arguments, context)
    }
}
