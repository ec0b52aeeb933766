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
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(value, indent: 0, into: &out)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    static func newline(_ indent: Int, _ out: inout [UInt8]) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: indent))
    }

    /// Writes an object member's start as ``write(_:indent:into:)`` lays it out: a `,` unless it
    /// is the `first`, a newline indented by `indent`, and `"name": ` — for rows written straight
    /// to bytes without building a ``JSONValue``.
    static func writeKey(_ name: StaticString, indent: Int, first: Bool = false, into out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        newline(indent, &out)
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        out.append(contentsOf: "\": ".utf8)
    }

    /// ``writeKey(_:indent:first:into:)`` for a name known only at run time (a member of a
    /// ``JSONObject``), escaped as ``writeString(_:into:)`` escapes it.
    static func writeKey(_ name: String, indent: Int, first: Bool = false, into out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        newline(indent, &out)
        writeString(name, into: &out)
        out.append(contentsOf: ": ".utf8)
    }

    /// Writes an array at `indent` as ``write(_:indent:into:)`` lays it out (`[]` when empty, else
    /// one element a line at `indent + 2`), each element written by `element`.
    static func writeArray<Elements: Collection>(_ elements: Elements, indent: Int, into out: inout [UInt8],
                                                 _ element: (Elements.Element, inout [UInt8]) -> Void) {
        if elements.isEmpty { out.append(contentsOf: "[]".utf8); return }
        out.append(UInt8(ascii: "["))
        for (index, value) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            newline(indent + 2, &out)
            element(value, &out)
        }
        newline(indent, &out)
        out.append(UInt8(ascii: "]"))
    }

    /// Writes `true` or `false`.
    static func writeBool(_ value: Bool, into out: inout [UInt8]) {
        out.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Writes `value` as it stands at `indent` (its first line not indented, its last line not ended).
    static func write(_ value: JSONValue, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            if elements.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 2, &out)
                write(element, indent: indent + 2, into: &out)
            }
            newline(indent, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.count == 0 { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 2, &out)
                writeString(member.key, into: &out)
                out.append(contentsOf: ": ".utf8)
                write(member.value, indent: indent + 2, into: &out)
            }
            newline(indent, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Writes a JSON string literal with the safe escapes described above.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Fast path: printable ASCII without quotes or backslashes is copied as it is.
        var string = s
        let plain = string.withUTF8 { utf8 in
            utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        }
        if plain {
            string.withUTF8 { out.append(contentsOf: $0) }
        } else {
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out.append(contentsOf: "\\\"".utf8)
                case "\\": out.append(contentsOf: "\\\\".utf8)
                case "\n": out.append(contentsOf: "\\n".utf8)
                case "\r": out.append(contentsOf: "\\r".utf8)
                case "\t": out.append(contentsOf: "\\t".utf8)
                default:
                    if needsEscape(scalar) {
                        let hex = String(scalar.value, radix: 16)
                        out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                    } else {
                        out.append(contentsOf: String(scalar).utf8)
                    }
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Writes a JSON string literal into a `String` (for callers that build text).
    static func writeString(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        writeString(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }
}
