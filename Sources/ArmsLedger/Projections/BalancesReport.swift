/// Builds the `balances` report: supplier × recipient pairs as a ``Report``.
public enum BalancesReport {
    /// The balances of `replay` as a report, filtered by supplier and/or recipient.
    ///
    /// JSON: `{"as_of", "known_at", "supplier", "recipient", "pairs": [row…]}` where each row is
    /// ``BalanceRow/json`` and `supplier`/`recipient` echo the filters (null when not given).
    ///
    /// - Parameters:
    ///   - replay: The replay to fold.
    ///   - supplier: Show only this supplier's pairs (nil: all).
    ///   - recipient: Show only this recipient's pairs (nil: all).
    /// - Returns: The report.
    public static func make(_ replay: Replay, supplier: ActorCode? = nil, recipient: ActorCode? = nil) -> Report {
        var balances = BalancesProjection()
        replay.fold(&balances)
        return make(rows: balances.rows(supplier: supplier, recipient: recipient), clock: replay.clock,
                    supplier: supplier, recipient: recipient)
    }

    /// The report for rows already folded and filtered.
    ///
    /// - Parameters:
    ///   - rows: The pairs to show.
    ///   - clock: The clock the rows were replayed at.
    ///   - supplier: The supplier filter, echoed in the subtitle and JSON.
    ///   - recipient: The recipient filter, echoed in the subtitle and JSON.
    /// - Returns: The report.
    public static func make(rows: [BalanceRow], clock: ReplayClock, supplier: ActorCode? = nil,
                            recipient: ActorCode? = nil) -> Report {
        var json = JSONObject()
        Units.addClock(clock, to: &json)
        json["pairs"] = .array(rows.map { .object($0.json) })
        json["supplier"] = supplier.map { .string($0.rawValue) } ?? .null
        json["recipient"] = recipient.map { .string($0.rawValue) } ?? .null

        let columns = [
            ReportColumn("Sup", name: "Supplier"),
            ReportColumn("Rcp", name: "Recipient"),
            ReportColumn("Deals", numeric: true),
            ReportColumn("Ord", name: "Ordered", numeric: true),
            ReportColumn("Del", name: "Delivered", numeric: true),
            ReportColumn("Share", numeric: true),
            ReportColumn("Delivered by category", truncatable: true),
            ReportColumn("Mk", name: "Marks"),
        ]
        let tableRows = rows.map { row in
            [row.supplier.rawValue, row.recipient.rawValue, String(row.deals), row.orderedText, row.deliveredText,
             row.shareText, row.categoriesText, row.marks.compact]
        }
        let footnotes = [
            "Ord ordered units · Del delivered units (services included) · Share the supplier's part of all units the recipient received · Mk marks",
            "12+? means 12 known units plus some of unknown size; ? means the size is unknown; a share counts known units only.",
            Marks.legend,
        ]
        var subtitle = Units.clockLine(clock)
        if let supplier { subtitle += " · supplier \(supplier)" }
        if let recipient { subtitle += " · recipient \(recipient)" }
        let section = ReportSection(columns: columns, rows: tableRows, emptyText: "(no pairs)", footnotes: footnotes)
        return Report(title: "Balances", subtitle: [subtitle], json: .object(json), sections: [section])
    }
}
