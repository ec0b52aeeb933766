/// A set of event types as a bit mask. The replay asks, for every line, whether its type is
/// wanted, prefetched or deferred; `Set<EventType>` answers by hashing the type's raw string,
/// this by one AND.
struct EventTypeSet: Sendable {
    private var bits: UInt32 = 0

    /// The set of `types`.
    init(_ types: some Sequence<EventType>) {
        for type in types { bits |= 1 << type.ordinal }
    }

    /// True when the set holds no type.
    var isEmpty: Bool { bits == 0 }

    /// True when `type` is in the set.
    @inline(__always)
    func contains(_ type: EventType) -> Bool {
        bits & (1 << type.ordinal) != 0
    }
}

extension EventType {
    /// The type's place in ``allCases``, from 0: a small integer for bit sets and tables.
    var ordinal: Int {
        switch self {
        case .actorDescribed: 0
        case .systemDescribed: 1
        case .transferOffered: 2
        case .transferDeclined: 3
        case .transferBlocked: 4
        case .transferOrdered: 5
        case .transferDelivered: 6
        case .transferCancelled: 7
        case .serviceDelivered: 8
        case .allianceDescribed: 9
        case .allianceJoined: 10
        case .allianceSuspended: 11
        case .allianceWithdrawalAnnounced: 12
        case .allianceLeft: 13
        case .obligationInvoked: 14
        case .obligationAnswered: 15
        case .conflictStarted: 16
        case .conflictEnded: 17
        case .statementMade: 18
        case .eventDisputed: 19
        case .eventRetracted: 20
        }
    }
}
