/// Builds a GitHub-flavoured Markdown table, the `--format md` output.
///
/// ```swift
/// var table = MarkdownTable(header: ["deal", "units"], alignments: [.left, .right])
/// table.addRow(["D-1", "24"])
/// table.render()
/// // | deal | units |
/// // | :--- | ---: |
/// // | D-1 | 24 |
/// ```
///
/// Header and cells are escaped with ``Markdown/escapeCell(_:)``: `|` cannot split a cell,
/// HTML is inert, and no emphasis, code span, link or image can be injected. Line breaks
/// in data become spaces. Cells are not padded: GitHub aligns the rendered table itself.
/// A table without rows renders its header and delimiter rows only, which is a valid
/// empty GFM table. Every line ends with `"\n"`.
public struct MarkdownTable: Sendable, Equatable {
    /// How a column is aligned in the rendered table (the delimiter row's colons).
    public enum Alignment: Sendable, Equatable {
        /// No colon: the renderer's default (`---`).
        case none
        /// Left aligned (`:---`).
        case left
        /// Centred (`:---:`).
        case center
        /// Right aligned, for numbers (`---:`).
        case right
    }

    /// The header cells.
    public private(set) var header: [String]
    /// One alignment per column.
    public private(set) var alignments: [Alignment]
    /// The rows added so far, each with exactly one cell per column.
    public private(set) var rows: [[String]] = []

    /// Creates an empty table.
    ///
    /// - Parameters:
    ///   - header: The column titles.
    ///   - alignments: One per column; missing ones are `.none`, extra ones are ignored.
    public init(header: [String], alignments: [Alignment] = []) {
        self.header = header
        var alignments = Array(alignments.prefix(header.count))
        alignments.append(contentsOf: repeatElement(.none, count: header.count - alignments.count))
        self.alignments = alignments
    }

    /// Appends a row.
    ///
    /// - Parameter cells: One cell per column. A short row is padded with empty cells;
    ///   cells beyond the last column are ignored.
    public mutating func addRow(_ cells: [String]) {
        var row = Array(cells.prefix(header.count))
        row.append(contentsOf: repeatElement("", count: header.count - row.count))
        rows.append(row)
    }

    /// Renders the table.
    ///
    /// - Returns: The header row, the delimiter row and one line per row, each ending with
    ///   `"\n"`; the empty string for a table without columns.
    public func render() -> String {
        guard !header.isEmpty else { return "" }
        var out = Self.line(header.map(Markdown.escapeCell))
        out += Self.line(alignments.map { alignment in
            switch alignment {
            case .none: "---"
            case .left: ":---"
            case .center: ":---:"
            case .right: "---:"
            }
        })
        for row in rows {
            out += Self.line(row.map(Markdown.escapeCell))
        }
        return out
    }

    /// Joins already escaped cells into one table line.
    static func line(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |\n"
    }
}
