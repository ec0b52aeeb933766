import ArmsLedger

/// `armsledger verify`: check every line and the hash chain.
struct VerifyCommand: Command {
    let spec = CommandSpec(
        name: "verify", abstract: "Check every line: JSON, fields, seq, the hash chain.",
        discussion: "Prints the first problem with its line number and exits 1, or a summary and exits 0.")

    func run(_ arguments: ParsedArguments, _ context: CommandContext) throws(CLIError) {
        let result: Ledger.Verification
        do { result = try context.ledger.verify() } catch { throw .ledger(error) }
        context.print("ok: \(result.lines) event\(result.lines == 1 ? "" : "s"), \(result.bytes) bytes, chain intact; last hash \(result.lastHash.hex)")
    }
}
