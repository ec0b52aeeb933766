/// Writes a ``JSONValue`` as indented JSON for `--format json`: two-space indentation, keys in
/// their order, one member per line, a final newline.
///
/// Besides JSON's required escapes, characters that could act on a terminal or reorder text
/// when the output is printed — DEL, C1 controls, bidirectional marks, overrides and isolates,
/// line and paragraph separators — are written as `\uXXXX`. The value is unchanged; only its
/// spelling is safe.
public enum JSONPrettyWriter {
    /// The indented text of `value`, ending in a newline.
    public static func render(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        out.append("\n")
        return out
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .integer(let i): out.append(String(i))
        case .number(let text): out.append(text)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            if elements.isEmpty { out.append("[]"); return }
            out.append("[\n")
            for (index, element) in elements.enumerated() {
                out.append(String(repeating: " ", count: indent + 2))
                write(element, indent: indent + 2, into: &out)
                out.append(index == elements.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: " ", count: indent) + "]")
        case .object(let object):
            if object.count == 0 { out.append("{}"); return }
            out.append("{\n")
            for (index, member) in object.members.enumerated() {
                out.append(String(repeating: " ", count: indent + 2))
                writeString(member.key, into: &out)
                out.append(": ")
                write(member.value, indent: indent + 2, into: &out)
                out.append(index == object.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: " ", count: indent) + "}")
        }
    }

    /// Writes a JSON string literal with the safe escapes described above.
    static func writeString(_ s: String, into out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            default:
                if needsEscape(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }
}
