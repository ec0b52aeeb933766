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
        let settled = Self.settle(retractions: retracting.map { ($0.event.id, $0.target) },
                                  disputes: disputing.map { ($0.event.id, $0.target) })
        retractions = settled.retracted.mapValues { retracting[$0].event }
        disputes = settled.disputed.mapValues { $0.map { disputing[$0].event } }
    }

    /// The rule of the index on bare ids, shared with the replay's fast paths: given the known
    /// retractions and disputes (each as its own id and its target's, in `seq` order), which
    /// targets are retracted (by the index of the applying retraction) and which disputes mark
    /// their target (by index, in order).
    static func settle(retractions: [(id: String, target: String)], disputes: [(id: String, target: String)])
        -> (retracted: [String: Int], disputed: [String: [Int]]) {
        var retracted: [String: Int] = [:]
        for index in retractions.indices.reversed() where retracted[retractions[index].id] == nil {
            if retracted[retractions[index].target] == nil { retracted[retractions[index].target] = index }
        }
        var disputed: [String: [Int]] = [:]
        for index in disputes.indices where retracted[disputes[index].id] == nil {
            disputed[disputes[index].target, default: []].append(index)
        }
        return (retracted, disputed)
    }

    /// True when the event is retracted at K.
    public func isRetracted(_ id: String) -> Bool { retractions[id] != nil }
}
