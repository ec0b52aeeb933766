import ArmsLedger

/// `armsledger repair`: move a torn or invalid tail aside.
struct RepairCommand: Command {
    let spec = CommandSpec(
        name: "repair", abstract: "Move a torn tail aside (never touches complete, valid lines).",
        discussion: "Moves the bytes after the last valid line into <ledger>.torn-<UTC time> next to the ledger and cuts the ledger back to its valid part. Damage followed by valid lines is not a tail: repair refuses and says so.")

    func run(_ arguments: ParsedArguments, _ context: CommandContext) throws(CLIError) {
        let outcome: Ledger.RepairOutcome
        do { outcome = try context.ledger.repair() } catch { throw .ledger(error) }
        switch outcome {
        case .intact(let lines):
            context.print("nothing to repair: \(lines) valid event\(lines == 1 ? "" : "s")")
        case .movedTail(let quarantine, let bytes, let lines):
            context.print("moved \(bytes) byte\(bytes == 1 ? "" : "s") of torn tail to \(quarantine); \(lines) valid event\(lines == 1 ? "" : "s") remain")
        }
    }
}
