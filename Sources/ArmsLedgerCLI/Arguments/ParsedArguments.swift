/// The result of parsing a command line against a ``CommandSpec``.
///
/// Look options up by their long name without dashes: `parsed.value("as-of")`.
public struct ParsedArguments: Sendable, Equatable {
    /// Values given to options, by option name, in command-line order.
    var optionValues: [String: [String]]
    /// How many times each flag was given, by name.
    var flagCounts: [String: Int]
    /// The positional arguments, in order (including everything after `--`).
    public var positionals: [String]
    /// Positional values by the name of the ``ArgumentSpec`` they filled.
    var namedPositionals: [String: String] = [:]
    /// Whether `--help` or `-h` appeared before any `--`. When true, the parser stopped
    /// checking the rest of the line, so options and positionals may be incomplete.
    public var helpRequested: Bool

    /// Creates parsed arguments directly, e.g. for tests of a command.
    ///
    /// - Parameters:
    ///   - values: Values of options that take one, by name without dashes.
    ///   - flags: Names of the flags that were given.
    ///   - positionals: The positional arguments.
    ///   - named: The positional arguments by name, as ``positional(_:)`` returns them.
    ///   - helpRequested: Whether help was asked for.
    public init(values: [String: [String]] = [:], flags: Set<String> = [], positionals: [String] = [], named: [String: String] = [:], helpRequested: Bool = false) {
        self.namedPositionals = named
        self.optionValues = values
        self.flagCounts = Dictionary(uniqueKeysWithValues: flags.map { ($0, 1) })
        self.positionals = positionals
        self.helpRequested = helpRequested
    }

    /// Returns the value of an option, or nil when it was not given. For a repeatable
    /// option given several times, returns the last value.
    ///
    /// - Parameter name: The long name without dashes, e.g. `"as-of"`.
    public func value(_ name: String) -> String? {
        optionValues[name]?.last
    }

    /// Returns every value given to an option, in command-line order; empty when not given.
    ///
    /// - Parameter name: The long name without dashes, e.g. `"type"`.
    public func values(_ name: String) -> [String] {
        optionValues[name] ?? []
    }

    /// Returns the positional argument that filled the ``ArgumentSpec`` with this name, or
    /// nil when an optional argument was left out.
    ///
    /// - Parameter name: The argument's name, e.g. `"file"`.
    public func positional(_ name: String) -> String? {
        namedPositionals[name]
    }

    /// Returns whether a flag was given.
    ///
    /// - Parameter name: The long name without dashes, e.g. `"dry-run"`.
    public func flag(_ name: String) -> Bool {
        (flagCounts[name] ?? 0) > 0
    }

    /// Returns how many times a flag was given (for repeatable flags such as `--verbose`).
    ///
    /// - Parameter name: The long name without dashes.
    public func flagCount(_ name: String) -> Int {
        flagCounts[name] ?? 0
    }

    /// Records a value for an option.
    mutating func append(value: String, for name: String) {
        optionValues[name, default: []].append(value)
    }

    /// Records one occurrence of a flag.
    mutating func raise(flag name: String) {
        flagCounts[name, default: 0] += 1
    }

    /// Whether an option or flag has been recorded at least once.
    func contains(_ name: String) -> Bool {
        optionValues[name] != nil || flagCounts[name] != nil
    }
}
