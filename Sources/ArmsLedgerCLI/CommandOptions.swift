import ArmsLedger

/// Options shared by several commands and how to read them.
enum CommandOptions {
    static let asOf = OptionSpec.option("as-of", valueName: "date", help: "Replay what had happened by this date (EDTF day, month or year; a month or year means its last day).")
    static let knownAt = OptionSpec.option("known-at", valueName: "date", help: "Replay only what could be known at this date (the earliest date of an event's sources).")
    static let strictDates = OptionSpec.flag("strict-dates", help: "Count an event only when its whole date range lies on or before --as-of (otherwise it counts, marked uncertain-date).")
    static let format = OptionSpec.option("format", valueName: "format", help: "Output format: table (default), json, csv or md.")

    /// The options every projection command takes.
    static let projection = [asOf, knownAt, strictDates, format]

    /// Reads a date option: an EDTF day, month or year, or a usage error.
    static func date(_ arguments: ParsedArguments, _ name: String) throws(CLIError) -> EDTFDate? {
        guard let text = arguments.value(name) else { return nil }
        let date: EDTFDate
        do { date = try EDTFDate(parsing: text) } catch {
            throw .usage("invalid value '\(TerminalText.sanitize(text))' for '--\(name) <date>': \(error)")
        }
        guard date.isDayMonthOrYear, date.qualifier == .none else {
            throw .usage("invalid value '\(TerminalText.sanitize(text))' for '--\(name) <date>': give a day, month or year such as 2020-09-27, 2020-09 or 2020")
        }
        return date
    }

    /// The replay clock from `--as-of`, `--known-at` and `--strict-dates`.
    static func clock(_ arguments: ParsedArguments) throws(CLIError) -> ReplayClock {
        ReplayClock(asOf: try date(arguments, "as-of"), knownAt: try date(arguments, "known-at"),
                    strictDates: arguments.flag("strict-dates"))
    }

    /// The `--format` value (default table).
    static func reportFormat(_ arguments: ParsedArguments) throws(CLIError) -> ReportFormat {
        guard let text = arguments.value("format") else { return .table }
        guard let format = ReportFormat(rawValue: text) else {
            throw .usage("invalid value '\(TerminalText.sanitize(text))' for '--format <format>': use table, json, csv or md")
        }
        return format
    }

    /// An actor code argument or option, or a usage error.
    static func actor(_ text: String, what: String) throws(CLIError) -> ActorCode {
        guard let code = ActorCode(text.uppercased()) else {
            throw .usage("invalid \(what) '\(TerminalText.sanitize(text))': give an actor code such as ARM")
        }
        return code
    }

    /// Prints a report in the requested format.
    static func print(_ report: Report, _ arguments: ParsedArguments, _ context: CommandContext) throws(CLIError) {
        let format = try reportFormat(arguments)
        context.io.out(ReportRenderer.render(report, as: format, width: context.io.terminalWidth))
    }
}
