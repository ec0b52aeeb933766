import Testing
import ArmsLedger

@Suite("EDTFDate")
struct EDTFDateTests {
    /// Every accepted form with its closed range of days.
    @Test(arguments: [
        ("2018", "2018-01-01", "2018-12-31", EDTFPrecision.year, EDTFQualifier.none),
        ("2018-06", "2018-06-01", "2018-06-30", .month, .none),
        ("2018-02", "2018-02-01", "2018-02-28", .month, .none),
        ("2024-02", "2024-02-01", "2024-02-29", .month, .none),
        ("2000-02", "2000-02-01", "2000-02-29", .month, .none),
        ("1900-02", "1900-02-01", "1900-02-28", .month, .none),
        ("2018-06-14", "2018-06-14", "2018-06-14", .day, .none),
        ("2024-02-29", "2024-02-29", "2024-02-29", .day, .none),
        ("2000-02-29", "2000-02-29", "2000-02-29", .day, .none),
        ("0000", "0000-01-01", "0000-12-31", .year, .none),
        ("9999-12-31", "9999-12-31", "9999-12-31", .day, .none),
        ("2018-21", "2018-03-01", "2018-05-31", .season, .none),
        ("2018-22", "2018-06-01", "2018-08-31", .season, .none),
        ("2018-23", "2018-09-01", "2018-11-30", .season, .none),
        ("2018-24", "2018-12-01", "2019-02-28", .season, .none),
        ("2023-24", "2023-12-01", "2024-02-29", .season, .none),
        ("1899-24", "1899-12-01", "1900-02-28", .season, .none),
        ("1999-24", "1999-12-01", "2000-02-29", .season, .none),
        ("2016-10-14?", "2016-10-14", "2016-10-14", .day, .uncertain),
        ("2018-06~", "2018-06-01", "2018-06-30", .month, .approximate),
        ("2018%", "2018-01-01", "2018-12-31", .year, .uncertainAndApproximate),
        ("2018-22?", "2018-06-01", "2018-08-31", .season, .uncertain),
        ("2018/2022", "2018-01-01", "2022-12-31", .interval, .none),
        ("2018-06/2019-03", "2018-06-01", "2019-03-31", .interval, .none),
        ("2018-06-14/2018-07", "2018-06-14", "2018-07-31", .interval, .none),
        ("2018-24/2019-03", "2018-12-01", "2019-03-31", .interval, .none),
        ("2018~/2022", "2018-01-01", "2022-12-31", .interval, .none),
        ("2018-06?/2018-09%", "2018-06-01", "2018-09-30", .interval, .none),
        ("2018/2018", "2018-01-01", "2018-12-31", .interval, .none),
        ("2018-06-14/2018-06-14", "2018-06-14", "2018-06-14", .interval, .none),
        ("2018/2018-06", "2018-01-01", "2018-06-30", .interval, .none),
        ("2023-09/..", "2023-09-01", "..", .interval, .none),
        ("../1999", "..", "1999-12-31", .interval, .none),
        ("../1999-06-14?", "..", "1999-06-14", .interval, .none),
    ])
    func validFormsStandForTheirRangeOfDays(
        text: String, lower: String, upper: String, precision: EDTFPrecision, qualifier: EDTFQualifier
    ) throws {
        let date = try EDTFDate(parsing: text)
        #expect(date.text == text)
        #expect(date.description == text)
        #expect(date.lower.description == lower)
        #expect(date.upper.description == upper)
        #expect(date.precision == precision)
        #expect(date.qualifier == qualifier)

        let fromBytes = try Array(text.utf8).withUnsafeBytes { (raw) throws(EDTFError) in
            try EDTFDate(parsing: raw)
        }
        #expect(fromBytes == date)
        #expect(try EDTFDate(parsing: Substring(text)) == date)
    }

    @Test func openEndsAreTheSentinelDays() throws {
        #expect(try EDTFDate(parsing: "2023-09/..").upper == Day.distantFuture)
        #expect(try EDTFDate(parsing: "../1999").lower == Day.distantPast)
    }

    /// Every rejected form with the exact message a user sees.
    @Test(arguments: [
        ("", #""": empty date; expected an EDTF date such as 2018, 2018-06, 2018-06-14, 2018-21 or 2018/2022"#),
        ("2018-13", #""2018-13": month must be 01–12 or a season 21–24, got 13"#),
        ("2018-00", #""2018-00": month must be 01–12 or a season 21–24, got 00"#),
        ("2018-25", #""2018-25": month must be 01–12 or a season 21–24, got 25"#),
        ("2018-20", #""2018-20": month must be 01–12 or a season 21–24, got 20"#),
        ("2019-02-29", #""2019-02-29": 2019 has no February 29 (not a leap year)"#),
        ("1900-02-29", #""1900-02-29": 1900 has no February 29 (not a leap year)"#),
        ("2024-02-30", #""2024-02-30": February 2024 has only 29 days, got day 30"#),
        ("2018-04-31", #""2018-04-31": April has only 30 days, got day 31"#),
        ("2018-06-32", #""2018-06-32": day must be 01–31, got 32"#),
        ("2018-06-00", #""2018-06-00": day must be 01–31, got 00"#),
        ("2022/2018", #""2022/2018": interval ends (2018) before it starts (2022)"#),
        ("2018-06/2018-05", #""2018-06/2018-05": interval ends (2018-05) before it starts (2018-06)"#),
        ("2018-6", #""2018-6": month needs two digits (01–12, or a season 21–24), got "6""#),
        ("2018-006", #""2018-006": month needs two digits (01–12, or a season 21–24), got "006""#),
        ("2018-06-4", #""2018-06-4": day needs two digits (01–31), got "4""#),
        ("20180", #""20180": year must be exactly 4 digits 0000–9999, got "20180" (years after 9999 are not supported)"#),
        ("218", #""218": year must be exactly 4 digits 0000–9999, got "218" (pad with zeros: 0800)"#),
        ("-0500", #""-0500": negative years are not supported; a year must be 0000–9999"#),
        ("-0500/2018", #""-0500/2018": negative years are not supported; a year must be 0000–9999"#),
        ("2018-06-14x", #""2018-06-14x": unexpected "x" at position 11, expected a qualifier (?, ~, %) or the end of the date"#),
        ("2018x", #""2018x": unexpected "x" at position 5, expected "-" and a month, a qualifier (?, ~, %) or the end of the date"#),
        ("2018-06 ", #""2018-06 ": unexpected space at position 8, expected "-" and a day, a qualifier (?, ~, %) or the end of the date"#),
        (" 2018", #"" 2018": unexpected space at position 1, expected a 4-digit year"#),
        ("2018 / 2022", #""2018 / 2022": unexpected space at position 5, expected "-" and a month, a qualifier (?, ~, %) or the end of the date"#),
        ("2018-06-14\t", #""2018-06-14\#t": unexpected tab at position 11, expected a qualifier (?, ~, %) or the end of the date"#),
        ("2018??", #""2018??": unexpected "?" at position 6, expected the end of the date; a qualifier (?, ~, %) may only end a date"#),
        ("2018?-06", #""2018?-06": unexpected "-" at position 6, expected the end of the date; a qualifier (?, ~, %) may only end a date"#),
        ("2018-", #""2018-": the date ends too early, expected a 2-digit month 01–12 or a season 21–24"#),
        ("2018-06-", #""2018-06-": the date ends too early, expected a 2-digit day 01–31"#),
        ("2018-/2019", #""2018-/2019": unexpected "/" at position 6, expected a 2-digit month 01–12 or a season 21–24"#),
        ("2018-21-05", #""2018-21-05": a season (21–24) cannot be followed by a day; write a month instead, e.g. 2018-06-14"#),
        ("June 2018", #""June 2018": unexpected "J" at position 1, expected a 4-digit year"#),
        ("2018-06-14T10:00:00Z", #""2018-06-14T10:00:00Z": unexpected "T" at position 11, expected a qualifier (?, ~, %) or the end of the date"#),
        ("é2018", #""é2018": unexpected "é" at position 1, expected a 4-digit year"#),
        ("2018é", #""2018é": unexpected "é" at position 5, expected "-" and a month, a qualifier (?, ~, %) or the end of the date"#),
        ("..", #""..": an open end ".." is only allowed as one end of an interval, e.g. 2023-09/.. or ../1999"#),
        ("../..", #""../..": an interval needs at least one closed end; "../.." is not allowed"#),
        ("/2018", #""/2018": the interval has no start; write a date or ".." (open start) before "/""#),
        ("2018/", #""2018/": the interval has no end; write a date or ".." (open end) after "/""#),
        ("2018/2019/2020", #""2018/2019/2020": unexpected "/" at position 10, expected the end of the interval; an interval has one "/""#),
        ("2018/..~", #""2018/..~": unexpected "~" at position 8, expected "/" after the open end "..""#),
        ("2018/.", #""2018/.": unexpected "." at position 6, expected a 4-digit year"#),
        ("2018/2019-13", #""2018/2019-13": month must be 01–12 or a season 21–24, got 13"#),
    ])
    func invalidFormsExplainWhatIsWrong(text: String, message: String) {
        #expect(throws: (any Error).self) { try EDTFDate(parsing: text) }
        do throws(EDTFError) {
            _ = try EDTFDate(parsing: text)
        } catch {
            #expect(error.description == message)
            #expect(error.text == text)
            let fromBytes = Array(text.utf8).withUnsafeBytes { raw -> EDTFError? in
                do throws(EDTFError) { _ = try EDTFDate(parsing: raw) } catch { return error }
                return nil
            }
            #expect(fromBytes == error)
        }
    }

    @Test func errorsCarryStructuredContext() {
        #expect(throws: EDTFError.invalidMonth(text: "2018-13", month: 13)) { try EDTFDate(parsing: "2018-13") }
        #expect(throws: EDTFError.nonexistentDay(text: "2019-02-29", year: 2019, month: 2, day: 29)) {
            try EDTFDate(parsing: "2019-02-29")
        }
        #expect(throws: EDTFError.intervalReversed(text: "2022/2018", start: "2022", end: "2018")) {
            try EDTFDate(parsing: "2022/2018")
        }
        #expect(throws: EDTFError.empty) { try EDTFDate(parsing: "") }
        #expect(throws: EDTFError.bothEndsOpen(text: "../..")) { try EDTFDate(parsing: "../..") }
    }

    @Test func singleDayAndDayMonthOrYearClassifyForms() throws {
        #expect(try EDTFDate(parsing: "2018-06-14").isSingleDay)
        #expect(try EDTFDate(parsing: "2018-06-14?").isSingleDay)
        #expect(try EDTFDate(parsing: "2018-06-14/2018-06-14").isSingleDay)
        #expect(try !EDTFDate(parsing: "2018-06").isSingleDay)
        #expect(try !EDTFDate(parsing: "2018").isSingleDay)

        for text in ["2018", "2018-06", "2018-06-14", "2018~", "2016-10-14?"] {
            #expect(try EDTFDate(parsing: text).isDayMonthOrYear, "\(text)")
        }
        for text in ["2018-21", "2018-24?", "2018/2022", "2023-09/..", "../1999"] {
            #expect(try !EDTFDate(parsing: text).isDayMonthOrYear, "\(text)")
        }
    }

    @Test func winterSpansTheYearEnd() throws {
        let winter = try EDTFDate(parsing: "2018-24")
        #expect(winter.lower.year == 2018)
        #expect(winter.upper.year == 2019)
        let winterDays = Int(winter.upper.ordinal) - Int(winter.lower.ordinal) + 1
        #expect(winterDays == 90)
        let leapWinter = try EDTFDate(parsing: "2023-24")
        let leapWinterDays = Int(leapWinter.upper.ordinal) - Int(leapWinter.lower.ordinal) + 1
        #expect(leapWinterDays == 91)
        let lastWinter = try EDTFDate(parsing: "9999-24")
        #expect(lastWinter.upper.description == "10000-02-29")
    }

    /// Every string of up to four characters over a small alphabet, and mutations of valid dates:
    /// parsing never traps, a parsed range is never empty, and errors quote the input.
    @Test func arbitraryInputNeverCrashes() {
        let alphabet: [Character] = ["0", "1", "2", "9", "-", "/", ".", "?", "~", " "]
        var texts: [String] = [""]
        var frontier: [String] = [""]
        for _ in 1...4 {
            frontier = frontier.flatMap { prefix in alphabet.map { prefix + String($0) } }
            texts += frontier
        }
        for valid in ["2018-06-14/2018-07", "2018-24?", "../1999", "2023-09/.."] {
            for index in valid.indices {
                for replacement in alphabet {
                    var mutated = valid
                    mutated.replaceSubrange(index...index, with: String(replacement))
                    texts.append(mutated)
                }
                var shortened = valid
                shortened.remove(at: index)
                texts.append(shortened)
            }
        }
        var accepted = 0
        for text in texts {
            do throws(EDTFError) {
                let date = try EDTFDate(parsing: text)
                #expect(date.lower <= date.upper, "\(text)")
                accepted += 1
            } catch {
                #expect(error.text == text)
                #expect(error.description.hasPrefix("\"\(text)\": "))
            }
        }
        #expect(accepted > 0)
    }

    @Test func qualifierSymbolsRoundTrip() {
        #expect(EDTFQualifier.allCases.map(\.symbol) == ["", "?", "~", "%"])
        #expect(EDTFPrecision.allCases.map(\.description) == ["day", "month", "year", "season", "interval"])
    }
}
