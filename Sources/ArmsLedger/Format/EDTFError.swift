/// Why a text is not a date of the EDTF subset that ArmsLedger accepts (SPEC section 3).
///
/// Every case carries the offending text; ``description`` quotes it and says what to change, e.g.
/// `"2018-13": month must be 01–12 or a season 21–24, got 13`.
public enum EDTFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is empty.
    case empty
    /// A character that cannot appear where it does. `position` is 1-based, in characters.
    case unexpectedCharacter(text: String, position: Int, found: String, expected: String)
    /// The text stops before the date is complete (e.g. `2018-`).
    case unexpectedEnd(text: String, expected: String)
    /// The year does not have exactly four digits (`218`, `20180`).
    case yearNotFourDigits(text: String, year: String)
    /// The year is negative (`-0500`); only years 0000–9999 are supported.
    case negativeYear(text: String)
    /// The month or season does not have exactly two digits (`2018-6`).
    case monthNotTwoDigits(text: String, month: String)
    /// The two-digit month is neither 01–12 nor a season 21–24.
    case invalidMonth(text: String, month: Int)
    /// A season carries a day (`2018-21-05`).
    case seasonWithDay(text: String)
    /// The day does not have exactly two digits (`2018-06-4`).
    case dayNotTwoDigits(text: String, day: String)
    /// The two-digit day is not 01–31.
    case invalidDay(text: String, day: Int)
    /// The day is 01–31 but does not exist in that month (`2019-02-29`, `2018-04-31`).
    case nonexistentDay(text: String, year: Int, month: Int, day: Int)
    /// `..` on its own: an open end only makes sense as one end of an interval.
    case openEndOutsideInterval(text: String)
    /// `../..`: an interval needs at least one closed end.
    case bothEndsOpen(text: String)
    /// Nothing before the `/` (`/2018`).
    case missingIntervalStart(text: String)
    /// Nothing after the `/` (`2018/`).
    case missingIntervalEnd(text: String)
    /// The end of the interval lies entirely before its start (`2022/2018`).
    case intervalReversed(text: String, start: String, end: String)

    /// The text that failed to parse.
    public var text: String {
        switch self {
        case .empty:
            ""
        case .unexpectedCharacter(let text, _, _, _), .unexpectedEnd(let text, _),
            .yearNotFourDigits(let text, _), .negativeYear(let text), .monthNotTwoDigits(let text, _),
            .invalidMonth(let text, _), .seasonWithDay(let text), .dayNotTwoDigits(let text, _),
            .invalidDay(let text, _), .nonexistentDay(let text, _, _, _), .openEndOutsideInterval(let text),
            .bothEndsOpen(let text), .missingIntervalStart(let text), .missingIntervalEnd(let text),
            .intervalReversed(let text, _, _):
            text
        }
    }

    /// The quoted text, a colon, and what is wrong with it.
    public var description: String {
        "\"\(text)\": \(reason)"
    }

    /// What is wrong, without the quoted text.
    public var reason: String {
        switch self {
        case .empty:
            return "empty date; expected an EDTF date such as 2018, 2018-06, 2018-06-14, 2018-21 or 2018/2022"
        case .unexpectedCharacter(_, let position, let found, let expected):
            let what: String
            switch found {
            case " ": what = "space"
            case "\t": what = "tab"
            case "\n", "\r\n", "\r": what = "line break"
            default: what = "\"\(found)\""
            }
            return "unexpected \(what) at position \(position), expected \(expected)"
        case .unexpectedEnd(_, let expected):
            return "the date ends too early, expected \(expected)"
        case .yearNotFourDigits(_, let year):
            let hint = year.count > 4 ? " (years after 9999 are not supported)" : " (pad with zeros: 0800)"
            return "year must be exactly 4 digits 0000–9999, got \"\(year)\"\(hint)"
        case .negativeYear:
            return "negative years are not supported; a year must be 0000–9999"
        case .monthNotTwoDigits(_, let month):
            return "month needs two digits (01–12, or a season 21–24), got \"\(month)\""
        case .invalidMonth(_, let month):
            return "month must be 01–12 or a season 21–24, got \(Self.twoDigits(month))"
        case .seasonWithDay:
            return "a season (21–24) cannot be followed by a day; write a month instead, e.g. 2018-06-14"
        case .dayNotTwoDigits(_, let day):
            return "day needs two digits (01–31), got \"\(day)\""
        case .invalidDay(_, let day):
            return "day must be 01–31, got \(Self.twoDigits(day))"
        case .nonexistentDay(_, let year, let month, let day):
            let monthName = Self.monthNames[max(0, min(11, month - 1))]
            if month == 2 && day == 29 {
                return "\(Day.paddedYear(year)) has no February 29 (not a leap year)"
            }
            let last = Day.lastDay(ofMonth: month, year: year)
            let which = month == 2 ? "February \(Day.paddedYear(year))" : monthName
            return "\(which) has only \(last) days, got day \(day)"
        case .openEndOutsideInterval:
            return "an open end \"..\" is only allowed as one end of an interval, e.g. 2023-09/.. or ../1999"
        case .bothEndsOpen:
            return "an interval needs at least one closed end; \"../..\" is not allowed"
        case .missingIntervalStart:
            return "the interval has no start; write a date or \"..\" (open start) before \"/\""
        case .missingIntervalEnd:
            return "the interval has no end; write a date or \"..\" (open end) after \"/\""
        case .intervalReversed(_, let start, let end):
            return "interval ends (\(end)) before it starts (\(start))"
        }
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    private static func twoDigits(_ value: Int) -> String {
        value >= 0 && value < 10 ? "0\(value)" : "\(value)"
    }
}
