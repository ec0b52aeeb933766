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

    /// A comma, a newline and then as many spaces as the deepest indent of our reports needs (and
    /// more): ``newline(_:_:)`` and ``writeKey(_:indent:first:into:)`` copy a piece of it.
    private static var commaNewlineAndSpaces: StaticString { ",\n                                                                " }

    /// The most indent ``commaNewlineAndSpaces`` holds.
    private static var spacesHeld: Int { commaNewlineAndSpaces.utf8CodeUnitCount - 2 }

    static func newline(_ indent: Int, _ out: inout [UInt8]) {
        guard indent <= spacesHeld else {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: indent))
            return
        }
        out.append(contentsOf: UnsafeRawBufferPointer(start: commaNewlineAndSpaces.utf8Start + 1, count: indent + 1))
    }

    /// Writes an integer's decimal digits (as `String(value)` spells them, without building it).
    static func writeInteger(_ value: Int64, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for the 20 digits of any Int64
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// A `,` unless `first`, then a newline indented by `indent`, in one copy when the indent fits
    /// ``commaNewlineAndSpaces``: what comes before each member of an object or element of an array.
    private static func separate(indent: Int, first: Bool, into out: inout [UInt8]) {
        guard indent <= spacesHeld else {
            if !first { out.append(UInt8(ascii: ",")) }
            newline(indent, &out)
            return
        }
        let skip = first ? 1 : 0
        out.append(contentsOf: UnsafeRawBufferPointer(start: commaNewlineAndSpaces.utf8Start + skip, count: indent + 2 - skip))
    }

    /// Writes an object member's start as ``write(_:indent:into:)`` lays it out: a `,` unless it
    /// is the `first`, a newline indented by `indent`, and `"name": ` — for rows written straight
    /// to bytes without building a ``JSONValue``.
    static func writeKey(_ name: StaticString, indent: Int, first: Bool = false, into out: inout [UInt8]) {
        // Two copies, not five appends: rows write a few dozen keys each.
        separate(indent: indent, first: first, into: &out)
        let count = name.utf8CodeUnitCount
        withUnsafeTemporaryAllocation(byteCount: count + 4, alignment: 1) { quoted in
            quoted[0] = UInt8(ascii: "\"")
            UnsafeMutableRawBufferPointer(rebasing: quoted[1...]).copyMemory(from: UnsafeRawBufferPointer(start: name.utf8Start, count: count))
            quoted[count + 1] = UInt8(ascii: "\"")
            quoted[count + 2] = UInt8(ascii: ":")
            quoted[count + 3] = UInt8(ascii: " ")
            out.append(contentsOf: UnsafeRawBufferPointer(quoted))
        }
    }

    /// ``writeKey(_:indent:first:into:)`` for a name known only at run time (a member of a
    /// ``JSONObject``), escaped as ``writeString(_:into:)`` escapes it.
    static func writeKey(_ name: String, indent: Int, first: Bool = false, into out: inout [UInt8]) {
        separate(indent: indent, first: first, into: &out)
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
            separate(indent: indent + 2, first: index == 0, into: &out)
            element(value, &out)
        }
        newline(indent, &out)
        out.append(UInt8(ascii: "]"))
    }

    /// Writes `true` or `false`.
    static func writeBool(_ value: Bool, into out: inout [UInt8]) {
        out.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Writes `null`.
    static func writeNull(into out: inout [UInt8]) {
        out.append(contentsOf: "null".utf8)
    }

    /// Writes the string, or `null` for nil.
    static func writeOptionalString(_ s: String?, into out: inout [UInt8]) {
        if let s { writeString(s, into: &out) } else { writeNull(into: &out) }
    }

    /// Writes the integer, or `null` for nil.
    static func writeOptionalInteger(_ value: Int64?, into out: inout [UInt8]) {
        if let value { writeInteger(value, into: &out) } else { writeNull(into: &out) }
    }

    /// An object written member by member straight to bytes, laid out as ``write(_:indent:into:)``
    /// lays out an object at `indent`: the caller writes each member's value after ``key(_:_:)``,
    /// then ``close(_:)``.
    struct ObjectBytes {
        private let indent: Int
        private var first = true

        /// Starts an object at `indent` (writes its `{`).
        init(indent: Int, into out: inout [UInt8]) {
            self.indent = indent
            out.append(UInt8(ascii: "{"))
        }

        /// Starts the next member: its separator and `"name": `.
        mutating func key(_ name: StaticString, _ out: inout [UInt8]) {
            writeKey(name, indent: indent + 2, first: first, into: &out)
            first = false
        }

        /// Ends the object (`{}` when it has no members).
        func close(_ out: inout [UInt8]) {
            if !first { newline(indent, &out) }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Writes `value` as it stands at `indent` (its first line not indented, its last line not ended).
    static func write(_ value: JSONValue, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .null: writeNull(into: &out)
        case .bool(let b): writeBool(b, into: &out)
        case .integer(let i): writeInteger(i, into: &out)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            if elements.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                separate(indent: indent + 2, first: index == 0, into: &out)
                write(element, indent: indent + 2, into: &out)
            }
            newline(indent, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.count == 0 { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                writeKey(member.key, indent: indent + 2, first: index == 0, into: &out)
                write(member.value, indent: indent + 2, into: &out)
            }
            newline(indent, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Writes a JSON string literal with the safe escapes described above.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let written: Bool? = s.utf8.withContiguousStorageIfAvailable { utf8 in
            writeStringContent(UnsafeRawBufferPointer(utf8), into: &out)
            return true
        }
        if written == nil { Array(s.utf8).withUnsafeBytes { writeStringContent($0, into: &out) } }
        out.append(UInt8(ascii: "\""))
    }

    /// Writes the escaped content of a string literal from its (valid) UTF-8 bytes: printable
    /// ASCII without quotes or backslashes, found eight bytes at a time, is copied as it is.
    private static func writeStringContent(_ utf8: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        guard let base = utf8.baseAddress else { return }
        var plain = 0  // the bytes before this are known to be plain ASCII
        while plain + 8 <= utf8.count {
            let word = base.loadUnaligned(fromByteOffset: plain, as: UInt64.self)
            let flagged = ByteWord.controlOrNonASCII(word) | ByteWord.equal(word, 0x22) | ByteWord.equal(word, 0x5C)
                | ByteWord.equal(word, 0x7F)
            if flagged != 0 { break }
            plain += 8
        }
        while plain < utf8.count, isPlainASCII(utf8[plain]) { plain += 1 }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: utf8[..<plain]))
        guard plain < utf8.count else { return }

        // The rest, a character at a time.
        var at = plain
        while at < utf8.count {
            let byte = utf8[at]
            if byte < 0x80 {
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
                case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
                case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
                case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
                default:
                    if isPlainASCII(byte) { out.append(byte) } else { writeUnicodeEscape(UInt32(byte), into: &out) }
                }
                at += 1
                continue
            }
            // A scalar of two to four bytes (the string is valid UTF-8).
            let length = byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for offset in 1..<length { value = value << 6 | UInt32(utf8[at + offset] & 0x3F) }
            if let scalar = Unicode.Scalar(value), needsEscape(scalar) {
                writeUnicodeEscape(value, into: &out)
            } else {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: utf8[at..<(at + length)]))
            }
            at += length
        }
    }

    /// True for a byte copied as it is: printable ASCII other than `"` and `\`.
    @inline(__always)
    private static func isPlainASCII(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    /// Writes `\uXXXX` (four lowercase hex digits) for a scalar of the Basic Multilingual Plane.
    private static func writeUnicodeEscape(_ value: UInt32, into out: inout [UInt8]) {
        let hex: StaticString = "0123456789abcdef"
        out.append(contentsOf: "\\u".utf8)
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hex.utf8Start[Int((value >> UInt32(shift)) & 0xF)])
        }
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
