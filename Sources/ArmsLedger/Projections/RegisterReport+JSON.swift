import Dispatch

extension RegisterReport {
    /// Writes the register's JSON (`--format json`) to `sink`: the same bytes as
    /// ``ReportRenderer`` writes for ``make(rows:clock:)``, without building the report's JSON
    /// values or its table. On a large ledger the rows run to tens of thousands; they are
    /// written on two threads, each half into its own buffer.
    ///
    /// - Parameters:
    ///   - rows: The register rows, in the order to show.
    ///   - clock: The clock the rows were replayed at.
    ///   - parallelAbove: The number of rows from which the halves are written in parallel.
    ///   - sink: Receives the UTF-8 text in a few large pieces.
    public static func writeJSON(rows: [DealRow], clock: ReplayClock, parallelAbove: Int = 2_048, to sink: ([UInt8]) -> Void) {
        var head: [UInt8] = []
        head.append(UInt8(ascii: "{"))
        JSONPrettyWriter.newline(2, &head)
        head.append(contentsOf: #""as_of": "#.utf8)
        JSONPrettyWriter.write(clock.asOfLabel.map { .string($0) } ?? .null, indent: 2, into: &head)
        head.append(UInt8(ascii: ","))
        JSONPrettyWriter.newline(2, &head)
        head.append(contentsOf: #""known_at": "#.utf8)
        JSONPrettyWriter.write(clock.knownAtLabel.map { .string($0) } ?? .null, indent: 2, into: &head)
        head.append(UInt8(ascii: ","))
        JSONPrettyWriter.newline(2, &head)
        head.append(contentsOf: #""deals": "#.utf8)
        guard !rows.isEmpty else {
            head.append(contentsOf: "[]".utf8)
            JSONPrettyWriter.newline(0, &head)
            head.append(contentsOf: "}\n".utf8)
            return sink(head)
        }
        head.append(UInt8(ascii: "["))
        sink(head)

        // Each row is written with its leading separator, the first one's dropped.
        let halves = rows.count >= parallelAbove ? [0..<(rows.count / 2), (rows.count / 2)..<rows.count] : [0..<rows.count]
        let parts = SendableBox<[[UInt8]?]>(Array(repeating: nil, count: halves.count))
        let input = UncheckedSendable(rows)
        DispatchQueue.concurrentPerform(iterations: halves.count) { part in
            var out: [UInt8] = []
            out.reserveCapacity(halves[part].count * 700)
            for index in halves[part] {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONPrettyWriter.newline(4, &out)
                input.value[index].writeJSON(indent: 4, into: &out)
            }
            parts.set(part, out)
        }
        for part in halves.indices { sink(parts.take(part) ?? []) }
        var tail: [UInt8] = []
        JSONPrettyWriter.newline(2, &tail)
        tail.append(UInt8(ascii: "]"))
        JSONPrettyWriter.newline(0, &tail)
        tail.append(contentsOf: "}\n".utf8)
        sink(tail)
    }
}

extension DealRow {
    /// Writes the row as ``JSONPrettyWriter`` writes ``json`` at `indent`, without building the object.
    func writeJSON(indent: Int, into out: inout [UInt8]) {
        func key(_ name: StaticString, first: Bool = false) { JSONPrettyWriter.writeKey(name, indent: indent + 2, first: first, into: &out) }
        func string(_ text: String) { JSONPrettyWriter.writeString(text, into: &out) }
        func optional(_ text: String?) {
            if let text { string(text) } else { out.append(contentsOf: "null".utf8) }
        }
        func integer<T: BinaryInteger>(_ value: T) { out.append(contentsOf: String(value).utf8) }
        func bool(_ value: Bool) { JSONPrettyWriter.writeBool(value, into: &out) }

        out.append(UInt8(ascii: "{"))
        key("deal", first: true); string(deal)
        key("supplier"); string(supplier.rawValue)
        key("recipient"); string(recipient.rawValue)
        key("system"); string(system)
        key("category"); string(category.rawValue)
        key("status"); string(status.rawValue)
        key("ordered"); integer(ordered)
        key("delivered"); integer(delivered)
        key("quantity_unknown"); bool(marks.quantityUnknown)
        key("disputed"); bool(marks.disputed)
        key("uncertain_date"); bool(marks.uncertainDate)
        key("estimated"); bool(marks.estimated)
        key("first_delivery"); optional(firstDelivery?.text)
        key("last_delivery"); optional(lastDelivery?.text)
        key("value")
        JSONPrettyWriter.writeArray(value, indent: indent + 2, into: &out) { money, out in
            out.append(UInt8(ascii: "{"))
            JSONPrettyWriter.writeKey("amount", indent: indent + 6, first: true, into: &out)
            out.append(contentsOf: String(money.amount).utf8)
            JSONPrettyWriter.writeKey("currency", indent: indent + 6, into: &out)
            JSONPrettyWriter.writeString(money.currency, into: &out)
            JSONPrettyWriter.newline(indent + 4, &out)
            out.append(UInt8(ascii: "}"))
        }
        key("value_basis"); optional(valueBasis?.rawValue)
        key("confidence"); string(confidence.rawValue)
        key("sources"); integer(sources)
        key("events"); integer(events)
        JSONPrettyWriter.newline(indent, &out)
        out.append(UInt8(ascii: "}"))
    }
}
