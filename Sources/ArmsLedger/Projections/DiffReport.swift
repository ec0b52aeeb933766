/// Builds the `diff` report: the changes of the trade register between two clocks.
public enum DiffReport {
    /// The register changes between `from` and `to` as a report.
    ///
    /// JSON: `{"from": {"as_of", "known_at"}, "to": {"as_of", "known_at"}, "changes":
    /// [{"deal", "supplier", "recipient", "system", "change", "before", "after"}]}`.
    ///
    /// - Parameters:
    ///   - events: The ledger's events.
    ///   - from: The earlier clock (`--from D1` or `--known-from K1`).
    ///   - to: The later clock (`--to D2` or `--known-to K2`).
    /// - Returns: The report.
    public static func make(events: [Event], from: ReplayClock, to: ReplayClock) -> Report {
        make(RegisterDiff(events: events, from: from, to: to), from: from, to: to)
    }

    /// The report of a computed diff.
    ///
    /// - Parameters:
    ///   - diff: The changes.
    ///   - from: The earlier clock, echoed in the subtitle and JSON.
    ///   - to: The later clock, echoed in the subtitle and JSON.
    /// - Returns: The report.
    public static func make(_ diff: RegisterDiff, from: ReplayClock, to: ReplayClock) -> Report {
        var json = JSONObject()
        var fromObject = JSONObject()
        Units.addClock(from, to: &fromObject)
        var toObject = JSONObject()
        Units.addClock(to, to: &toObject)
        json["from"] = .object(fromObject)
        json["to"] = .object(toObject)
        json["changes"] = .array(diff.changes.map { .object($0.json) })

        let section = ReportSection(
            columns: [
                ReportColumn("Deal", truncatable: true),
                ReportColumn("Sup"),
                ReportColumn("Rcp"),
                ReportColumn("System", truncatable: true),
                ReportColumn("Change"),
                ReportColumn("Before", numeric: true),
                ReportColumn("After", numeric: true),
            ],
            rows: diff.changes.map { change in
                [change.deal, change.supplier.rawValue, change.recipient.rawValue, change.system, change.kind.rawValue,
                 change.before ?? "-", change.after ?? "-"]
            },
            emptyText: "(no changes)",
            footnotes: ["Units show as 12+? when some quantities are unknown, ? when all are.",
                        Marks.legend])
        let plural = diff.changes.count == 1 ? "change" : "changes"
        return Report(
            title: "Register changes",
            subtitle: ["from " + Units.clockLine(from), "to " + Units.clockLine(to) + " · \(diff.changes.count) \(plural)"],
            json: .object(json), sections: [section])
    }
}
