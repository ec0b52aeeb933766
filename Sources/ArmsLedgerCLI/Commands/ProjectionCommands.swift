import ArmsLedger

/// The projection commands (register, balances, history, diff, obligations, balance-of-power,
/// project), registered here as they are built.
enum ProjectionCommands {
    static let all: [any Command] = []
}
