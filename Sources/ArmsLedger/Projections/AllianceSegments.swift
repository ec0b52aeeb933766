import Dispatch

/// The JSON of the alliance objects of the streamed `obligations --format json`
/// (``ObligationsReport/writeJSON(_:clock:alliance:to:)``) after their conflicting transfers:
/// each object's members from `invocations` on (invocations, memberships, unplaceable
/// deliveries, unpaired answers…), written on another thread while the writer builds the rows
/// of this and earlier alliances, instead of on the writer's thread between them. The writer
/// writes the head (``ObligationsReport/allianceHead(_:members:)``) itself, so that the rows
/// never wait for these.
///
/// The bytes are those of ``ObligationsReport/allianceObject(_:members:invocations:changes:unplaceable:unpairedAnswers:)``
/// through ``JSONPrettyWriter``: its members in order, each value at the same indent.
final class AllianceSegments: @unchecked Sendable {
    /// One alliance object's members after `conflicting_transfers` in two pieces: from the `,`
    /// after the transfers through `"tallies": `, and from the `,` after the tallies through the
    /// object's `}`.
    struct Pieces {
        let middle: [UInt8]
        let tail: [UInt8]
    }

    private let ready: [DispatchSemaphore]
    private let pieces: SendableBox<[Pieces?]>

    /// Starts writing the pieces of `records`' objects, in order, on another thread.
    init(_ records: [AllianceRecord], _ projection: ObligationsProjection) {
        let ready = records.map { _ in DispatchSemaphore(value: 0) }
        let pieces = SendableBox<[Pieces?]>(Array(repeating: nil, count: records.count))
        self.ready = ready
        self.pieces = pieces
        let work = UncheckedSendable((records, projection))
        DispatchQueue.global().async {
            let (records, projection) = work.value
            for (index, record) in records.enumerated() {
                pieces.set(index, Self.pieces(record, projection))
                ready[index].signal()
            }
        }
    }

    /// The pieces of the object of record `index`, once written (waits until then); each is
    /// handed out once.
    func take(_ index: Int) -> Pieces {
        ready[index].wait()
        guard let taken = pieces.take(index) else { preconditionFailure("each alliance's pieces are taken once") }
        return taken
    }

    private static func pieces(_ record: AllianceRecord, _ projection: ObligationsProjection) -> Pieces {
        let (invocations, unpairedAnswers) = projection.invocationsAndUnpairedAnswers(in: record.id)
        var middle: [UInt8] = []
        ObligationsReport.writeAllianceMiddle(invocations: invocations, changes: record.chronologicalChanges, into: &middle)
        JSONPrettyWriter.writeKey("tallies", indent: 6, into: &middle)
        var tail: [UInt8] = []
        ObligationsReport.writeAllianceTail(record, unplaceable: projection.unplaceableTransfers(in: record.id),
                                            unpairedAnswers: unpairedAnswers, into: &tail)
        JSONPrettyWriter.newline(4, &tail)
        tail.append(UInt8(ascii: "}"))
        return Pieces(middle: middle, tail: tail)
    }

    /// Writes `members` as members of an alliance object (keys at indent 6), the first after a
    /// `,` unless `first`.
    static func write(_ members: JSONObject, first: Bool, into out: inout [UInt8]) {
        for (position, member) in members.members.enumerated() {
            JSONPrettyWriter.writeKey(member.key, indent: 6, first: first && position == 0, into: &out)
            JSONPrettyWriter.write(member.value, indent: 6, into: &out)
        }
    }
}
