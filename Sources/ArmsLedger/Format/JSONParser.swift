/// A strict JSON (RFC 8259) reader over raw bytes.
///
/// It accepts exactly one value with optional surrounding whitespace and rejects everything
/// the RFC does not allow: trailing commas, leading zeros, single quotes, unescaped control
/// characters, lone surrogates, invalid UTF-8, duplicate object keys. Nesting is limited to
/// ``maximumDepth`` levels so that hostile input cannot exhaust the stack.
public struct JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 64

    /// Parses `bytes` as one JSON value.
    /// - Throws: ``JSONError`` naming the column and the reason.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.offset != bytes.count {
            throw JSONError(offset: parser.offset, "unexpected text after the JSON value")
        }
        return value
    }

    /// Parses the UTF-8 bytes of `text` as one JSON value.
    public static func parse(_ text: String) throws(JSONError) -> JSONValue {
        var copy = text
        let result: Result<JSONValue, JSONError> = copy.withUTF8 { buffer in
            do throws(JSONError) { return .success(try parse(UnsafeRawBufferPointer(buffer))) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses a byte array as one JSON value.
    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        let result: Result<JSONValue, JSONError> = bytes.withUnsafeBytes { buffer in
            do throws(JSONError) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    private var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONError) -> JSONValue {
        guard let byte = current else { throw JSONError(offset: offset, "unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return .object(try parseObject(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try parseArray(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw JSONError(offset: offset, "unexpected character \(Self.describe(byte))")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let start = offset
        let count = literal.utf8CodeUnitCount
        guard bytes.count - offset >= count else {
            throw JSONError(offset: start, "unexpected end of input in literal")
        }
        for i in 0..<count where bytes[offset + i] != literal.utf8Start[i] {
            throw JSONError(offset: start, "invalid literal (expected \(literal))")
        }
        offset += count
    }

    private mutating func parseObject(depth: Int) throws(JSONError) -> JSONObject {
        if depth > Self.maximumDepth {
            throw JSONError(offset: offset, "nesting deeper than \(Self.maximumDepth) levels")
        }
        offset += 1  // {
        var members: [(key: String, value: JSONValue)] = []
        var seen: Set<String>?  // only for large objects
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            offset += 1
            return JSONObject()
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else {
                throw JSONError(offset: offset, current == nil ? "unexpected end of input in object" : "expected a string key")
            }
            let keyOffset = offset
            let key = try parseString()
            // Objects in ledger lines are small: a linear scan beats hashing every key; a set
            // takes over for large objects so that hostile input stays linear.
            let duplicate: Bool
            if members.count < 16 {
                duplicate = members.contains { $0.key == key }
            } else {
                if seen == nil { seen = Set(members.map(\.key)) }
                duplicate = !seen!.insert(key).inserted
            }
            if duplicate { throw JSONError(offset: keyOffset, "duplicate key \"\(key)\"") }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw JSONError(offset: offset, "expected ':' after key") }
            offset += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append((key, value))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "}"):
                offset += 1
                return JSONObject(uniqueMembers: members)
            case nil: throw JSONError(offset: offset, "unexpected end of input in object")
            default: throw JSONError(offset: offset, "expected ',' or '}' in object")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONError) -> [JSONValue] {
        if depth > Self.maximumDepth {
            throw JSONError(offset: offset, "nesting deeper than \(Self.maximumDepth) levels")
        }
        offset += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            offset += 1
            return elements
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "]"): offset += 1; return elements
            case nil: throw JSONError(offset: offset, "unexpected end of input in array")
            default: throw JSONError(offset: offset, "expected ',' or ']' in array")
            }
        }
    }

    private mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = offset
        var isInteger = true
        if current == UInt8(ascii: "-") { offset += 1 }
        guard let first = current, Self.isDigit(first) else {
            throw JSONError(offset: offset, "a number needs a digit here")
        }
        if first == UInt8(ascii: "0") {
            offset += 1
            if let next = current, Self.isDigit(next) {
                throw JSONError(offset: offset, "numbers must not have leading zeros")
            }
        } else {
            while let d = current, Self.isDigit(d) { offset += 1 }
        }
        if current == UInt8(ascii: ".") {
            isInteger = false
            offset += 1
            guard let d = current, Self.isDigit(d) else { throw JSONError(offset: offset, "a digit must follow '.'") }
            while let d = current, Self.isDigit(d) { offset += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            offset += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
            guard let d = current, Self.isDigit(d) else { throw JSONError(offset: offset, "a digit must follow the exponent") }
            while let d = current, Self.isDigit(d) { offset += 1 }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        // `-0` stays text so that it is carried through exactly as written.
        if isInteger, text != "-0", let value = Int64(text) { return .integer(value) }
        return .number(text)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Reads a string starting at the opening quote; validates UTF-8 and escapes.
    private mutating func parseString() throws(JSONError) -> String {
        offset += 1  // opening quote
        let start = offset
        // Fast path: no escapes.
        var hasEscape = false
        // Skip eight plain bytes (printable ASCII other than `"` and `\`) at a time.
        let base = bytes.baseAddress
        while let base, offset + 8 <= bytes.count {
            let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
            // A high bit marks a byte that is zero (a quote or backslash), below 0x20, or non-ASCII.
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | (word &- ones &* 0x20) | word
            if special & highs != 0 { break }
            offset += 8
        }
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") { hasEscape = true; break }
            if byte < 0x20 { throw JSONError(offset: offset, "control character \(Self.describe(byte)) must be escaped in a string") }
            if byte < 0x80 { offset += 1; continue }
            try skipUTF8Scalar()
        }
        if !hasEscape {
            guard offset < bytes.count else { throw JSONError(offset: offset, "unterminated string") }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
            offset += 1
            return text
        }
        var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<offset]))
        while true {
            guard offset < bytes.count else { throw JSONError(offset: offset, "unterminated string") }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") { offset += 1; break }
            if byte < 0x20 { throw JSONError(offset: offset, "control character \(Self.describe(byte)) must be escaped in a string") }
            if byte == UInt8(ascii: "\\") {
                let escapeOffset = offset
                offset += 1
                guard let kind = current else { throw JSONError(offset: offset, "unterminated string") }
                offset += 1
                switch kind {
                case UInt8(ascii: "\""): utf8.append(0x22)
                case UInt8(ascii: "\\"): utf8.append(0x5C)
                case UInt8(ascii: "/"): utf8.append(0x2F)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if scalar >= 0xD800 && scalar <= 0xDBFF {
                        guard bytes.count - offset >= 6, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                            throw JSONError(offset: escapeOffset, "lone high surrogate in \\u escape")
                        }
                        offset += 2
                        let low = try readHex4()
                        guard low >= 0xDC00 && low <= 0xDFFF else {
                            throw JSONError(offset: escapeOffset, "high surrogate not followed by a low surrogate")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                        throw JSONError(offset: escapeOffset, "lone low surrogate in \\u escape")
                    }
                    utf8.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
                default:
                    throw JSONError(offset: escapeOffset, "invalid escape \\\(String(UnicodeScalar(kind)))")
                }
                continue
            }
            let scalarStart = offset
            if byte < 0x80 { offset += 1 } else { try skipUTF8Scalar() }
            utf8.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[scalarStart..<offset]))
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    private mutating func readHex4() throws(JSONError) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw JSONError(offset: offset, "\\u needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw JSONError(offset: offset, "\\u needs four hex digits")
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    /// Advances over one multi-byte UTF-8 scalar, rejecting overlong forms, surrogates and
    /// code points beyond U+10FFFF.
    private mutating func skipUTF8Scalar() throws(JSONError) {
        let lead = bytes[offset]
        let length: Int
        var minimum: UInt32
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(lead & 0x07)
        default: throw JSONError(offset: offset, "invalid UTF-8 byte \(Self.describe(lead))")
        }
        guard bytes.count - offset >= length else { throw JSONError(offset: offset, "truncated UTF-8 sequence") }
        for i in 1..<length {
            let next = bytes[offset + i]
            guard next & 0xC0 == 0x80 else { throw JSONError(offset: offset, "invalid UTF-8 sequence") }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) {
            throw JSONError(offset: offset, "invalid UTF-8 sequence")
        }
        _ = minimum
        offset += length
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(String(UnicodeScalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "0x" + (hex.count == 1 ? "0" + hex : hex)
    }
}
