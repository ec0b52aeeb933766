/// The output formats of the projection commands, chosen with `--format`.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Aligned plain text for a terminal (``TextTable``); the default.
    case table
    /// JSON with the keys documented for each command.
    case json
    /// RFC 4180 CSV, defused for spreadsheets (``CSVWriter``).
    case csv
    /// A GitHub-flavoured Markdown table (``MarkdownTable``).
    case md
}
