/// A plain-text table aligned for a terminal, the `--format table` output.
///
/// ```swift
/// var table = TextTable(columns: [
///     .init(title: "deal", truncatable: true),
///     .init(title: "ordered", alignment: .right),
/// ])
/// table.addRow(["D-1", "24"])
/// print(table.render(), terminator: "")
/// // deal  ordered
/// // ----  -------
/// // D-1        24
/// ```
///
/// Layout rules:
/// - A header row, then a separator made of ASCII `-` (chosen over `─` so the output
///   survives any code page, pager or log file unchanged), then one line per row.
/// - Columns are separated by two spaces; cells are padded to the column's width, left or
///   right aligned; titles follow their column's alignment.
/// - Every title and cell is passed through ``TerminalText/sanitize(_:)``, so data can
///   never move the cursor, recolour the screen or reorder text.
/// - Widths are measured with ``TerminalText/displayWidth(_:)`` (CJK and emoji count 2).
/// - No line has trailing spaces, and every line, the last included, ends with `"\n"`.
/// - A table without rows renders its header, the separator and ``emptyMessage``.
public struct TextTable: Sendable, Equatable {
    /// How a column's cells are placed within its width.
    public enum Alignment: Sendable, Equatable {
        /// Text starts at the column's left edge (names, dates, identifiers).
        case left
        /// Text ends at the column's right edge (numbers).
        case right
    }

    /// One column of a ``TextTable``.
    public struct Column: Sendable, Equatable {
        /// The header text.
        public var title: String
        /// How the title and cells are aligned.
        public var alignment: Alignment
        /// The column is at least this many columns wide, when given.
        public var minWidth: Int?
        /// Whether the column may be narrowed, cutting its cells with `…`, when the table
        /// is wider than the width asked for. Never below ``TextTable/minimumTruncatedWidth``,
        /// the title's width or ``minWidth``.
        public var truncatable: Bool

        /// Creates a column.
        ///
        /// - Parameters:
        ///   - title: The header text.
        ///   - alignment: `.left` (default) or `.right` for numbers.
        ///   - minWidth: An optional minimum width in columns.
        ///   - truncatable: Whether cells may be cut to fit the table's width.
        public init(title: String, alignment: Alignment = .left, minWidth: Int? = nil, truncatable: Bool = false) {
            self.title = title
            self.alignment = alignment
            self.minWidth = minWidth
            self.truncatable = truncatable
        }
    }

    /// The narrowest a truncatable column is cut to (unless its title is wider).
    public static let minimumTruncatedWidth = 6

    /// The columns, in order.
    public private(set) var columns: [Column]
    /// The rows added so far, each with exactly one cell per column.
    public private(set) var rows: [[String]] = []
    /// The line printed under the header when there are no rows; `"(none)"` by default.
    public var emptyMessage: String = "(none)"

    /// Creates an empty table.
    ///
    /// - Parameter columns: The columns, left to right.
    public init(columns: [Column]) {
        self.columns = columns
    }

    /// Appends a row.
    ///
    /// - Parameter cells: One cell per column. A short row is padded with empty cells;
    ///   cells beyond the last column are ignored.
    public mutating func addRow(_ cells: [String]) {
        var row = Array(cells.prefix(columns.count))
        row.append(contentsOf: repeatElement("", count: columns.count - row.count))
        rows.append(row)
    }

    /// Renders the table.
    ///
    /// When the natural width exceeds `maxWidth`, the widest truncatable column is narrowed
    /// one column at a time until the table fits or no truncatable column can shrink
    /// further; the table may then still be wider than `maxWidth`.
    ///
    /// - Parameter maxWidth: The width to fit into, in terminal columns; 80 by default.
    /// - Returns: The table's lines, each ending with `"\n"`.
    public func render(maxWidth: Int = 80) -> String {
        guard !columns.isEmpty else { return "" }
        let titles = columns.map { TerminalText.sanitize($0.title) }
        let cells = rows.map { $0.map(TerminalText.sanitize) }
        let widths = columnWidths(titles: titles, cells: cells, maxWidth: maxWidth)

        var lines: [String] = []
        lines.append(line(titles, widths: widths))
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        if cells.isEmpty {
            lines.append(TerminalText.sanitize(emptyMessage))
        }
        for row in cells {
            lines.append(line(row, widths: widths))
        }
        return lines.map { trimTrailingSpaces($0) + "\n" }.joined()
    }

    /// Computes each column's width: the natural width, then shrunk to fit `maxWidth`.
    func columnWidths(titles: [String], cells: [[String]], maxWidth: Int) -> [Int] {
        var widths: [Int] = []
        var floors: [Int] = []
        for (index, column) in columns.enumerated() {
            let titleWidth = TerminalText.displayWidth(titles[index])
            var natural = max(titleWidth, column.minWidth ?? 0)
            for row in cells {
                natural = max(natural, TerminalText.displayWidth(row[index]))
            }
            widths.append(natural)
            let floor = column.truncatable
                ? max(Self.minimumTruncatedWidth, titleWidth, column.minWidth ?? 0)
                : natural
            floors.append(min(floor, natural))
        }
        var excess = widths.reduce(0, +) + 2 * (widths.count - 1) - maxWidth
        while excess > 0 {
            // The widest column that can still shrink; ties go to the rightmost.
            var candidate: Int?
            for index in widths.indices where widths[index] > floors[index] {
                if candidate == nil || widths[index] >= widths[candidate!] { candidate = index }
            }
            guard let index = candidate else { break }
            widths[index] -= 1
            excess -= 1
        }
        return widths
    }

    /// Lays out one row of already sanitized cells.
    func line(_ cells: [String], widths: [Int]) -> String {
        var parts: [String] = []
        for (index, cell) in cells.enumerated() {
            let text = TerminalText.truncate(cell, toWidth: widths[index])
            let padding = String(repeating: " ", count: max(0, widths[index] - TerminalText.displayWidth(text)))
            switch columns[index].alignment {
            case .left: parts.append(text + padding)
            case .right: parts.append(padding + text)
            }
        }
        return parts.joined(separator: "  ")
    }

    /// Removes trailing spaces from a line.
    func trimTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}
