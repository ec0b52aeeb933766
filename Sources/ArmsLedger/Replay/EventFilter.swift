/// Selects events for `log`: by type, stream, named actor and the two clocks.
///
/// Unlike a replay it applies no corrections: `log` shows the record as written, retracted
/// events and the retractions alike.
public struct EventFilter: Sendable {
    public var types: Set<EventType>
    public var stream: String?
    public var actor: ActorCode?
    public var clock: ReplayClock

    public init(types: Set<EventType> = [], stream: String? = nil, actor: ActorCode? = nil, clock: ReplayClock = ReplayClock()) {
        self.types = types
        self.stream = stream
        self.actor = actor
        self.clock = clock
    }

    /// True when the event passes every given filter.
    public func matches(_ event: Event) -> Bool {
        if !types.isEmpty && !types.contains(event.type) { return false }
        if let stream, event.stream != stream { return false }
        if let actor, !event.names(actor) { return false }
        if !clock.isKnown(event) { return false }
        if clock.asOf != nil, clock.occurrence(of: event.occurred) == nil { return false }
        return true
    }
}

extension Event {
    /// True when the event names `actor` in any actor field (supplier, recipient, member, by,
    /// to, against, origin, a conflict side, the described actor).
    public func names(_ actor: ActorCode) -> Bool {
        switch payload {
        case .actor(let d): d.actor == actor
        case .system(let d): d.origin == actor
        case .transfer(let t): t.supplier == actor || t.recipient == actor || t.by == actor
        case .alliance: false
        case .membership(_, let member): member == actor
        case .invocation(_, let by, let against): by == actor || against == actor
        case .answer(_, let to, _, _): to == actor
        case .conflictStarted(_, _, let sides): sides.contains { $0.contains(actor) }
        case .conflictEnded: false
        case .statement(let by, _, _, _): by == actor
        case .dispute(_, _, let by): by == actor
        case .retraction: false
        }
    }
}
