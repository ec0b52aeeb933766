/// Turns a ``Report`` into the text of one output format (SPEC section 7).
///
/// - `table`: the title, the context lines, each section as an aligned ``TextTable`` fitted to
///   `width` columns, then the notes; every piece of data passes through ``TerminalText``.
/// - `json`: the report's JSON, indented (``JSONPrettyWriter``).
/// - `csv`: the primary (first) section as RFC 4180 CSV with a header row (``CSVWriter``);
///   the other sections are views of their own and are not mixed into one CSV table.
/// - `md`: a `#` title, the context in italics, each section as a `##` heading and a table,
///   the notes as a paragraph — a brief that pastes into a report.
public enum ReportRenderer {
    /// Renders `report` in `format`; `width` is the terminal width for `table`.
    public static func render(_ report: Report, as format: ReportFormat, width: Int = 80) -> String {
        switch format {
        case .json: JSONPrettyWriter.render(report.json)
        case .csv: csv(report)
        case .md: markdown(report)
        case .table: table(report, width: width)
        }
    }

    static func table(_ report: Report, width: Int) -> String {
        var out = TerminalText.sanitize(report.title) + "\n"
        for line in report.subtitle { out += TerminalText.sanitize(line) + "\n" }
        let notes = report.notes.isEmpty ? "" : "\n" + report.notes.map { wrap(TerminalText.sanitize($0), width: width) }.joined(separator: "\n")
        if report.notesFirst { out += notes }
        for section in report.sections {
            out += "\n"
            if let title = section.title { out += TerminalText.sanitize(title) + "\n" }
            var table = TextTable(columns: section.columns.map {
                TextTable.Column(title: $0.title, alignment: $0.numeric ? .right : .left, truncatable: $0.truncatable)
            })
            table.emptyMessage = section.emptyText
            for row in section.rows { table.addRow(row) }
            out += table.render(maxWidth: width)
            for footnote in section.footnotes { out += wrap(TerminalText.sanitize(footnote), width: width) + "\n" }
        }
        if !report.notesFirst { out += notes }
        return out.hasSuffix("\n") ? out : out + "\n"
    }

    static func csv(_ report: Report) -> String {
        guard let primary = report.sections.first else { return "" }
        var writer = CSVWriter(header: primary.columns.map(\.name))
        for row in primary.rows { writer.addRow(row) }
        return writer.render()
    }

    static func markdown(_ report: Report) -> String {
        var out = "# " + Markdown.escapeInline(report.title) + "\n\n"
        if !report.subtitle.isEmpty {
            out += report.subtitle.map { "_" + Markdown.escapeInline($0) + "_" }.joined(separator: "  \n") + "\n\n"
        }
        let notes = report.notes.isEmpty ? "" : report.notes.map(Markdown.escapeInline).joined(separator: " ") + "\n\n"
        if report.notesFirst { out += notes }
        for section in report.sections {
            if let title = section.title { out += "## " + Markdown.escapeInline(title) + "\n\n" }
            if section.rows.isEmpty {
                out += Markdown.escapeInline(section.emptyText) + "\n\n"
            } else {
                var table = MarkdownTable(header: section.columns.map(\.name),
                                          alignments: section.columns.map { $0.numeric ? .right : .left })
                for row in section.rows { table.addRow(row) }
                out += table.render() + "\n"
            }
            for footnote in section.footnotes { out += Markdown.escapeInline(footnote) + "\n\n" }
        }
        if !report.notesFirst { out += notes }
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    /// Wraps text at spaces to `width` columns.
    static func wrap(_ text: String, width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !line.isEmpty && TerminalText.displayWidth(line) + 1 + TerminalText.displayWidth(String(word)) > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
