/// The corrections known at K, gathered before the fold: which events are retracted, and
/// which disputes aim at which events.
///
/// Corrections are knowledge, not history (SPEC section 5): they apply whenever they are known
/// at K, whatever their `occurred`. Disputes follow the same rule as retractions. A retraction
/// that is itself retracted no longer applies.
public struct CorrectionIndex: Sendable {
    /// Ids of retracted events, each with the retraction that removes it.
    public private(set) var retractions: [String: Event] = [:]
    /// Disputes by target id, in `seq` order.
    public private(set) var disputes: [String: [Event]] = [:]

    /// Gathers the corrections among `events` that `clock` knows.
    public init(events: [Event], clock: ReplayClock) {
        var retracting: [(target: String, event: Event)] = []
        for event in events where clock.isKnown(event) {
            switch event.payload {
            case .retraction(let target, _, _): retracting.append((target, event))
            case .dispute(let target, _, _): disputes[target, default: []].append(event)
            default: break
            }
        }
        // A retraction retracted by a later known retraction does not apply.
        let retractedRetractions = Set(retracting.map(\.target))
        for (target, event) in retracting where !retractedRetractions.contains(event.id) {
            retractions[target] = event
        }
        for (target, _) in disputes where retractions[target] != nil { _ = target }
    }

    /// True when the event is retracted at K.
    public func isRetracted(_ id: String) -> Bool { retractions[id] != nil }
}
