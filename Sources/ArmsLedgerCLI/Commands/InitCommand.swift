import ArmsLedger

/// `armsledger init`: create an empty ledger.
struct InitCommand: Command {
    let spec = CommandSpec(name: "init", abstract: "Create an empty ledger.",
                           discussion: "Creates the file named by --ledger (default Events/ledger.jsonl). An existing file is never overwritten.")

    func run(_ arguments: ParsedArguments, _ context: CommandContext) throws(CLIError) {
        do { _ = try Ledger.create(at: context.ledgerPath) } catch { throw .ledger(error) }
        context.print("created empty ledger \(context.ledgerPath)")
    }
}
