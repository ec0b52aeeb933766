/// A calendar day in the proleptic Gregorian calendar, counted from 1970-01-01.
///
/// Conversions use Howard Hinnant's `days_from_civil` and `civil_from_days` algorithms
/// (<https://howardhinnant.github.io/date_algorithms.html>), which are exact for every day
/// representable here.
///
/// Two sentinel values mark the open ends of an interval: ``distantPast`` (ordinal `Int32.min`) and
/// ``distantFuture`` (ordinal `Int32.max`). Both print as `..`, as in EDTF.
public struct Day: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (which is 0); negative before it.
    public let ordinal: Int32

    /// Creates the day with the given ordinal.
    ///
    /// - Parameter ordinal: Days since 1970-01-01. `Int32.min` and `Int32.max` are the sentinels
    ///   ``distantPast`` and ``distantFuture``.
    public init(ordinal: Int32) {
        self.ordinal = ordinal
    }

    /// The open start of time, before every real day. Prints as `..`.
    public static let distantPast = Day(ordinal: .min)

    /// The open end of time, after every real day. Prints as `..`.
    public static let distantFuture = Day(ordinal: .max)

    /// Whether this is ``distantPast`` or ``distantFuture``.
    public var isOpenEnd: Bool {
        ordinal == .min || ordinal == .max
    }

    /// Creates a day from its year, month and day of month, validating all three.
    ///
    /// - Parameters:
    ///   - year: The proleptic Gregorian year (year 0 is 1 BC).
    ///   - month: 1…12.
    ///   - day: 1 through the last day of that month (29 February only in leap years).
    /// - Returns: `nil` if the date does not exist, or is so far from 1970 that it would collide with
    ///   the sentinels (about 5.8 million years).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.lastDay(ofMonth: month, year: year),
            abs(year) < 5_000_000
        else { return nil }
        let days = Day.daysFromCivil(year: year, month: month, day: day)
        guard days > Int(Int32.min), days < Int(Int32.max) else { return nil }
        self.ordinal = Int32(days)
    }

    /// Parses exactly `YYYY-MM-DD` (a 4-digit year 0000–9999, 2-digit month and day).
    ///
    /// - Parameter iso: The text, e.g. `2018-06-14`.
    /// - Returns: `nil` if the text has any other shape or names a day that does not exist.
    public init?(iso: some StringProtocol) {
        var digits: (Int, Int, Int) = (0, 0, 0)
        var index = 0
        for byte in iso.utf8 {
            switch index {
            case 4, 7:
                guard byte == UInt8(ascii: "-") else { return nil }
            case 0..<10:
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                let digit = Int(byte &- UInt8(ascii: "0"))
                switch index {
                case 0..<4: digits.0 = digits.0 * 10 + digit
                case 5, 6: digits.1 = digits.1 * 10 + digit
                default: digits.2 = digits.2 * 10 + digit
                }
            default:
                return nil
            }
            index += 1
        }
        guard index == 10 else { return nil }
        self.init(year: digits.0, month: digits.1, day: digits.2)
    }

    /// The year (proleptic Gregorian). Meaningless for the sentinels.
    public var year: Int { civil.year }

    /// The month, 1…12. Meaningless for the sentinels.
    public var month: Int { civil.month }

    /// The day of the month, 1…31. Meaningless for the sentinels.
    public var day: Int { civil.day }

    /// Year, month and day in one conversion.
    public var civil: (year: Int, month: Int, day: Int) {
        Day.civilFromDays(Int(ordinal))
    }

    /// `YYYY-MM-DD`, or `..` for ``distantPast`` and ``distantFuture``.
    ///
    /// Years 0000–9999 have exactly four digits; years outside that range (reachable only through
    /// ``adding(days:)`` or ``init(year:month:day:)``) are written with a `-` sign or more digits, as in
    /// ISO 8601's expanded form.
    public var description: String {
        if isOpenEnd { return ".." }
        let (year, month, day) = civil
        var text = Day.paddedYear(year)
        text += month < 10 ? "-0\(month)" : "-\(month)"
        text += day < 10 ? "-0\(day)" : "-\(day)"
        return text
    }

    /// The day `days` days after this one (before it if `days` is negative).
    ///
    /// The sentinels stay as they are, and a result beyond the representable range saturates to
    /// ``distantPast`` or ``distantFuture``.
    ///
    /// - Parameter days: How many days to move.
    /// - Returns: The moved day.
    public func adding(days: Int) -> Day {
        if isOpenEnd { return self }
        let (sum, overflow) = Int(ordinal).addingReportingOverflow(days)
        if overflow { return days < 0 ? .distantPast : .distantFuture }
        if sum <= Int(Int32.min) { return .distantPast }
        if sum >= Int(Int32.max) { return .distantFuture }
        return Day(ordinal: Int32(sum))
    }

    /// The number of days in a month: 28–31, taking leap years into account.
    ///
    /// - Parameters:
    ///   - month: 1…12.
    ///   - year: The proleptic Gregorian year (leap if divisible by 4, except centuries not divisible by 400).
    /// - Returns: The last day of the month, or 0 if `month` is not 1…12.
    public static func lastDay(ofMonth month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// Whether `year` is a leap year in the proleptic Gregorian calendar.
    ///
    /// - Parameter year: The year.
    /// - Returns: `true` for 2000 and 2024, `false` for 1900 and 2019.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Orders days by their ordinal; ``distantPast`` is first and ``distantFuture`` last.
    public static func < (lhs: Day, rhs: Day) -> Bool {
        lhs.ordinal < rhs.ordinal
    }

    // MARK: - Hinnant's algorithms

    /// Days since 1970-01-01 of a valid civil date.
    internal static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400  // [0, 399]
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1  // [0, 365]
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear  // [0, 146096]
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    internal static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097  // [0, 146096]
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365  // [0, 399]
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // [0, 365]
        let mp = (5 * dayOfYear + 2) / 153  // [0, 11], March-based
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// A year as at least four digits, with a leading `-` when negative.
    internal static func paddedYear(_ year: Int) -> String {
        let magnitude = String(year.magnitude)
        let padded = String(repeating: "0", count: max(0, 4 - magnitude.count)) + magnitude
        return year < 0 ? "-" + padded : padded
    }
}
