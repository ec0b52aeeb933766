import Dispatch

/// The entity-level facts of a clean batch (``AppendKeyedCheck``), recorded on another thread
/// while the batch is written and made durable: what ``LedgerFacts/record(type:payload:stream:)``
/// adds for each event, and the side index buckets of the entity keys the batch touches, which
/// the index needs afterwards (``MappedSideIndex/extend(with:touchingBuckets:facts:)``).
struct EntityRecording {
    private let group = DispatchGroup()
    private let result = SendableBox<[(facts: LedgerFacts, buckets: Set<Int>)?]>([nil])

    /// Starts recording `events`, each with its own stream (a clean batch's), on top of `facts`;
    /// the buckets are those among `bucketCount` (none when nil: there is no index to extend).
    init(_ events: AppendEvents, facts: LedgerFacts, bucketCount: Int?) {
        let result = result
        DispatchQueue.global().async(group: group) {
            var facts = facts
            var buckets = Set<Int>()
            for (_, event) in events {
                let (type, payload, stream) = (event.type, event.payload, event.stream)
                if let bucketCount {
                    // In a clean batch a correction's stream is its target's.
                    LedgerFacts.forEachEntityKey(payload: payload, resolvedStream: stream) { key in
                        buckets.insert(LedgerFacts.bucket(of: key, count: bucketCount))
                    }
                }
                facts.record(type: type, payload: payload, stream: stream)
            }
            result.set(0, (facts, buckets))
        }
    }

    /// Waits for the recording; returns the facts (chain end not updated) and the buckets touched.
    func wait() -> (facts: LedgerFacts, buckets: Set<Int>) {
        group.wait()
        guard let recorded = result.take(0) else { preconditionFailure("the recording sets its result before it ends") }
        return recorded
    }
}
