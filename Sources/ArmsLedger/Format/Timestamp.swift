#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An instant in UTC, to the second, written in RFC 3339 as `YYYY-MM-DDTHH:MM:SSZ`.
///
/// This is the form of a ledger line's `recorded` field. Only that exact form is accepted: uppercase
/// `T` and `Z`, a 4-digit year 0000–9999, no fractional seconds, no numeric offsets (`+00:00`), and no
/// leap second `:60`. Keeping one spelling per instant means a timestamp prints back byte for byte as
/// it was read.
public struct Timestamp: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z, ignoring leap seconds (POSIX time).
    public let secondsSinceEpoch: Int64

    /// Creates the timestamp a number of seconds after the epoch.
    ///
    /// - Parameter secondsSinceEpoch: Seconds since 1970-01-01T00:00:00Z (negative before it).
    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ`.
    ///
    /// - Parameter rfc3339: The text, e.g. `2026-11-23T10:00:00Z`.
    /// - Returns: `nil` for any other shape (lowercase `t`/`z`, fractional seconds, an offset, spaces)
    ///   or an impossible date or time (`2019-02-29`, hour 24, second 60).
    public init?(rfc3339: some StringProtocol) {
        self.init(rfc3339UTF8: rfc3339.utf8)
    }

    /// ``init(rfc3339:)`` from the text's UTF-8 bytes (the ledger's fast line check reads them in place).
    init?(rfc3339UTF8 utf8: some Sequence<UInt8>) {
        // Field values: year, month, day, hour, minute, second.
        var fields: (Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0)
        var index = 0
        for byte in utf8 {
            switch index {
            case 4, 7:
                guard byte == UInt8(ascii: "-") else { return nil }
            case 10:
                guard byte == UInt8(ascii: "T") else { return nil }
            case 13, 16:
                guard byte == UInt8(ascii: ":") else { return nil }
            case 19:
                guard byte == UInt8(ascii: "Z") else { return nil }
            case 0..<19:
                let digit = Int(byte &- UInt8(ascii: "0"))
                guard digit < 10, byte >= UInt8(ascii: "0") else { return nil }
                switch index {
                case 0..<4: fields.0 = fields.0 * 10 + digit
                case 5, 6: fields.1 = fields.1 * 10 + digit
                case 8, 9: fields.2 = fields.2 * 10 + digit
                case 11, 12: fields.3 = fields.3 * 10 + digit
                case 14, 15: fields.4 = fields.4 * 10 + digit
                default: fields.5 = fields.5 * 10 + digit
                }
            default:
                return nil
            }
            index += 1
        }
        guard index == 20, fields.3 < 24, fields.4 < 60, fields.5 < 60,
            let day = Day(year: fields.0, month: fields.1, day: fields.2)
        else { return nil }
        let seconds = Int64(day.ordinal) * 86_400 + Int64(fields.3 * 3600 + fields.4 * 60 + fields.5)
        self.init(secondsSinceEpoch: seconds)
    }

    /// The current time from the system clock (`time(2)`), truncated to the second.
    ///
    /// - Returns: Now, in UTC.
    public static func now() -> Timestamp {
        Timestamp(secondsSinceEpoch: Int64(time(nil)))
    }

    /// The UTC calendar day of this instant.
    public var day: Day {
        let (days, _) = floorDivision(secondsSinceEpoch, by: 86_400)
        return Day(ordinal: Int32(clamping: days))
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, exactly as ``init(rfc3339:)`` reads it.
    public var description: String {
        let (hour, minute, second) = timeOfDay
        return "\(day)T\(Self.two(hour)):\(Self.two(minute)):\(Self.two(second))Z"
    }

    /// `YYYYMMDDTHHMMSSZ`: the basic ISO 8601 form without separators, for file names
    /// (e.g. the quarantine file of `repair`).
    public var compactUTC: String {
        let (year, month, dayOfMonth) = day.civil
        let (hour, minute, second) = timeOfDay
        return Day.paddedYear(year) + Self.two(month) + Self.two(dayOfMonth)
            + "T" + Self.two(hour) + Self.two(minute) + Self.two(second) + "Z"
    }

    /// Orders timestamps chronologically.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    private var timeOfDay: (hour: Int, minute: Int, second: Int) {
        let (_, secondOfDay) = floorDivision(secondsSinceEpoch, by: 86_400)
        let value = Int(secondOfDay)
        return (value / 3600, value / 60 % 60, value % 60)
    }

    private func floorDivision(_ value: Int64, by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    private static func two(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
