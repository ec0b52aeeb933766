import Dispatch

/// A run of conflicting-transfer rows built and written as JSON on two threads at once: the
/// streamed `obligations --format json` spends most of its time here on a large ledger, and the
/// rows do not depend on one another. The batch is small enough (``size`` rows) that memory
/// stays bounded however many rows there are.
///
/// The rows themselves stay on the threads that built them (and are freed there): the batch
/// keeps only what the tallies need and the JSON of each half, which the caller writes out
/// as it is.
struct RowBatch {
    /// The most rows in a batch.
    static let size = 4096

    /// What each row adds to the tallies, in row order (references the projection cannot
    /// build a row for are left out).
    private(set) var tallies: [ObligationsProjection.TallyBuilder.Entry] = []
    /// The JSON of the rows, in order and in parts (one per thread): each row preceded by `,`
    /// and a newline, indented for the alliance object. Empty parts are left out.
    private(set) var parts: [[UInt8]] = []

    /// The number of rows.
    var count: Int { tallies.count }

    /// Makes the first row's leading `,` the `[` that opens the array (for the first batch).
    mutating func openArray() {
        guard !parts.isEmpty else { return }
        parts[0][0] = UInt8(ascii: "[")
    }

    init(_ references: ArraySlice<ObligationsProjection.RowReference>, _ projection: ObligationsProjection,
         _ context: ObligationsProjection.RowContext) {
        let halves = references.count < 64 ? [references] : [
            references[..<(references.startIndex + references.count / 2)], references[(references.startIndex + references.count / 2)...],
        ]
        let rendered = SendableBox<[(tallies: [ObligationsProjection.TallyBuilder.Entry], bytes: [UInt8])?]>(
            Array(repeating: nil, count: halves.count))
        let shared = UncheckedSendable((projection, context))
        DispatchQueue.concurrentPerform(iterations: halves.count) { index in
            let (projection, context) = shared.value
            rendered.set(index, Self.render(halves[index], projection, context))
        }
        for index in halves.indices {
            let part = rendered.take(index)!
            tallies += part.tallies
            if !part.bytes.isEmpty { parts.append(part.bytes) }
        }
    }

    /// Builds and writes the rows of `references`. The rows of one delivery are next to each
    /// other and share its sources, written once.
    private static func render(_ references: ArraySlice<ObligationsProjection.RowReference>, _ projection: ObligationsProjection,
                               _ context: ObligationsProjection.RowContext)
        -> (tallies: [ObligationsProjection.TallyBuilder.Entry], bytes: [UInt8]) {
        var tallies: [ObligationsProjection.TallyBuilder.Entry] = []
        tallies.reserveCapacity(references.count)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(references.count * 1024)
        var sourcesOf = -1
        var sources: [UInt8] = []
        for reference in references {
            guard let row = projection.row(reference, context) else { continue }
            if reference.delivery != sourcesOf {
                sourcesOf = reference.delivery
                sources.removeAll(keepingCapacity: true)
                ObligationsReport.writeSources(row.replayed.event, indent: 10, into: &sources)
            }
            bytes.append(UInt8(ascii: ","))
            JSONPrettyWriter.newline(8, &bytes)
            row.writeJSON(indent: 8, sources: sources, into: &bytes)
            tallies.append(.init(row))
        }
        return (tallies, bytes)
    }
}
