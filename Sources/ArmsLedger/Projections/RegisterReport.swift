/// Builds the `register` report: the trade register of a replay as a ``Report``.
public enum RegisterReport {
    /// The register of `replay` as a report.
    ///
    /// JSON: `{"as_of", "known_at", "deals": [row…]}` where each row is ``DealRow/json`` (SPEC
    /// section 7 keys first). The table has one line per deal with abbreviated headers; unknown
    /// unit counts show as `12+?` or `?`, marks as letters explained in a footnote. Value,
    /// confidence, sources and the first delivery are in the JSON only, to keep the table
    /// within a terminal's width.
    ///
    /// - Parameter replay: The replay to fold.
    /// - Returns: The report.
    public static func make(_ replay: Replay) -> Report {
        var register = RegisterProjection()
        replay.fold(&register)
        return make(rows: register.rows, clock: replay.clock)
    }

    /// The report for rows already folded (for callers that fold several projections in one pass).
    ///
    /// - Parameters:
    ///   - rows: The register rows, in the order to show.
    ///   - clock: The clock the rows were replayed at, echoed in the subtitle and JSON.
    /// - Returns: The report.
    public static func make(rows: [DealRow], clock: ReplayClock) -> Report {
        var json = JSONObject()
        Units.addClock(clock, to: &json)
        json["deals"] = .array(rows.map { .object($0.json) })

        let columns = [
            ReportColumn("Deal", truncatable: true),
            ReportColumn("Sup", name: "Supplier"),
            ReportColumn("Rcp", name: "Recipient"),
            ReportColumn("System", truncatable: true),
            ReportColumn("Category", truncatable: true),
            ReportColumn("Status"),
            ReportColumn("Ord", name: "Ordered", numeric: true),
            ReportColumn("Del", name: "Delivered", numeric: true),
            ReportColumn("Last del", name: "Last delivery"),
            ReportColumn("Mk", name: "Marks"),
        ]
        let tableRows = rows.map { row in
            [row.deal, row.supplier.rawValue, row.recipient.rawValue, row.system, row.category.rawValue,
             row.status.rawValue, row.orderedText, row.deliveredText, row.lastDelivery?.text ?? "",
             row.marks.compact]
        }
        var footnotes = ["Ord ordered units · Del delivered units (services included) · Last del latest delivery · Mk marks",
                         "12+? means 12 known units plus deliveries or orders of unknown size; ? means the size is unknown."]
        footnotes.append(Marks.legend)
        let section = ReportSection(columns: columns, rows: tableRows, emptyText: "(no deals)", footnotes: footnotes)
        let plural = rows.count == 1 ? "deal" : "deals"
        return Report(title: "Trade register", subtitle: [Units.clockLine(clock) + " · \(rows.count) \(plural)"],
                      json: .object(json), sections: [section])
    }
}
