/// The typed `data` of an event, one case per family of types in SPEC section 4.
///
/// Optional free-text fields (`notes`, `reason`, …) stay in the event's raw `data`; the cases
/// hold what validation and projections need.
public enum EventPayload: Hashable, Sendable {
    /// `actor.described`.
    case actor(ActorDescription)
    /// `system.described`.
    case system(SystemDescription)
    /// The transfer types and `service.delivered`.
    case transfer(TransferFacts)
    /// `alliance.described`.
    case alliance(AllianceDescription)
    /// `alliance.joined`, `.suspended`, `.withdrawal-announced`, `.left`.
    case membership(alliance: String, member: ActorCode)
    /// `obligation.invoked`.
    case invocation(alliance: String, by: ActorCode, against: ActorCode?)
    /// `obligation.answered`.
    case answer(alliance: String, to: ActorCode, response: String, fulfilled: Bool)
    /// `conflict.started`: two sides of one or more actors.
    case conflictStarted(conflict: String, name: String, sides: [[ActorCode]])
    /// `conflict.ended`.
    case conflictEnded(conflict: String)
    /// `statement.made`.
    case statement(by: ActorCode, speaker: String, summary: String, about: [String])
    /// `event.disputed`.
    case dispute(target: String, reason: String, by: ActorCode?)
    /// `event.retracted`.
    case retraction(target: String, reason: String, replacedBy: String?)

    /// The transfer facts, when this is a deal event.
    public var transfer: TransferFacts? {
        if case .transfer(let facts) = self { return facts }
        return nil
    }

    /// The target of a dispute or retraction.
    public var correctionTarget: String? {
        switch self {
        case .dispute(let target, _, _), .retraction(let target, _, _): target
        default: nil
        }
    }
}

/// What `actor.described` says about an actor.
public struct ActorDescription: Hashable, Sendable {
    public let actor: ActorCode
    public let name: String
    public let kind: ActorKind
}

/// What `system.described` says about a system.
public struct SystemDescription: Hashable, Sendable {
    public let system: String
    public let category: Category
    public let name: String?
    public let origin: ActorCode?
    /// The range in kilometres, as the source gives it.
    public let rangeKm: Double?
}

/// What `alliance.described` says about an alliance.
public struct AllianceDescription: Hashable, Sendable {
    public let alliance: String
    public let name: String
    /// True for a collective-defence alliance (an attack on one is an attack on all).
    public let collectiveDefence: Bool
    public let article: String?
}
