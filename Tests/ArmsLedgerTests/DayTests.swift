import Testing
import ArmsLedger

@Suite("Day")
struct DayTests {
    @Test func epochIsOrdinalZero() throws {
        let epoch = try #require(Day(year: 1970, month: 1, day: 1))
        #expect(epoch.ordinal == 0)
        #expect(epoch.description == "1970-01-01")
    }

    /// Ordinals computed with python3 `(date(y, m, d) - date(1970, 1, 1)).days`.
    @Test(arguments: [
        (2018, 6, 14, 17696), (2000, 2, 29, 11016), (1, 1, 1, -719162), (9999, 12, 31, 2932896),
        (1969, 12, 31, -1), (2024, 2, 29, 19782), (1900, 3, 1, -25508),
    ])
    func ordinalsMatchPythonDatetime(year: Int, month: Int, day: Int, ordinal: Int32) throws {
        let value = try #require(Day(year: year, month: month, day: day))
        #expect(value.ordinal == ordinal)
        #expect(value.year == year)
        #expect(value.month == month)
        #expect(value.day == day)
        #expect(Day(ordinal: ordinal) == value)
    }

    @Test func roundTripsEveryDayOfFourHundredYears() {
        // One full Gregorian cycle, across the epoch and the 2000 leap century.
        var ordinal = Int32(-11_000)
        let end = Int32(-11_000 + 146_097)
        var expected = Day(ordinal: ordinal).civil
        while ordinal < end {
            let day = Day(ordinal: ordinal)
            let civil = day.civil
            #expect(civil == expected, "ordinal \(ordinal)")
            if civil != expected { return }
            #expect(Day(year: civil.year, month: civil.month, day: civil.day) == day)
            // Next expected civil date.
            if civil.day < Day.lastDay(ofMonth: civil.month, year: civil.year) {
                expected = (civil.year, civil.month, civil.day + 1)
            } else if civil.month < 12 {
                expected = (civil.year, civil.month + 1, 1)
            } else {
                expected = (civil.year + 1, 1, 1)
            }
            ordinal += 1
        }
    }

    @Test func leapYearsFollowTheGregorianRule() {
        #expect(Day.isLeapYear(2000))
        #expect(Day.isLeapYear(2024))
        #expect(!Day.isLeapYear(1900))
        #expect(!Day.isLeapYear(2019))
        #expect(Day(year: 2000, month: 2, day: 29) != nil)
        #expect(Day(year: 2024, month: 2, day: 29) != nil)
        #expect(Day(year: 1900, month: 2, day: 29) == nil)
        #expect(Day(year: 2019, month: 2, day: 29) == nil)
    }

    @Test func lastDayOfMonthKnowsEveryMonth() {
        let lengths2019 = (1...12).map { Day.lastDay(ofMonth: $0, year: 2019) }
        #expect(lengths2019 == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
        #expect(Day.lastDay(ofMonth: 2, year: 2024) == 29)
        #expect(Day.lastDay(ofMonth: 2, year: 1900) == 28)
        #expect(Day.lastDay(ofMonth: 0, year: 2024) == 0)
        #expect(Day.lastDay(ofMonth: 13, year: 2024) == 0)
    }

    @Test(arguments: [(2018, 0, 1), (2018, 13, 1), (2018, 4, 31), (2018, 1, 0), (2018, 1, 32), (2019, 2, 29)])
    func invalidComponentsAreRejected(year: Int, month: Int, day: Int) {
        #expect(Day(year: year, month: month, day: day) == nil)
    }

    @Test func descriptionPadsToFourDigitYears() {
        #expect(Day(year: 800, month: 3, day: 5)?.description == "0800-03-05")
        #expect(Day(year: 0, month: 1, day: 1)?.description == "0000-01-01")
        #expect(Day(year: 9999, month: 12, day: 31)?.description == "9999-12-31")
    }

    @Test func sentinelsPrintAsOpenEndsAndBracketEveryDay() throws {
        #expect(Day.distantPast.ordinal == Int32.min)
        #expect(Day.distantFuture.ordinal == Int32.max)
        #expect(Day.distantPast.description == "..")
        #expect(Day.distantFuture.description == "..")
        let day = try #require(Day(iso: "0000-01-01"))
        #expect(Day.distantPast < day)
        #expect(day < Day.distantFuture)
        #expect(Day.distantPast.isOpenEnd && Day.distantFuture.isOpenEnd && !day.isOpenEnd)
    }

    @Test func isoParsingAcceptsExactlyYearMonthDay() {
        #expect(Day(iso: "2018-06-14")?.ordinal == 17696)
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "0000-01-01") != nil)
    }

    @Test(arguments: [
        "", "2018", "2018-06", "2018-6-14", "2018-06-4", "18-06-14", "2018-06-14 ", " 2018-06-14",
        "2018/06/14", "2018-06-14T00:00:00Z", "20180-06-14", "-018-06-14", "2019-02-29", "2018-13-01",
        "2018-00-10", "2018-06-00", "2018-06-31", "２０１８-06-14",
    ])
    func isoParsingRejectsOtherShapes(text: String) {
        #expect(Day(iso: text) == nil)
    }

    @Test func addingDaysCrossesMonthsYearsAndLeapDays() throws {
        let day = try #require(Day(iso: "2024-02-28"))
        #expect(day.adding(days: 1).description == "2024-02-29")
        #expect(day.adding(days: 2).description == "2024-03-01")
        #expect(day.adding(days: -59).description == "2023-12-31")
        #expect(day.adding(days: 0) == day)
        #expect(day.adding(days: 366).description == "2025-02-28")
    }

    @Test func addingDaysLeavesSentinelsAndSaturates() throws {
        #expect(Day.distantPast.adding(days: 10) == .distantPast)
        #expect(Day.distantFuture.adding(days: -10) == .distantFuture)
        let day = try #require(Day(iso: "2018-06-14"))
        #expect(day.adding(days: Int.max) == .distantFuture)
        #expect(day.adding(days: Int.min) == .distantPast)
        #expect(day.adding(days: Int(Int32.max)) == .distantFuture)
    }

    @Test func daysOrderByOrdinal() throws {
        let a = try #require(Day(iso: "2018-12-31"))
        let b = try #require(Day(iso: "2019-01-01"))
        #expect(a < b)
        #expect([b, .distantFuture, a, .distantPast].sorted() == [.distantPast, a, b, .distantFuture])
    }
}
