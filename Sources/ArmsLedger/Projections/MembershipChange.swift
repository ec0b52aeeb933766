/// One counted membership event of an alliance: `alliance.joined`, `.suspended`,
/// `.withdrawal-announced` or `.left`.
public struct MembershipChange: Sendable {
    /// What the event did to the membership.
    public enum Kind: String, Sendable, CaseIterable {
        /// `alliance.joined`: a member from this day (also restores a suspended or departed member).
        case joined
        /// `alliance.suspended`: not a member from this day until a later `alliance.joined`.
        case suspended
        /// `alliance.withdrawal-announced`: changes nothing by itself (SPEC section 7).
        case withdrawalAnnounced = "withdrawal-announced"
        /// `alliance.left`: not a member from this day.
        case left

        /// The kind of a membership event type, or nil for any other type.
        public init?(_ type: EventType) {
            switch type {
            case .allianceJoined: self = .joined
            case .allianceSuspended: self = .suspended
            case .allianceWithdrawalAnnounced: self = .withdrawalAnnounced
            case .allianceLeft: self = .left
            default: return nil
            }
        }
    }

    /// The member the event is about.
    public let member: ActorCode
    /// What happened.
    public let kind: Kind
    /// The counted event, with its marks.
    public let replayed: ReplayedEvent

    /// Creates a change.
    public init(member: ActorCode, kind: Kind, replayed: ReplayedEvent) {
        self.member = member
        self.kind = kind
        self.replayed = replayed
    }

    /// The day the change takes effect: the lower bound of `occurred`.
    public var day: Day { replayed.event.occurred.lower }

    /// Orders changes by the day they take effect, ties by `seq`.
    static func chronological(_ a: MembershipChange, _ b: MembershipChange) -> Bool {
        (a.day, a.replayed.event.seq) < (b.day, b.replayed.event.seq)
    }

    /// `changes` in ``chronological(_:_:)`` order, sorted through their (day, seq) keys: a
    /// change carries a whole event, too big to move around while sorting.
    static func chronologicallySorted(_ changes: [MembershipChange]) -> [MembershipChange] {
        let keys = changes.map { ($0.day, $0.replayed.event.seq) }
        return keys.indices.sorted { keys[$0] < keys[$1] }.map { changes[$0] }
    }
}
