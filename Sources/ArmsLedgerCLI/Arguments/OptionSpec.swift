/// Declares one long option of a command: a flag (`--dry-run`) or an option with a value
/// (`--as-of <date>`).
public struct OptionSpec: Sendable, Equatable {
    /// The long name without dashes, e.g. `"as-of"` for `--as-of`.
    public var name: String
    /// The value's name shown in help and errors (`"date"` → `<date>`); nil for a flag.
    public var valueName: String?
    /// One or more sentences for the help screen.
    public var help: String
    /// Whether the option may be given more than once; all values are kept in order.
    public var repeatable: Bool

    /// Creates an option specification.
    ///
    /// - Parameters:
    ///   - name: The long name without dashes, e.g. `"as-of"`.
    ///   - valueName: The value's name, e.g. `"date"`; nil declares a flag.
    ///   - help: Help text; wrapped by ``HelpFormatter``.
    ///   - repeatable: Whether the option may be given more than once.
    public init(_ name: String, valueName: String? = nil, help: String, repeatable: Bool = false) {
        self.name = name
        self.valueName = valueName
        self.help = help
        self.repeatable = repeatable
    }

    /// Declares a flag, an option that takes no value.
    ///
    /// - Parameters:
    ///   - name: The long name without dashes, e.g. `"dry-run"`.
    ///   - help: Help text.
    ///   - repeatable: Whether the flag may be given more than once.
    /// - Returns: The specification.
    public static func flag(_ name: String, help: String, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name, valueName: nil, help: help, repeatable: repeatable)
    }

    /// Declares an option that takes a value.
    ///
    /// - Parameters:
    ///   - name: The long name without dashes, e.g. `"as-of"`.
    ///   - valueName: The value's name, e.g. `"date"`.
    ///   - help: Help text.
    ///   - repeatable: Whether the option may be given more than once.
    /// - Returns: The specification.
    public static func option(_ name: String, valueName: String, help: String, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name, valueName: valueName, help: help, repeatable: repeatable)
    }

    /// Whether this option is a flag (takes no value).
    public var isFlag: Bool { valueName == nil }

    /// The option as typed: `"--as-of"`.
    public var spelling: String { "--" + name }

    /// The option with its value, as shown in help and errors: `"--as-of <date>"` or
    /// `"--dry-run"`.
    public var synopsis: String {
        guard let valueName else { return spelling }
        return "\(spelling) <\(valueName)>"
    }
}
