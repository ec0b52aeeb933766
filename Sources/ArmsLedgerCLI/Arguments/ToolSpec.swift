/// Declares the whole tool: its global options and its commands, for parsing a full
/// command line (`armsledger [--ledger <path>] <command> [options] …`) and for the
/// top-level help.
public struct ToolSpec: Sendable, Equatable {
    /// What a command line asks for.
    public enum Invocation: Sendable, Equatable {
        /// Show help: the tool's when `command` is nil, else that command's.
        case help(command: CommandSpec?)
        /// Print the version (`--version` before the command name).
        case version
        /// Run `command`. `arguments` holds the command's options and positionals and the
        /// global options, whether they were given before or after the command name.
        case run(command: CommandSpec, arguments: ParsedArguments)
    }

    /// The program's name, e.g. `"armsledger"`.
    public var name: String
    /// A one-line summary, shown as the top-level OVERVIEW.
    public var abstract: String
    /// Longer text for the top-level help; may be empty.
    public var discussion: String
    /// The version `--version` prints.
    public var version: String
    /// Options every command accepts, before or after its name, e.g. `--ledger <path>`.
    public var globalOptions: [OptionSpec]
    /// The commands, in the order the help lists them.
    public var commands: [CommandSpec]

    /// Creates a tool specification.
    ///
    /// - Parameters:
    ///   - name: The program's name.
    ///   - abstract: A one-line summary.
    ///   - discussion: Longer help text; empty by default.
    ///   - version: The version string.
    ///   - globalOptions: Options accepted by every command; `--help` and `--version` are
    ///     implicit.
    ///   - commands: The commands.
    public init(name: String, abstract: String, discussion: String = "", version: String, globalOptions: [OptionSpec] = [], commands: [CommandSpec]) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.version = version
        self.globalOptions = globalOptions
        self.commands = commands
    }

    /// The implicit `--version` flag.
    public static let versionOption = OptionSpec.flag("version", help: "Show the version.")

    /// Returns the command with this name, if any.
    ///
    /// - Parameter name: The command's name as typed.
    public func command(named name: String) -> CommandSpec? {
        commands.first { $0.name == name }
    }

    /// Parses a full command line.
    ///
    /// Global options may come before the command name (and after it, parsed with the
    /// command's own options). Before the command name, `--help`/`-h` and `--version` end
    /// parsing at once. An empty command line asks for the top-level help.
    ///
    /// - Parameter arguments: The arguments without the program name.
    /// - Returns: What to do.
    /// - Throws: ``UsageError``, e.g. ``UsageError/unknownCommand(_:suggestion:)`` with the
    ///   closest command name within two edits.
    public func parse(_ arguments: [String]) throws(UsageError) -> Invocation {
        let elements = ArgumentSplitter.split(arguments).elements[...]
        let known = globalOptions + [Self.versionOption, CommandSpec.helpOption]
        var global = ParsedArguments()
        var index = elements.startIndex
        while index < elements.endIndex {
            switch elements[index] {
            case .option(name: "help", value: nil):
                return .help(command: nil)
            case .option(name: "version", value: nil):
                return .version
            case .option, .shortOption:
                index = try CommandSpec.consumeOption(at: index, in: elements, known: known, into: &global)
            case .terminator:
                index += 1
            case .value(let name):
                guard let command = command(named: name) else {
                    throw .unknownCommand(name, suggestion: Levenshtein.suggestion(for: name, among: commands.map(\.name)))
                }
                let parsed = try command.parse(elements[(index + 1)...], additionalOptions: globalOptions, into: global)
                return parsed.helpRequested ? .help(command: command) : .run(command: command, arguments: parsed)
            }
        }
        return .help(command: nil)
    }
}
