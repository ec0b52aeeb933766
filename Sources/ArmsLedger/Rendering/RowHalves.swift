import Dispatch

/// Writes the rows of a long JSON array in two halves on two threads, each into its own buffer,
/// handed on in order: the `--format json` writers that skip building values use it for their
/// rows (``RegisterReport/writeJSON(rows:clock:parallelAbove:to:)``, balance of power's allies).
enum RowHalves {
    /// Writes rows `0..<count` with `row`, which appends row `index` (its leading `,` included
    /// when `index > 0`) to a buffer; in two halves in parallel from `parallelAbove` rows on.
    /// `sink` gets the halves' bytes in order.
    static func write(count: Int, parallelAbove: Int, to sink: ([UInt8]) -> Void, row: (Int, inout [UInt8]) -> Void) {
        let halves = count >= parallelAbove && count > 1 ? [0..<(count / 2), (count / 2)..<count] : [0..<count]
        let parts = SendableBox<[[UInt8]?]>(Array(repeating: nil, count: halves.count))
        withoutActuallyEscaping(row) { row in
            let write = UncheckedSendable(row)
            DispatchQueue.concurrentPerform(iterations: halves.count) { part in
                var bytes: [UInt8] = []
                for index in halves[part] { write.value(index, &bytes) }
                parts.set(part, bytes)
            }
        }
        for part in halves.indices { sink(parts.take(part) ?? []) }
    }

    /// Writes a JSON array at `indent` as ``JSONPrettyWriter`` lays it out, its `count` elements
    /// written by `element` (one element, no separator) through ``write(count:parallelAbove:to:row:)``.
    /// What `out` holds so far goes to `sink` before the elements; the closing `]` stays in `out`.
    static func writeArray(count: Int, indent: Int, parallelAbove: Int, out: inout [UInt8], to sink: ([UInt8]) -> Void,
                           element: (Int, inout [UInt8]) -> Void) {
        guard count > 0 else { return out.append(contentsOf: "[]".utf8) }
        out.append(UInt8(ascii: "["))
        sink(out)
        out.removeAll()
        write(count: count, parallelAbove: parallelAbove, to: sink) { index, bytes in
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONPrettyWriter.newline(indent + 2, &bytes)
            element(index, &bytes)
        }
        JSONPrettyWriter.newline(indent, &out)
        out.append(UInt8(ascii: "]"))
    }
}
