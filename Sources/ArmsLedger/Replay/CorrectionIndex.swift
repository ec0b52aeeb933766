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
    ///
    /// A retraction applies unless an applying retraction aims at it; since a correction
    /// always follows its target, walking the retractions from the last to the first settles
    /// whole chains (R3 retracting R2 restores what R2 retracted). A retracted dispute no
    /// longer marks its target.
    public init(events: [Event], clock: ReplayClock) {
        var retracting: [(target: String, event: Event)] = []
        var disputing: [(target: String, event: Event)] = []
        for event in events where clock.isKnown(event) {
            switch event.payload {
            case .retraction(let target, _, _): retracting.append((target, event))
            case .dispute(let target, _, _): disputing.append((target, event))
            default: break
            }
        }
        for (target, event) in retracting.reversed() where retractions[event.id] == nil {
            if retractions[target] == nil { retractions[target] = event }
        }
        for (target, event) in disputing where retractions[event.id] == nil {
            disputes[target, default: []].append(event)
        }
    }

    /// True when the event is retracted at K.
    public func isRetracted(_ id: String) -> Bool { retractions[id] != nil }
}
