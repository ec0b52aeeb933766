/// A date of the EDTF subset of SPEC section 3, with the closed range of days it stands for.
///
/// Accepted forms (years are exactly four digits, 0000–9999):
///
/// | text | precision | [lower, upper] |
/// |---|---|---|
/// | `2018` | year | 2018-01-01 … 2018-12-31 |
/// | `2018-06` | month | 2018-06-01 … 2018-06-30 |
/// | `2018-06-14` | day | 2018-06-14 … 2018-06-14 |
/// | `2018-21` … `2018-24` | season | spring Mar–May, summer Jun–Aug, autumn Sep–Nov, winter Dec 2018 … end of Feb 2019 |
/// | `2018/2022`, `2018-06-14/2018-07` | interval | lower of the start … upper of the end |
/// | `2023-09/..`, `../1999` | interval | open ends are ``Day/distantPast`` and ``Day/distantFuture`` |
///
/// A single date may end with a qualifier: `?` uncertain, `~` approximate, `%` both (`2016-10-14?`).
/// Each end of an interval may carry its own qualifier (`2018~/2022`); these do not change the range,
/// and the interval's own ``qualifier`` is always ``EDTFQualifier/none`` (read ``text`` for the
/// endpoint qualifiers). An interval must not end before it starts (`2022/2018` is an error), and
/// `../..` is an error.
public struct EDTFDate: Hashable, Sendable, CustomStringConvertible {
    /// The date exactly as written.
    public let text: String
    /// The first day the date can stand for (``Day/distantPast`` for an open start).
    public let lower: Day
    /// The last day the date can stand for (``Day/distantFuture`` for an open end).
    public let upper: Day
    /// The qualifier at the end of a single date; ``EDTFQualifier/none`` for intervals.
    public let qualifier: EDTFQualifier
    /// What the date names: a day, month, year, season or interval.
    public let precision: EDTFPrecision

    /// Parses an EDTF date from text.
    ///
    /// - Parameter text: The date, e.g. `2018-06~` or `2023-09/..`; no surrounding spaces.
    /// - Throws: ``EDTFError`` saying what is wrong and where, e.g.
    ///   `"2019-02-29": 2019 has no February 29 (not a leap year)`.
    public init(parsing text: some StringProtocol) throws(EDTFError) {
        var string = String(text)
        // `withUTF8` makes the storage contiguous (a no-op for native strings); the closure is
        // `rethrows`, so the typed error travels out in a `Result`.
        let parsed = string.withUTF8 { buffer in
            Result { () throws(EDTFError) -> _Parts in try _Parser(bytes: UnsafeRawBufferPointer(buffer)).parse() }
        }
        let parts = try parsed.get()
        self.init(text: string, parts: parts)
    }

    /// Parses an EDTF date from its UTF-8 bytes, without Foundation or intermediate strings.
    ///
    /// This is the path used when replaying a ledger: the bytes are the contents of a JSON string.
    ///
    /// - Parameter bytes: The UTF-8 bytes of the date.
    /// - Throws: ``EDTFError``, as ``init(parsing:)-(StringProtocol)``.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(EDTFError) {
        let parts = try _Parser(bytes: bytes).parse()
        self.init(text: String(decoding: bytes, as: UTF8.self), parts: parts)
    }

    /// The day range of a date given as UTF-8 bytes, or nil when the bytes are not a valid
    /// date; allocates nothing (the replay's fast path parses millions of dates with it).
    static func bounds(_ bytes: UnsafeRawBufferPointer) -> (lower: Day, upper: Day)? {
        guard let parts = try? _Parser(bytes: bytes).parse() else { return nil }
        return (parts.lower, parts.upper)
    }

    /// The precision of a date given as UTF-8 bytes, or nil when the bytes are not a valid date
    /// (exactly when ``init(parsing:)-(UnsafeRawBufferPointer)`` throws); allocates nothing.
    static func precision(_ bytes: UnsafeRawBufferPointer) -> EDTFPrecision? {
        (try? _Parser(bytes: bytes).parse())?.precision
    }

    private init(text: String, parts: _Parts) {
        self.text = text
        self.lower = parts.lower
        self.upper = parts.upper
        self.qualifier = parts.qualifier
        self.precision = parts.precision
    }

    /// Whether the date covers exactly one day (`2018-06-14`, `2018-06-14?`, or an interval from a
    /// day to the same day).
    public var isSingleDay: Bool {
        lower == upper
    }

    /// Whether the date is a day, a month or a year (qualified or not): the forms allowed for source
    /// dates and command-line dates, which exclude seasons and intervals.
    public var isDayMonthOrYear: Bool {
        Self.isDayMonthOrYear(precision)
    }

    /// Whether a date of this precision is a day, a month or a year (``isDayMonthOrYear``).
    static func isDayMonthOrYear(_ precision: EDTFPrecision) -> Bool {
        switch precision {
        case .day, .month, .year: true
        case .season, .interval: false
        }
    }

    /// The date exactly as written (``text``).
    public var description: String { text }
}

// MARK: - The byte parser

/// The result of parsing, before the text is attached.
private struct _Parts {
    var lower: Day
    var upper: Day
    var qualifier: EDTFQualifier
    var precision: EDTFPrecision
}

/// A one-pass parser over the UTF-8 bytes of a date.
///
/// Invariant: every index passed to `bytes[_:]` is checked against an end bound that is at most
/// `bytes.count`. Nothing allocates unless an error is thrown.
private struct _Parser {
    let bytes: UnsafeRawBufferPointer

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")
    private static let dash = UInt8(ascii: "-")

    func parse() throws(EDTFError) -> _Parts {
        let count = bytes.count
        guard count > 0 else { throw .empty }
        var slashIndex = -1
        for index in 0..<count where bytes[index] == Self.slash {
            slashIndex = index
            break
        }
        if slashIndex < 0 {
            if isOpenEnd(0, count) { throw .openEndOutsideInterval(text: text) }
            return try endpoint(0, count)
        }
        for index in (slashIndex + 1)..<count where bytes[index] == Self.slash {
            throw unexpected(at: index, end: count, expected: "the end of the interval; an interval has one \"/\"")
        }
        if slashIndex == 0 { throw .missingIntervalStart(text: text) }
        if slashIndex == count - 1 { throw .missingIntervalEnd(text: text) }

        let startIsOpen = isOpenEnd(0, slashIndex)
        let endIsOpen = isOpenEnd(slashIndex + 1, count)
        if startIsOpen && endIsOpen { throw .bothEndsOpen(text: text) }
        let lower = startIsOpen ? Day.distantPast : try endpoint(0, slashIndex).lower
        let upper = endIsOpen ? Day.distantFuture : try endpoint(slashIndex + 1, count).upper
        if upper < lower {
            throw .intervalReversed(text: text, start: slice(0, slashIndex), end: slice(slashIndex + 1, count))
        }
        return _Parts(lower: lower, upper: upper, qualifier: .none, precision: .interval)
    }

    /// Whether `bytes[start..<end]` is exactly `..`.
    private func isOpenEnd(_ start: Int, _ end: Int) -> Bool {
        end - start == 2 && bytes[start] == Self.dot && bytes[start + 1] == Self.dot
    }

    /// Parses one date (year, month, season or day, with an optional qualifier) filling `start..<end`.
    private func endpoint(_ start: Int, _ end: Int) throws(EDTFError) -> _Parts {
        var index = start

        // Year: exactly four digits.
        let (year, yearDigits) = digits(&index, end)
        if yearDigits == 0 {
            if index + 1 < end, bytes[index] == Self.dash, isDigit(bytes[index + 1]) {
                throw .negativeYear(text: text)
            }
            if index + 1 < end, bytes[index] == Self.dot, bytes[index + 1] == Self.dot {
                throw unexpected(at: index + 2, end: end, expected: "\"/\" after the open end \"..\"")
            }
            throw unexpected(at: index, end: end, expected: "a 4-digit year")
        }
        if yearDigits != 4 { throw .yearNotFourDigits(text: text, year: slice(start, index)) }

        var precision = EDTFPrecision.year
        var month = 0
        var day = 0

        // Month or season: "-" and exactly two digits.
        if index < end, bytes[index] == Self.dash {
            index += 1
            let monthStart = index
            let (value, count) = digits(&index, end)
            if count == 0 {
                throw unexpected(at: index, end: end, expected: "a 2-digit month 01–12 or a season 21–24")
            }
            if count != 2 { throw .monthNotTwoDigits(text: text, month: slice(monthStart, index)) }
            switch value {
            case 1...12: precision = .month
            case 21...24: precision = .season
            default: throw .invalidMonth(text: text, month: value)
            }
            month = value

            // Day: "-" and exactly two digits, after a month only.
            if index < end, bytes[index] == Self.dash {
                if precision == .season { throw .seasonWithDay(text: text) }
                index += 1
                let dayStart = index
                let (value, count) = digits(&index, end)
                if count == 0 { throw unexpected(at: index, end: end, expected: "a 2-digit day 01–31") }
                if count != 2 { throw .dayNotTwoDigits(text: text, day: slice(dayStart, index)) }
                guard (1...31).contains(value) else { throw .invalidDay(text: text, day: value) }
                guard value <= Day.lastDay(ofMonth: month, year: year) else {
                    throw .nonexistentDay(text: text, year: year, month: month, day: value)
                }
                day = value
                precision = .day
            }
        }

        // Optional qualifier, then the end.
        var qualifier = EDTFQualifier.none
        if index < end {
            switch bytes[index] {
            case UInt8(ascii: "?"): qualifier = .uncertain
            case UInt8(ascii: "~"): qualifier = .approximate
            case UInt8(ascii: "%"): qualifier = .uncertainAndApproximate
            default: break
            }
            if qualifier != .none { index += 1 }
        }
        if index < end {
            let expected: String
            if qualifier != .none {
                expected = "the end of the date; a qualifier (?, ~, %) may only end a date"
            } else {
                switch precision {
                case .year: expected = "\"-\" and a month, a qualifier (?, ~, %) or the end of the date"
                case .month: expected = "\"-\" and a day, a qualifier (?, ~, %) or the end of the date"
                default: expected = "a qualifier (?, ~, %) or the end of the date"
                }
            }
            throw unexpected(at: index, end: end, expected: expected)
        }

        let lower: Int
        let upper: Int
        switch precision {
        case .year:
            lower = Day.daysFromCivil(year: year, month: 1, day: 1)
            upper = Day.daysFromCivil(year: year, month: 12, day: 31)
        case .month:
            lower = Day.daysFromCivil(year: year, month: month, day: 1)
            upper = Day.daysFromCivil(year: year, month: month, day: Day.lastDay(ofMonth: month, year: year))
        case .day:
            lower = Day.daysFromCivil(year: year, month: month, day: day)
            upper = lower
        case .season, .interval:
            switch month {
            case 21:
                lower = Day.daysFromCivil(year: year, month: 3, day: 1)
                upper = Day.daysFromCivil(year: year, month: 5, day: 31)
            case 22:
                lower = Day.daysFromCivil(year: year, month: 6, day: 1)
                upper = Day.daysFromCivil(year: year, month: 8, day: 31)
            case 23:
                lower = Day.daysFromCivil(year: year, month: 9, day: 1)
                upper = Day.daysFromCivil(year: year, month: 11, day: 30)
            default:
                lower = Day.daysFromCivil(year: year, month: 12, day: 1)
                upper = Day.daysFromCivil(year: year + 1, month: 2, day: Day.lastDay(ofMonth: 2, year: year + 1))
            }
        }
        // Years 0000–9999 lie well within Int32 days.
        return _Parts(
            lower: Day(ordinal: Int32(truncatingIfNeeded: lower)),
            upper: Day(ordinal: Int32(truncatingIfNeeded: upper)),
            qualifier: qualifier, precision: precision)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// Reads decimal digits from `index` up to `end`; returns their value (capped to stay small) and count.
    @inline(__always)
    private func digits(_ index: inout Int, _ end: Int) -> (value: Int, count: Int) {
        var value = 0
        let start = index
        while index < end, isDigit(bytes[index]) {
            if index - start < 9 { value = value * 10 + Int(bytes[index] &- UInt8(ascii: "0")) }
            index += 1
        }
        return (value, index - start)
    }

    // MARK: Error path (allocates)

    private var text: String {
        String(decoding: bytes, as: UTF8.self)
    }

    private func slice(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// An error for the byte at `index`: the character found there, or the early end of the text.
    private func unexpected(at index: Int, end: Int, expected: String) -> EDTFError {
        guard index < bytes.count else { return .unexpectedEnd(text: text, expected: expected) }
        let found = slice(index, bytes.count).first.map(String.init) ?? ""
        let position = slice(0, index).count + 1
        return .unexpectedCharacter(text: text, position: position, found: found, expected: expected)
    }
}
