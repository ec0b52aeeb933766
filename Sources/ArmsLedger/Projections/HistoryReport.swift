/// Builds the `history ID` report.
public enum HistoryReport {
    /// The history of `id` in `replay` as a report.
    ///
    /// JSON: `{"as_of", "known_at", "id", "matches": ["deal", …], "events": [entry…]}` where each
    /// entry is ``HistoryEntry/json``. The first table lists the events; the second their sources
    /// as citations.
    ///
    /// - Parameters:
    ///   - replay: The replay whose events and clock to use.
    ///   - id: A deal, system, actor, alliance, conflict or event id.
    /// - Returns: The report.
    /// - Throws: ``HistoryError/unknownID(_:suggestion:)`` when nothing has that id.
    public static func make(_ replay: Replay, id: String) throws(HistoryError) -> Report {
        make(try History(replay, id: id), clock: replay.clock)
    }

    /// The report of a gathered history.
    ///
    /// - Parameters:
    ///   - history: The history.
    ///   - clock: The clock it was gathered at.
    /// - Returns: The report.
    public static func make(_ history: History, clock: ReplayClock) -> Report {
        var json = JSONObject()
        Units.addClock(clock, to: &json)
        json["id"] = .string(history.id)
        json["matches"] = .array(history.matches.map { .string($0.rawValue) })
        json["events"] = .array(history.entries.map { .object($0.json) })

        let events = ReportSection(
            columns: [
                ReportColumn("Seq", numeric: true),
                ReportColumn("Event", truncatable: true),
                ReportColumn("Type"),
                ReportColumn("Occurred"),
                ReportColumn("Known"),
                ReportColumn("Conf"),
                ReportColumn("Mk"),
                ReportColumn("Note", truncatable: true),
            ],
            rows: history.entries.map { entry in
                [String(entry.event.seq), entry.event.id, entry.event.type.rawValue, entry.event.occurred.text,
                 entry.event.knownDate.description, entry.event.confidence.rawValue, entry.marks.compact, entry.note]
            },
            emptyText: "(no events)",
            footnotes: ["Known: since when the event could be known (its earliest source) · Conf confidence · Mk marks",
                        Marks.legend])
        var citations: [[String]] = []
        for entry in history.entries {
            for source in entry.event.sources { citations.append([String(entry.event.seq), source.citation]) }
        }
        let sources = ReportSection(
            title: "Sources",
            columns: [ReportColumn("Seq", numeric: true), ReportColumn("Citation", truncatable: true)],
            rows: citations, emptyText: "(no sources)")
        let what = history.matches.map(\.rawValue).joined(separator: ", ")
        let counted = history.entries.filter { $0.standing == .counted }.count
        return Report(
            title: "History of \(history.id) (\(what))",
            subtitle: [Units.clockLine(clock) + " · \(history.entries.count) events, \(counted) counted"],
            json: .object(json), sections: [events, sources])
    }
}
