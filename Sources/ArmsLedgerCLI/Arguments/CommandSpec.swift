/// Declares one command: its name, what it does, its options and positional arguments.
///
/// ```swift
/// let append = CommandSpec(
///     name: "append",
///     abstract: "Validate and append events.",
///     options: [.flag("dry-run", help: "Validate only; write nothing.")],
///     positionals: [ArgumentSpec("file", help: "Events to append, or - for standard input.", optional: true)])
/// let parsed = try append.parse(["--dry-run", "-"])
/// parsed.flag("dry-run")      // true
/// parsed.positional("file")   // "-"
/// ```
///
/// `--help` (alias `-h`) is implicit: every command accepts it and ``HelpFormatter`` lists it.
public struct CommandSpec: Sendable, Equatable {
    /// The command's name as typed, e.g. `"balance-of-power"`.
    public var name: String
    /// A one-line summary, shown in the tool's command list and as the help's OVERVIEW.
    public var abstract: String
    /// Longer text for the help screen; may be empty. Paragraphs are separated by blank
    /// lines; lines are re-wrapped to the help's width.
    public var discussion: String
    /// The options, in the order the help lists them.
    public var options: [OptionSpec]
    /// The positional arguments, required ones first.
    public var positionals: [ArgumentSpec]

    /// Creates a command specification.
    ///
    /// - Parameters:
    ///   - name: The command's name as typed.
    ///   - abstract: A one-line summary.
    ///   - discussion: Longer help text; empty by default.
    ///   - options: The options; `--help` is added implicitly, do not declare it.
    ///   - positionals: The positional arguments; optional ones must come last.
    public init(name: String, abstract: String, discussion: String = "", options: [OptionSpec] = [], positionals: [ArgumentSpec] = []) {
        precondition(
            !positionals.drop(while: { !$0.optional }).contains(where: { !$0.optional }),
            "optional positional arguments must follow the required ones")
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.positionals = positionals
    }

    /// The implicit `--help` flag every command and the tool accept (alias `-h`).
    public static let helpOption = OptionSpec.flag("help", help: "Show help information.")

    /// Returns the declared option with this name, if any.
    ///
    /// - Parameter name: The long name without dashes.
    public func option(named name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }
}
