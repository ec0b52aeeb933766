import Dispatch

/// A run of conflicting-transfer rows built and written as JSON on two threads at once: the
/// streamed `obligations --format json` spends most of its time here on a large ledger, and the
/// rows do not depend on one another. The batch is small enough (``size`` rows) that memory
/// stays bounded however many rows there are.
struct RowBatch {
    /// The most rows in a batch.
    static let size = 4096

    /// The rows in order (references the projection cannot build a row for are left out).
    private(set) var rows: [ConflictingTransfer] = []
    /// Their JSON, each row preceded by `,` and a newline, indented for the alliance object.
    private(set) var bytes: [UInt8] = []

    init(_ references: ArraySlice<ObligationsProjection.RowReference>, _ projection: ObligationsProjection,
         _ context: ObligationsProjection.RowContext) {
        let halves = references.count < 64 ? [references] : [
            references[..<(references.startIndex + references.count / 2)], references[(references.startIndex + references.count / 2)...],
        ]
        let parts = SendableBox<[(rows: [ConflictingTransfer], bytes: [UInt8])?]>(Array(repeating: nil, count: halves.count))
        let shared = UncheckedSendable((projection, context))
        DispatchQueue.concurrentPerform(iterations: halves.count) { index in
            let (projection, context) = shared.value
            parts.set(index, Self.render(halves[index], projection, context))
        }
        for index in halves.indices {
            let part = parts.take(index)!
            rows += part.rows
            bytes += part.bytes
        }
    }

    /// Builds and writes the rows of `references`. The rows of one delivery are next to each
    /// other and share its sources, written once.
    private static func render(_ references: ArraySlice<ObligationsProjection.RowReference>, _ projection: ObligationsProjection,
                               _ context: ObligationsProjection.RowContext) -> (rows: [ConflictingTransfer], bytes: [UInt8]) {
        var rows: [ConflictingTransfer] = []
        rows.reserveCapacity(references.count)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(references.count * 1024)
        var sourcesOf = -1
        var sources: [UInt8] = []
        for reference in references {
            guard let row = projection.row(reference, context) else { continue }
            if reference.delivery != sourcesOf {
                sourcesOf = reference.delivery
                sources.removeAll(keepingCapacity: true)
                JSONPrettyWriter.write(ObligationsReport.sourcesJSON(row.replayed.event), indent: 10, into: &sources)
            }
            bytes.append(UInt8(ascii: ","))
            JSONPrettyWriter.newline(8, &bytes)
            row.writeJSON(indent: 8, sources: sources, into: &bytes)
            rows.append(row)
        }
        return (rows, bytes)
    }
}
