/// A rendered-to-be view: what every projection command produces, independent of the output
/// format. ``ReportRenderer`` turns it into `table`, `json`, `csv` or `md` text.
public struct Report: Sendable {
    /// The heading (`# …` in Markdown, the first line of a table).
    public var title: String
    /// Lines under the title: the clocks and other context ("as of 2020-09-27 · known at …").
    public var subtitle: [String]
    /// The JSON form: exactly the keys of SPEC section 7, plus more detail.
    public var json: JSONValue
    /// The tables; the first is the primary one, the only one the CSV form carries.
    public var sections: [ReportSection]
    /// Plain sentences shown after the tables (before them when ``notesFirst``).
    public var notes: [String]
    /// Put the notes before the tables (a brief that leads with its conclusions).
    public var notesFirst: Bool

    public init(title: String, subtitle: [String] = [], json: JSONValue, sections: [ReportSection],
                notes: [String] = [], notesFirst: Bool = false) {
        self.title = title
        self.subtitle = subtitle
        self.json = json
        self.sections = sections
        self.notes = notes
        self.notesFirst = notesFirst
    }
}

/// One table of a report.
public struct ReportSection: Sendable {
    /// The section heading; nil for a report's only table.
    public var title: String?
    public var columns: [ReportColumn]
    /// Cells as display text; one array per row, one cell per column.
    public var rows: [[String]]
    /// Text shown when there are no rows.
    public var emptyText: String
    /// Lines shown under the table (legends, footnotes).
    public var footnotes: [String]

    public init(title: String? = nil, columns: [ReportColumn], rows: [[String]], emptyText: String = "(none)", footnotes: [String] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.emptyText = emptyText
        self.footnotes = footnotes
    }
}

/// A column of a report table.
public struct ReportColumn: Sendable {
    /// The heading in a terminal table, short enough for 80 columns.
    public var title: String
    /// The full heading for CSV and Markdown, where width does not matter (defaults to `title`).
    public var name: String
    /// Right-aligned (numbers) or left-aligned (text).
    public var numeric: Bool
    /// May be shortened with an ellipsis to fit a terminal.
    public var truncatable: Bool

    public init(_ title: String, name: String? = nil, numeric: Bool = false, truncatable: Bool = false) {
        self.title = title
        self.name = name ?? title
        self.numeric = numeric
        self.truncatable = truncatable
    }
}
