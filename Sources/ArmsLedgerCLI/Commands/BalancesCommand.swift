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
        let balances: (rows: [BalanceRow], ignoredTail: Int?)
        do { balances = try context.ledger.balanceRows(clock: clock) } catch { throw .ledger(error) }
        context.noteIgnoredTail(balances.ignoredTail)
        // Shares are computed over each recipient's whole intake, before the filters.
        let rows = balances.rows.filter { (supplier == nil || $0.supplier == supplier) && (recipient == nil || $0.recipient == recipient) }
        try CommandOptions.print(BalancesReport.make(rows: rows, clock: clock, supplier: supplier, recipient: recipient), arguments, context)
    }
}
