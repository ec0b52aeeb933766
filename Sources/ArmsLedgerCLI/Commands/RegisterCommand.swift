import ArmsLedger

/// `armsledger register`: one row per deal, SIPRI trade-register style.
struct RegisterCommand: Command {
    let spec = CommandSpec(
        name: "register", abstract: "One row per deal: status, ordered, delivered, dates, sources (SIPRI-style trade register).",
        discussion: "Status is the deal's latest counted event by date (ties: the later line). Unknown quantities count 0 and are marked; disputed events and uncertain dates are marked, never hidden.",
        options: CommandOptions.projection)

    func run(_ arguments: ParsedArguments, _ context: CommandContext) throws(CLIError) {
        let format = try CommandOptions.reportFormat(arguments)
        let clock = try CommandOptions.clock(arguments)
        let register: (rows: [DealRow], ignoredTail: Int?)
        do { register = try context.ledger.registerRows(clock: clock) } catch { throw .ledger(error) }
        context.noteIgnoredTail(register.ignoredTail)
        defer { context.keepUntilExit(register.rows) }
        if format == .json {
            // Written straight from the rows: tens of thousands on a large ledger.
            return RegisterReport.writeJSON(rows: register.rows, clock: clock, to: context.io.outBytes)
        }
        try CommandOptions.print(RegisterReport.make(rows: register.rows, clock: clock), arguments, context)
    }
}
