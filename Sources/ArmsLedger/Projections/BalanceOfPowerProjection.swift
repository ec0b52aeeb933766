/// What a balance-of-power view needs from one replay: every counted delivery, the systems as
/// `system.described` describes them, the actors' names, and the latest date of a counted event.
///
/// Side-independent, so one fold serves any pair of actors; ``BalanceOfPower`` does the sums.
public struct BalanceOfPowerProjection: Projection, Sendable {
    /// Counted `transfer.delivered` and `service.delivered` events, in `seq` order.
    public private(set) var deliveries: [ReplayedEvent] = []
    /// The latest counted description of each system, by designation.
    public private(set) var systems: [String: SystemDescription] = [:]
    /// Names from counted `actor.described` events.
    public private(set) var actorNames: [ActorCode: String] = [:]
    /// The latest lower bound of `occurred` among counted events that happen (not descriptions or
    /// corrections, not open starts); nil when there is none.
    public private(set) var latestDay: Day?

    /// An empty projection.
    public init() {}

    /// Folds one counted event.
    public mutating func apply(_ replayed: ReplayedEvent) {
        let event = replayed.event
        switch event.payload {
        case .system(let description):
            systems[description.system] = description
        case .actor(let description):
            actorNames[description.actor] = description.name
        case .transfer:
            if event.type == .transferDelivered || event.type == .serviceDelivered { deliveries.append(replayed) }
        default:
            break
        }
        switch event.type {
        case .actorDescribed, .systemDescribed, .allianceDescribed, .eventDisputed, .eventRetracted:
            break
        default:
            let lower = event.occurred.lower
            if lower != .distantPast, latestDay.map({ lower > $0 }) ?? true { latestDay = lower }
        }
    }

    /// The display name of an actor: its `actor.described` name, else its ISO 3166 name, else the code.
    public func name(of actor: ActorCode) -> String {
        actorNames[actor] ?? ISOCountries.name(for: actor.rawValue) ?? actor.rawValue
    }
}
