import Dispatch

/// The entity-level facts of a clean batch (``AppendKeyedCheck``), recorded on another thread
/// while the batch is written and made durable: what ``LedgerFacts/record(type:payload:stream:)``
/// adds for each event, and the entity keys the batch touches, which the side index needs
/// afterwards (``MappedSideIndex/extend(with:touching:facts:)``).
struct EntityRecording {
    private let group = DispatchGroup()
    private let result = SendableBox<[(facts: LedgerFacts, touched: [String])?]>([nil])

    /// Starts recording `events`, each with its own stream (a clean batch's), on top of `facts`.
    init(_ events: AppendEvents, facts: LedgerFacts) {
        let result = result
        DispatchQueue.global().async(group: group) {
            var facts = facts
            var touched: [String] = []
            touched.reserveCapacity(2 * events.count)
            for (_, event) in events {
                let (type, payload, stream) = (event.type, event.payload, event.stream)
                // In a clean batch a correction's stream is its target's.
                touched += LedgerFacts.entityKeys(payload: payload, resolvedStream: stream)
                facts.record(type: type, payload: payload, stream: stream)
            }
            result.set(0, (facts, touched))
        }
    }

    /// Waits for the recording; returns the facts (chain end not updated) and the keys touched.
    func wait() -> (facts: LedgerFacts, touched: [String]) {
        group.wait()
        guard let recorded = result.take(0) else { preconditionFailure("the recording sets its result before it ends") }
        return recorded
    }
}
