/// An alliance as the obligations projection folds it: its description and every counted
/// membership event, invocation and answer.
///
/// Membership is a set of half-open day ranges (SPEC section 7): an actor is a member from the
/// day it joined (the lower bound of `occurred`) until the day before it left or was suspended;
/// a later `alliance.joined` restores it. `alliance.withdrawal-announced` changes nothing.
/// Changes on the same day apply in `seq` order.
public struct AllianceRecord: Sendable {
    /// The alliance id.
    public let id: String
    /// What `alliance.described` says, or nil when no description is known at K.
    public internal(set) var description: AllianceDescription?
    /// Counted membership events, in the order the replay handed them over (`seq`).
    public internal(set) var changes: [MembershipChange] = []
    /// Counted `obligation.invoked` events, in `seq` order.
    public internal(set) var invocationEvents: [ReplayedEvent] = []
    /// Counted `obligation.answered` events, in `seq` order.
    public internal(set) var answerEvents: [ReplayedEvent] = []

    /// An alliance with nothing folded yet.
    public init(id: String) {
        self.id = id
    }

    /// True when the alliance is described as a collective-defence alliance.
    public var isCollectiveDefence: Bool { description?.collectiveDefence ?? false }

    /// The membership changes ordered by the day they take effect, ties by `seq`.
    public var chronologicalChanges: [MembershipChange] {
        MembershipChange.chronologicallySorted(changes)
    }

    /// Every actor that has a counted membership event, sorted by code.
    public var everMembers: [ActorCode] {
        Set(changes.map(\.member)).sorted()
    }

    /// The change that decides whether `actor` is a member on `day`: its latest `joined`,
    /// `suspended` or `left` taking effect on or before `day` (ties by `seq`); nil if none.
    public func decidingChange(for actor: ActorCode, on day: Day) -> MembershipChange? {
        var best: MembershipChange?
        for change in changes where change.member == actor && change.kind != .withdrawalAnnounced && change.day <= day {
            if best.map({ MembershipChange.chronological($0, change) }) ?? true { best = change }
        }
        return best
    }

    /// True when `actor` is a member on `day`.
    public func isMember(_ actor: ActorCode, on day: Day) -> Bool {
        decidingChange(for: actor, on: day)?.kind == .joined
    }

    /// The members on `day`, sorted by code.
    public func members(on day: Day) -> [ActorCode] {
        everMembers.filter { isMember($0, on: day) }
    }
}
