/// A replay of a ledger at a ``ReplayClock``: selects the events that count, with their marks,
/// and folds them into projections in one pass in `seq` order (SPEC section 5).
///
/// ```swift
/// let replay = Replay(events: try ledger.events(), clock: ReplayClock(asOf: Day(year: 2020, month: 9, day: 27)))
/// var register = RegisterProjection()
/// var balances = BalancesProjection()
/// replay.fold(&register, &balances)
/// ```
public struct Replay: Sendable {
    /// The clock.
    public let clock: ReplayClock
    /// The corrections known at K.
    public let corrections: CorrectionIndex
    /// All events of the ledger, counted or not (for views such as history that show everything).
    public let events: [Event]

    public init(events: [Event], clock: ReplayClock) {
        self.events = events
        self.clock = clock
        self.corrections = CorrectionIndex(events: events, clock: clock)
    }

    /// How the clock treats one event: nil when it does not count; else the replayed event.
    ///
    /// An event counts when it is known at K, is not retracted, and its `occurred` counts at D.
    /// Corrections count whenever known at K. Descriptions (`actor.described`,
    /// `system.described`, `alliance.described`) describe rather than happen, so they count
    /// whenever known at K, whatever D.
    public func replayed(_ event: Event) -> ReplayedEvent? {
        guard clock.isKnown(event), !corrections.isRetracted(event.id) else { return nil }
        var uncertain = false
        switch event.type {
        case .eventDisputed, .eventRetracted, .actorDescribed, .systemDescribed, .allianceDescribed:
            break
        default:
            guard let mark = clock.occurrence(of: event.occurred) else { return nil }
            uncertain = mark
        }
        return ReplayedEvent(event: event, uncertainDate: uncertain, disputes: corrections.disputes[event.id] ?? [])
    }

    /// Calls `body` with every counted event, in `seq` order.
    public func forEach(_ body: (ReplayedEvent) -> Void) {
        for event in events {
            if let replayed = replayed(event) { body(replayed) }
        }
    }

    /// Folds the counted events into one projection.
    public func fold<A: Projection>(_ a: inout A) {
        forEach { a.apply($0) }
    }

    /// Folds the counted events into two projections in one pass.
    public func fold<A: Projection, B: Projection>(_ a: inout A, _ b: inout B) {
        forEach { a.apply($0); b.apply($0) }
    }

    /// Folds the counted events into three projections in one pass.
    public func fold<A: Projection, B: Projection, C: Projection>(_ a: inout A, _ b: inout B, _ c: inout C) {
        forEach { a.apply($0); b.apply($0); c.apply($0) }
    }
}
