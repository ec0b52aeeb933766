/// Why a balance-of-power view cannot be built from what was asked.
public enum BalanceOfPowerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A side names an actor that no event of the ledger mentions; `suggestion` is the closest
    /// actor the ledger does mention, if one is close.
    case unknownActor(ActorCode, suggestion: ActorCode?)
    /// Both sides are the same actor.
    case sameActor(ActorCode)
    /// `--since` is not before the as-of date (both as written).
    case sinceNotBeforeAsOf(since: String, asOf: String)

    public var description: String {
        switch self {
        case .unknownActor(let actor, let suggestion):
            var text = "balance-of-power: unknown actor \(actor): no event in the ledger names it"
            if let suggestion { text += "; did you mean \(suggestion)?" }
            return text
        case .sameActor(let actor):
            return "balance-of-power: both sides are \(actor); name two different actors"
        case .sinceNotBeforeAsOf(let since, let asOf):
            return "balance-of-power: --since \(since) must be before --as-of \(asOf) (the change runs from --since to --as-of)"
        }
    }
}
