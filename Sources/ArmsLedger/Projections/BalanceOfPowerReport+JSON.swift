extension BalanceOfPowerReport {
    /// Writes the JSON of ``report(_:clock:since:)`` to `sink` without building the allies'
    /// transfers as JSON values or the report's tables: on a large ledger they run to thousands
    /// of rows, each with its sources, written here straight from the rows on two threads
    /// (``RowHalves``).
    static func writeJSON(_ balance: BalanceOfPower, clock: ReplayClock, since: EDTFDate?, parallelAbove: Int = 512,
                          to sink: ([UInt8]) -> Void) {
        var out: [UInt8] = [UInt8(ascii: "{")]
        func key(_ name: String, first: Bool = false) { JSONPrettyWriter.writeKey(name, indent: 2, first: first, into: &out) }
        for (index, member) in headJSON(balance, clock: clock, since: since).members.enumerated() {
            key(member.key, first: index == 0)
            JSONPrettyWriter.write(member.value, indent: 2, into: &out)
        }
        key("allies_arming_other_side")
        let rows = balance.alliesArmingOtherSide
        RowHalves.writeArray(count: rows.count, indent: 2, parallelAbove: parallelAbove, out: &out, to: sink) { index, bytes in
            let row = rows[index]
            var sources: [UInt8] = []
            ObligationsReport.writeSources(row.replayed.event, indent: 6, into: &sources)
            row.writeJSON(indent: 4, sources: sources, alliance: row.alliance, into: &bytes)
        }
        key("brief")
        JSONPrettyWriter.write(.array(brief(balance, since: since).map { .string($0) }), indent: 2, into: &out)
        JSONPrettyWriter.newline(0, &out)
        out.append(contentsOf: "}\n".utf8)
        sink(out)
    }
}
