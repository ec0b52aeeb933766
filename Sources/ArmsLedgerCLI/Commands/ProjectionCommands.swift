import ArmsLedger

/// The projection commands, in the order `--help` lists them.
enum ProjectionCommands {
    static let all: [any Command] = [RegisterCommand(), BalancesCommand(), HistoryCommand(), DiffCommand(), ObligationsCommand(), BalanceOfPowerCommand(), ProjectCommand()]
}
