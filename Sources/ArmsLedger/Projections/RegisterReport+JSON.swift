extension RegisterReport {
    /// Writes the register's JSON (`--format json`) to `sink`: the same bytes as
    /// ``ReportRenderer`` writes for ``make(rows:clock:)``, without building the report's JSON
    /// values or its table. On a large ledger the rows run to tens of thousands; they are
    /// written on two threads (``RowHalves``).
    ///
    /// - Parameters:
    ///   - rows: The register rows, in the order to show.
    ///   - clock: The clock the rows were replayed at.
    ///   - parallelAbove: The number of rows from which the halves are written in parallel.
    ///   - sink: Receives the UTF-8 text in a few large pieces.
    public static func writeJSON(rows: [DealRow], clock: ReplayClock, parallelAbove: Int = 2_048, to sink: ([UInt8]) -> Void) {
        var out: [UInt8] = [UInt8(ascii: "{")]
        JSONPrettyWriter.writeKey("as_of", indent: 2, first: true, into: &out)
        JSONPrettyWriter.write(clock.asOfLabel.map { .string($0) } ?? .null, indent: 2, into: &out)
        JSONPrettyWriter.writeKey("known_at", indent: 2, into: &out)
        JSONPrettyWriter.write(clock.knownAtLabel.map { .string($0) } ?? .null, indent: 2, into: &out)
        JSONPrettyWriter.writeKey("deals", indent: 2, into: &out)
        RowHalves.writeArray(count: rows.count, indent: 2, parallelAbove: parallelAbove, out: &out, to: sink) { index, bytes in
            rows[index].writeJSON(indent: 4, into: &bytes)
        }
        JSONPrettyWriter.newline(0, &out)
        out.append(contentsOf: "}\n".utf8)
        sink(out)
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
