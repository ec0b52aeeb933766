import ArmsLedger

/// One subcommand of `armsledger`: its declared arguments and what it does with them.
/// Commands only translate between the command line and the library; logic lives in the library.
protocol Command: Sendable {
    /// The name, options and help.
    var spec: CommandSpec { get }
    /// Runs with parsed arguments; prints through `context.io`.
    func run(_ arguments: ParsedArguments, _ context: CommandContext) throws(CLIError)
}

/// What every command gets besides its arguments.
struct CommandContext: Sendable {
    let io: CommandIO
    /// The ledger path: `--ledger`, else `$ARMSLEDGER_LEDGER`, else `Events/ledger.jsonl`.
    let ledgerPath: String

    var ledger: Ledger { Ledger(path: ledgerPath) }

    func print(_ text: String) {
        io.out(text.hasSuffix("\n") ? text : text + "\n")
    }

    func warn(_ text: String) {
        io.err("warning: \(text)\n")
    }

    /// Reads the ledger's events, warning about an incomplete last line left out.
    func events() throws(CLIError) -> [Event] {
        do {
            let result = try ledger.read()
            noteIgnoredTail(result.ignoredTail)
            return result.events
        } catch {
            throw .ledger(error)
        }
    }

    /// Hands a result that has been printed to ``CommandIO/keepUntilExit``: a large one is then
    /// not freed object by object just before the process exits.
    func keepUntilExit<Value>(_ value: Value) {
        io.keepUntilExit(KeptValue(value))
    }

    /// Warns that an incomplete last line was left out of a replay.
    func noteIgnoredTail(_ line: Int?) {
        if let line {
            warn("\(ledgerPath):\(line): incomplete last line left out (an append in progress, or a torn write: see `armsledger verify`)")
        }
    }
}

/// A value of any type, boxed for ``CommandIO/keepUntilExit``.
private final class KeptValue<Value> {
    let value: Value
    init(_ value: Value) { self.value = value }
}
