import Testing
import ArmsLedger

/// The strict RFC 8259 reader and the compact writer the ledger's lines are made of.
@Suite("JSON parser and writer")
struct JSONParserTests {
    /// Parses raw bytes and returns the error, or nil when they parse.
    private static func error(_ bytes: [UInt8]) -> JSONError? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    private static func error(_ text: String) -> JSONError? {
        error(Array(text.utf8))
    }

    private static func roundTrip(_ text: String) throws -> String {
        JSONWriter.compact(try JSONParser.parse(text))
    }

    // MARK: Valid values

    @Test(arguments: [
        "null", "true", "false", "0", "-1", "42", "3.5", "-0.25", "1e10", "1E-7", "2.5e+3",
        "\"\"", "\"plain\"", "[]", "{}", "[1,2,[3,[4]]]",
        #"{"a":[1,-2,3.5,true,false,null,"x"],"b":{},"c":{"d":[]}}"#,
        #"{"publisher":"Eurasianet","date":"2017-11-09","url":"https://eurasianet.org/a/b"}"#,
        "9223372036854775807", "-9223372036854775808",
    ])
    func compactValidValuesRoundTripThroughTheWriter(text: String) throws {
        #expect(try Self.roundTrip(text) == text)
    }

    @Test func scalarsParseToTheirCases() throws {
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse("true") == .bool(true))
        #expect(try JSONParser.parse("-17") == .integer(-17))
        #expect(try JSONParser.parse("3.50") == .number("3.50"))
        #expect(try JSONParser.parse("1e3") == .number("1e3"))
        #expect(try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
    }

    @Test func whitespaceAroundAndInsideValuesIsAllowedAndDroppedByTheWriter() throws {
        let value = try JSONParser.parse(" \t\r\n{ \"a\" : [ 1 , 2 ] ,\n \"b\" : null } \n")
        #expect(JSONWriter.compact(value) == #"{"a":[1,2],"b":null}"#)
    }

    @Test func escapedSurrogatePairDecodesToOneScalar() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONParser.parse(#""\u00e9\u0041""#) == .string("éA"))
    }

    // MARK: Numbers

    @Test func integersBeyond64BitsAreKeptAsTheirText() throws {
        #expect(try JSONParser.parse("99999999999999999999") == .number("99999999999999999999"))
        #expect(try JSONParser.parse("9223372036854775808") == .number("9223372036854775808"))
        #expect(try JSONParser.parse("-9223372036854775809") == .number("-9223372036854775809"))
        #expect(try JSONParser.parse("9223372036854775807") == .integer(Int64.max))
        #expect(try Self.roundTrip(#"{"n":123456789012345678901234567890}"#) == #"{"n":123456789012345678901234567890}"#)
    }

    @Test func leadingZerosAreRejectedAtTheSecondDigit() {
        #expect(Self.error("01") == JSONError(offset: 1, "numbers must not have leading zeros"))
        #expect(Self.error("[-007]") == JSONError(offset: 3, "numbers must not have leading zeros"))
        #expect(Self.error("01")?.column == 2)
    }

    @Test func malformedNumbersAreRejected() {
        #expect(Self.error("-") == JSONError(offset: 1, "a number needs a digit here"))
        #expect(Self.error("1.") == JSONError(offset: 2, "a digit must follow '.'"))
        #expect(Self.error("1e") == JSONError(offset: 2, "a digit must follow the exponent"))
        #expect(Self.error(".5") == JSONError(offset: 0, "unexpected character '.'"))
        #expect(Self.error("+1") == JSONError(offset: 0, "unexpected character '+'"))
        #expect(Self.error("NaN") == JSONError(offset: 0, "unexpected character 'N'"))
        #expect(Self.error("[Infinity]") == JSONError(offset: 1, "unexpected character 'I'"))
    }

    // MARK: Structure

    @Test func trailingCommaInAnArrayIsRejectedWithItsColumn() {
        let error = Self.error("[1,2,]")
        #expect(error == JSONError(offset: 5, "unexpected character ']'"))
        #expect(error?.column == 6)
        #expect(error?.description == "invalid JSON at column 6: unexpected character ']'")
    }

    @Test func trailingCommaInAnObjectIsRejectedWithItsColumn() {
        #expect(Self.error(#"{"a":1,}"#) == JSONError(offset: 7, "expected a string key"))
    }

    @Test func singleQuotesAreRejected() {
        #expect(Self.error("'a'") == JSONError(offset: 0, "unexpected character '''"))
        #expect(Self.error("{'a':1}") == JSONError(offset: 1, "expected a string key"))
    }

    @Test func duplicateKeysAreRejectedAtTheSecondKey() {
        #expect(Self.error(#"{"a":1,"a":2}"#) == JSONError(offset: 7, "duplicate key \"a\""))
        #expect(Self.error(#"{"x":{"b":1,"c":2,"b":3}}"#) == JSONError(offset: 18, "duplicate key \"b\""))
    }

    @Test func textAfterTheValueIsRejected() {
        #expect(Self.error("1 2") == JSONError(offset: 2, "unexpected text after the JSON value"))
        #expect(Self.error("{}}") == JSONError(offset: 2, "unexpected text after the JSON value"))
    }

    @Test func emptyAndTruncatedInputIsRejected() {
        #expect(Self.error("") == JSONError(offset: 0, "unexpected end of input"))
        #expect(Self.error("   ") == JSONError(offset: 3, "unexpected end of input"))
        #expect(Self.error("[1,2") == JSONError(offset: 4, "unexpected end of input in array"))
        #expect(Self.error(#"{"a":1"#) == JSONError(offset: 6, "unexpected end of input in object"))
        #expect(Self.error(#""abc"#) == JSONError(offset: 4, "unterminated string"))
        #expect(Self.error("tru") == JSONError(offset: 0, "unexpected end of input in literal"))
        #expect(Self.error("trve") == JSONError(offset: 0, "invalid literal (expected true)"))
        #expect(Self.error(#"{"a" 1}"#) == JSONError(offset: 5, "expected ':' after key"))
        #expect(Self.error("[1 2]") == JSONError(offset: 3, "expected ',' or ']' in array"))
    }

    // MARK: Nesting

    @Test func nestingUpToTheMaximumDepthIsAccepted() throws {
        let depth = JSONParser.maximumDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(try Self.roundTrip(text) == text)
        let objects = String(repeating: #"{"a":"#, count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
        #expect(try Self.roundTrip(objects) == objects)
    }

    @Test func nestingOneLevelDeeperThanTheMaximumIsRejected() {
        let depth = JSONParser.maximumDepth + 1
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(Self.error(text) == JSONError(offset: depth - 1, "nesting deeper than \(JSONParser.maximumDepth) levels"))
    }

    @Test func tenThousandOpenBracketsFailFastWithoutCrashing() {
        let arrays = [UInt8](repeating: UInt8(ascii: "["), count: 10_000)
        #expect(Self.error(arrays) == JSONError(offset: JSONParser.maximumDepth, "nesting deeper than \(JSONParser.maximumDepth) levels"))
        let objects = Array(String(repeating: #"{"k":"#, count: 10_000).utf8)
        #expect(Self.error(objects)?.reason == "nesting deeper than \(JSONParser.maximumDepth) levels")
    }

    // MARK: Strings

    @Test(arguments: [UInt8(0x00), 0x09, 0x0A, 0x0D, 0x1F])
    func unescapedControlCharactersInStringsAreRejected(byte: UInt8) {
        let bytes: [UInt8] = [0x22, 0x61, byte, 0x62, 0x22]
        let hex = String(byte, radix: 16, uppercase: true)
        #expect(Self.error(bytes) == JSONError(offset: 2, "control character 0x\(hex.count == 1 ? "0" + hex : hex) must be escaped in a string"))
    }

    @Test func controlCharacterAfterAnEscapeIsAlsoRejected() {
        #expect(Self.error([0x22, 0x5C, 0x6E, 0x09, 0x22]) == JSONError(offset: 3, "control character 0x09 must be escaped in a string"))
    }

    @Test func invalidEscapesAreRejected() {
        #expect(Self.error(#""a\x""#) == JSONError(offset: 2, "invalid escape \\x"))
        #expect(Self.error(#""\u12G4""#) == JSONError(offset: 5, "\\u needs four hex digits"))
        #expect(Self.error(#""\u12""#) == JSONError(offset: 3, "\\u needs four hex digits"))
    }

    @Test func loneSurrogatesAreRejected() {
        #expect(Self.error(#""\ud800""#) == JSONError(offset: 1, "lone high surrogate in \\u escape"))
        #expect(Self.error(#""x\ud800y""#) == JSONError(offset: 2, "lone high surrogate in \\u escape"))
        #expect(Self.error(#""\ud800\u0041""#) == JSONError(offset: 1, "high surrogate not followed by a low surrogate"))
        #expect(Self.error(#""\udc00""#) == JSONError(offset: 1, "lone low surrogate in \\u escape"))
    }

    @Test func invalidUTF8BytesAreRejectedWithTheirColumn() {
        // Overlong encoding of NUL.
        #expect(Self.error([0x22, 0xC0, 0x80, 0x22]) == JSONError(offset: 1, "invalid UTF-8 byte 0xC0"))
        #expect(Self.error([0x22, 0x61, 0xFF, 0x22]) == JSONError(offset: 2, "invalid UTF-8 byte 0xFF"))
        // A lone continuation byte.
        #expect(Self.error([0x22, 0x80, 0x22]) == JSONError(offset: 1, "invalid UTF-8 byte 0x80"))
        // Overlong three-byte form and an encoded surrogate (U+D800).
        #expect(Self.error([0x22, 0xE0, 0x80, 0x80, 0x22]) == JSONError(offset: 1, "invalid UTF-8 sequence"))
        #expect(Self.error([0x22, 0xED, 0xA0, 0x80, 0x22]) == JSONError(offset: 1, "invalid UTF-8 sequence"))
        // Beyond U+10FFFF.
        #expect(Self.error([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]) == JSONError(offset: 1, "invalid UTF-8 sequence"))
        // The same inside a string that also has escapes (the slow path).
        #expect(Self.error([0x22, 0x5C, 0x6E, 0xC0, 0x80, 0x22]) == JSONError(offset: 3, "invalid UTF-8 byte 0xC0"))
    }

    @Test func truncatedUTF8SequencesAreRejected() {
        // "€" is E2 82 AC: cut before the closing quote, and at the end of input.
        #expect(Self.error([0x22, 0xE2, 0x82, 0x22]) == JSONError(offset: 1, "invalid UTF-8 sequence"))
        #expect(Self.error([0x22, 0xE2, 0x82]) == JSONError(offset: 1, "truncated UTF-8 sequence"))
        #expect(Self.error([0x22, 0xF0, 0x9F, 0x98]) == JSONError(offset: 1, "truncated UTF-8 sequence"))
    }

    @Test func validMultiByteUTF8IsAccepted() throws {
        let text = "\"Лукашенко · Ağdam · 😀\""
        #expect(try JSONParser.parse(Array(text.utf8)) == .string("Лукашенко · Ağdam · 😀"))
    }

    // MARK: Objects keep their order

    @Test func objectKeysKeepTheirOrder() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":2,"m":{"y":true,"b":false}}"#)
        guard case .object(let object) = value else {
            Issue.record("expected an object, got \(value)")
            return
        }
        #expect(object.keys == ["z", "a", "m"])
        #expect(object["m"]?.objectValue?.keys == ["y", "b"])
        #expect(JSONWriter.compact(value) == #"{"z":1,"a":2,"m":{"y":true,"b":false}}"#)
    }

    @Test func sortedKeysWriterSortsEveryLevel() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":[{"d":1,"c":2}],"m":{"y":true,"b":false}}"#)
        #expect(JSONWriter.compact(value, sortsKeys: true) == #"{"a":[{"c":2,"d":1}],"m":{"b":false,"y":true},"z":1}"#)
    }

    // MARK: The writer's form

    @Test func writerDoesNotEscapeSlash() throws {
        let value = try JSONParser.parse(#""https:\/\/example.org\/a""#)
        #expect(JSONWriter.compact(value) == #""https://example.org/a""#)
    }

    @Test func writerWritesNonASCIIAsUTF8NotEscapes() throws {
        let value = try JSONParser.parse(#"{"name":"\u0411\u0435\u043b\u0430\u0440\u0443\u0441\u044c \ud83d\ude00 \u00e9"}"#)
        var writer = JSONWriter()
        writer.write(value)
        #expect(writer.bytes == Array(#"{"name":"Беларусь 😀 é"}"#.utf8))
        #expect(!writer.bytes.contains(UInt8(ascii: "\\")))
    }

    @Test func writerEscapesOnlyQuoteBackslashAndControlCharacters() {
        let text = JSONWriter.compact(.string("q\"b\\n\nr\rt\tb\u{08}f\u{0C}x\u{01}y\u{1F}/<>\u{7F}"))
        #expect(text == #""q\"b\\n\nr\rt\tb\bf\fx\u0001y\u001f/<>"# + "\u{7F}\"")
    }

    @Test func writerOutputParsesBackToTheSameValue() throws {
        let value = JSONValue.object(JSONObject([
            ("s", .string("tab\there \"quoted\" \u{00}")), ("n", .number("1.50")), ("i", .integer(-3)),
            ("a", .array([.null, .bool(false), .object(JSONObject())])),
        ]))
        #expect(try JSONParser.parse(JSONWriter.compact(value)) == value)
    }

    @Test func duplicateKeysAreFoundInSmallAndLargeObjects() throws {
        for size in [3, 15, 16, 40, 5_000] {
            let members = (0..<size).map { #""k\#($0)":\#($0)"# } + [#""k\#(size / 2)":0"#]
            let text = "{" + members.joined(separator: ",") + "}"
            #expect(throws: JSONError.self, "\(size) keys") { try JSONParser.parse(text) }
            let unique = "{" + members.dropLast().joined(separator: ",") + "}"
            #expect(try JSONParser.parse(unique).objectValue?.count == size)
        }
    }
}
