/// The event types of SPEC section 4.
public enum EventType: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case actorDescribed = "actor.described"
    case systemDescribed = "system.described"
    case transferOffered = "transfer.offered"
    case transferDeclined = "transfer.declined"
    case transferBlocked = "transfer.blocked"
    case transferOrdered = "transfer.ordered"
    case transferDelivered = "transfer.delivered"
    case transferCancelled = "transfer.cancelled"
    case serviceDelivered = "service.delivered"
    case allianceDescribed = "alliance.described"
    case allianceJoined = "alliance.joined"
    case allianceSuspended = "alliance.suspended"
    case allianceWithdrawalAnnounced = "alliance.withdrawal-announced"
    case allianceLeft = "alliance.left"
    case obligationInvoked = "obligation.invoked"
    case obligationAnswered = "obligation.answered"
    case conflictStarted = "conflict.started"
    case conflictEnded = "conflict.ended"
    case statementMade = "statement.made"
    case eventDisputed = "event.disputed"
    case eventRetracted = "event.retracted"

    public var description: String { rawValue }

    /// True for the transfer and service types, which belong to a deal.
    public var isDealEvent: Bool {
        switch self {
        case .transferOffered, .transferDeclined, .transferBlocked, .transferOrdered,
             .transferDelivered, .transferCancelled, .serviceDelivered: true
        default: false
        }
    }

    /// True for the corrections (`event.disputed`, `event.retracted`), which a replay must know
    /// before it folds.
    public var isCorrection: Bool { self == .eventDisputed || self == .eventRetracted }

    /// True for the membership types (`alliance.joined` … `alliance.left`).
    public var isMembershipEvent: Bool {
        switch self {
        case .allianceJoined, .allianceSuspended, .allianceWithdrawalAnnounced, .allianceLeft: true
        default: false
        }
    }

    /// True for types that may carry no sources (corrections and descriptions).
    public var mayOmitSources: Bool {
        switch self {
        case .actorDescribed, .systemDescribed, .allianceDescribed, .eventDisputed, .eventRetracted: true
        default: false
        }
    }

    /// A stable small number for the side index.
    var code: UInt8 { UInt8(Self.allCases.firstIndex(of: self)!) }

    /// The type with a side-index code.
    init?(code: UInt8) {
        guard Int(code) < Self.allCases.count else { return nil }
        self = Self.allCases[Int(code)]
    }
}
