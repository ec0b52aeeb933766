import Dispatch

/// The JSON of the alliance objects of the streamed `obligations --format json`
/// (``ObligationsReport/writeJSON(_:clock:alliance:to:)``) around their conflicting transfers
/// and tallies, which the writer puts in between: each object's other members (invocations,
/// memberships, unplaceable deliveries, unpaired answers…) written on another thread while
/// the writer builds the rows of earlier alliances, instead of on the writer's thread between
/// them.
///
/// The bytes are those the writer wrote before: the same ``ObligationsReport/allianceObject(_:members:invocations:changes:unplaceable:unpairedAnswers:)``,
/// its members in order, each value through ``JSONPrettyWriter`` at the same indent.
final class AllianceSegments: @unchecked Sendable {
    /// One alliance object in three pieces: from its `{` through `"conflicting_transfers": `,
    /// from there through `"tallies": `, and from there through its `}`.
    struct Pieces {
        let head: [UInt8]
        let middle: [UInt8]
        let tail: [UInt8]
    }

    private let ready: [DispatchSemaphore]
    private let pieces: SendableBox<[Pieces?]>

    /// Starts writing the pieces of `records`' objects, in order, on another thread.
    init(_ records: [AllianceRecord], _ projection: ObligationsProjection, day: Day) {
        let ready = records.map { _ in DispatchSemaphore(value: 0) }
        let pieces = SendableBox<[Pieces?]>(Array(repeating: nil, count: records.count))
        self.ready = ready
        self.pieces = pieces
        let work = UncheckedSendable((records, projection))
        DispatchQueue.global().async {
            let (records, projection) = work.value
            for (index, record) in records.enumerated() {
                pieces.set(index, Self.pieces(record, projection, day: day))
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

    private static func pieces(_ record: AllianceRecord, _ projection: ObligationsProjection, day: Day) -> Pieces {
        let (invocations, unpairedAnswers) = projection.invocationsAndUnpairedAnswers(in: record.id)
        let object = ObligationsReport.allianceObject(record, members: record.members(on: day), invocations: invocations,
                                                      changes: record.chronologicalChanges,
                                                      unplaceable: projection.unplaceableTransfers(in: record.id),
                                                      unpairedAnswers: unpairedAnswers)
        var written: [[UInt8]] = [[UInt8(ascii: "{")]]
        for (position, member) in object.members.enumerated() {
            JSONPrettyWriter.writeKey(member.key, indent: 6, first: position == 0, into: &written[written.count - 1])
            switch member.key {
            case "conflicting_transfers", "tallies": written.append([])  // the writer puts the value here
            default: JSONPrettyWriter.write(member.value, indent: 6, into: &written[written.count - 1])
            }
        }
        JSONPrettyWriter.newline(4, &written[written.count - 1])
        written[written.count - 1].append(UInt8(ascii: "}"))
        precondition(written.count == 3, "an alliance object has conflicting transfers, then tallies")
        return Pieces(head: written[0], middle: written[1], tail: written[2])
    }
}
