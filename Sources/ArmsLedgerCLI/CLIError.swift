import ArmsLedger

/// Why a command stopped: a usage error (exit 2) or a failure of what was asked (exit 1).
public enum CLIError: Error, Sendable {
    /// The command line is wrong; the message names the argument. Exit 2.
    case usage(String)
    /// The command ran but what was asked failed. One message per `error:` line. Exit 1.
    case failure(String)
    /// A ledger error; each of its messages becomes an `error:` line. Exit 1.
    case ledger(LedgerError)

    /// The process exit status.
    public var exitCode: Int32 {
        if case .usage = self { return 2 }
        return 1
    }

    /// The `error:` lines (without the prefix).
    public var messages: [String] {
        switch self {
        case .usage(let message), .failure(let message): [message]
        case .ledger(let error): error.messages
        }
    }
}
