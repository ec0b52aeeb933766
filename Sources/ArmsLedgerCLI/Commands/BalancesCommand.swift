import ArmsLedger

/// `armsledger balances`: supplier × recipient totals.
struct BalancesCommand: Command {
    let spec = CommandSpec(
        name: "balances", abstract: "Supplier × recipient: deals, units ordered and delivered, value, categories, shares.",
        options: CommandOptions.projection + [
            .option("supplier", valueName: "code", help: "Only pairs with this supplier."),
            .option("recipient", valueName: "code", help: "Only pairs with this recipient."),
        ])

    func run(_ arguments: ParsedArguments, _ context: CommandContext) throws(CLIError) {
        _ = try CommandOptions.reportFormat(arguments)
        let clock = try CommandOptions.clock(arguments)
        let supplier = try arguments.value("supplier").map { (text) throws(CLIError) in try CommandOptions.actor(text, what: "supplier") }
        let recipient = try arguments.value("recipient").map { (text) throws(CLIError) in try CommandOptions.actor(text, what: "recipient") }
        let replay = Replay(events: try context.events(), clock: clock)
        try CommandOptions.print(BalancesReport.make(replay, supplier: supplier, recipient: recipient), arguments, context)
    }
}
