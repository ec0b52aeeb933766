import ArmsLedger

/// A command line that does not match the command's specification; exit status 2.
///
/// ``description`` is the message without the `error: ` prefix, which the caller adds.
/// Text the user typed is passed through `TerminalText.sanitize(_:)` before it is echoed.
/// Option names are stored without dashes when they are declared options (`"as-of"`),
/// and as typed when they are not (`"--asof"`, `"-x"`).
public enum UsageError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An option the command does not declare, as typed, with the closest declared option
    /// (as typed, e.g. `"--as-of"`) when one is within two edits.
    ///
    /// `unknown option '--asof'; did you mean '--as-of'?`
    case unknownOption(String, suggestion: String?)
    /// An option that takes a value was given none: at the end of the line, before `--`,
    /// or before another option.
    ///
    /// `missing value for '--as-of <date>'`
    case missingValue(option: String, valueName: String)
    /// A flag was given a value with `=`.
    ///
    /// `option '--dry-run' takes no value`
    case unexpectedValue(option: String)
    /// An option that is not repeatable was given more than once.
    ///
    /// `'--as-of' given twice`
    case repeatedOption(String)
    /// A required positional argument is missing.
    ///
    /// `missing argument <file>`
    case missingArgument(String)
    /// A positional argument beyond those the command declares.
    ///
    /// `unexpected argument 'x'`
    case unexpectedArgument(String)
    /// A command name the tool does not know, with the closest command within two edits.
    ///
    /// `unknown command 'regster'; did you mean 'register'?`
    case unknownCommand(String, suggestion: String?)
    /// A value the command cannot use, for commands to throw after parsing.
    ///
    /// `invalid value 'xml' for '--format <format>': expected one of table, json, csv, md`
    case invalidValue(option: String, valueName: String, value: String, reason: String)

    /// The message, naming the offending argument and, where possible, the fix.
    public var description: String {
        func q(_ s: String) -> String { TerminalText.sanitize(s) }
        switch self {
        case .unknownOption(let option, let suggestion):
            return "unknown option '\(q(option))'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .missingValue(let option, let valueName):
            return "missing value for '--\(option) <\(valueName)>'"
        case .unexpectedValue(let option):
            return "option '--\(option)' takes no value"
        case .repeatedOption(let option):
            return "'--\(option)' given twice"
        case .missingArgument(let name):
            return "missing argument <\(name)>"
        case .unexpectedArgument(let value):
            return "unexpected argument '\(q(value))'"
        case .unknownCommand(let name, let suggestion):
            return "unknown command '\(q(name))'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .invalidValue(let option, let valueName, let value, let reason):
            return "invalid value '\(q(value))' for '--\(option) <\(valueName)>': \(reason)"
        }
    }
}
