/// Builds RFC 4180 CSV text, the `--format csv` output, defused for spreadsheets.
///
/// ```swift
/// var csv = CSVWriter(header: ["deal", "system"])
/// csv.addRow(["D-1", "T-72, \"Ural\""])
/// csv.render()  // "deal,system\r\nD-1,\"T-72, \"\"Ural\"\"\"\r\n"
/// ```
///
/// Every field goes through ``field(_:)``:
/// 1. C0 control characters other than TAB, CR and LF, DEL and C1 controls are removed.
///    They have no meaning in a CSV cell and could hide an escape sequence. Bidirectional
///    marks, overrides and isolates (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069)
///    become U+FFFD, as in the terminal table, so that a cell cannot display reordered text
///    (`exe.gnp` shown as `png.exe`); all other text is kept as data.
/// 2. Formula defusing: a field whose first character is `=`, `+`, `-`, `@`, TAB or CR gets
///    a leading `'`, so that a spreadsheet shows it as text instead of evaluating it
///    (OWASP "CSV injection"). This applies to every such field, numbers like `-4`
///    included: the numbers ArmsLedger writes are never negative, so nothing legitimate
///    is altered, and no heuristic can be fooled by `-2+3`.
/// 3. Quoting: a field containing `,`, `"`, CR or LF is wrapped in double quotes, with each
///    `"` doubled.
///
/// Records end with CRLF, the last one included, as RFC 4180 specifies.
public struct CSVWriter: Sendable, Equatable {
    /// The header record's fields.
    public private(set) var header: [String]
    /// The records added so far, each with exactly as many fields as the header.
    public private(set) var rows: [[String]] = []

    /// Creates a writer whose first record is `header`.
    ///
    /// - Parameter header: The column names.
    public init(header: [String]) {
        self.header = header
    }

    /// Appends a record.
    ///
    /// - Parameter fields: One field per header column. A short record is padded with
    ///   empty fields; fields beyond the header's count are ignored.
    public mutating func addRow(_ fields: [String]) {
        var row = Array(fields.prefix(header.count))
        row.append(contentsOf: repeatElement("", count: header.count - row.count))
        rows.append(row)
    }

    /// Renders the header and all records.
    ///
    /// - Returns: CSV text; every record ends with `"\r\n"`.
    public func render() -> String {
        var out = ""
        for record in [header] + rows {
            out += record.map(Self.field).joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    /// Returns one field as it appears in the CSV text: cleaned, defused and quoted if needed.
    ///
    /// - Parameter value: The raw field value.
    /// - Returns: The encoded field.
    public static func field(_ value: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: scalars.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F: continue
            case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: scalars.append("\u{FFFD}")
            default: scalars.append(scalar)
            }
        }
        var text = String(scalars)
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            text = "'" + text
        }
        let needsQuotes = text.unicodeScalars.contains { "\",\r\n".unicodeScalars.contains($0) }
        guard needsQuotes else { return text }
        var quoted = "\""
        for character in text {
            if character == "\"" { quoted.append("\"") }
            quoted.append(character)
        }
        quoted.append("\"")
        return quoted
    }
}
