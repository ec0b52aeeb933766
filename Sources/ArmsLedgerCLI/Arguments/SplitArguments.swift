/// A command line split into options, values and the `--` terminator, before it is
/// matched against a ``CommandSpec``.
///
/// Splitting follows swift-argument-parser's `SplitArguments`, reduced to what ArmsLedger
/// needs (long options only, plus `-h`):
///
/// | argument | element |
/// |---|---|
/// | `--name` | `.option(name: "name", value: nil)` |
/// | `--name=value` | `.option(name: "name", value: "value")` (the value may be empty) |
/// | `-h` | `.option(name: "help", value: nil)` |
/// | `-x`, `-abc` (any other) | `.shortOption("-x")`, which the parser rejects |
/// | `--` | `.terminator`; every later argument is a `.value`, even `--help` |
/// | `-` | `.value("-")`: standard input |
/// | anything else | `.value` |
public struct SplitArguments: Sendable, Equatable {
    /// One classified argument.
    public enum Element: Sendable, Equatable {
        /// A long option, `--name` or `--name=value`; `name` has no dashes.
        case option(name: String, value: String?)
        /// A short option other than `-h`, as typed; ArmsLedger declares none.
        case shortOption(String)
        /// A plain argument: a positional, or the value of the preceding option.
        case value(String)
        /// The `--` that ends option parsing.
        case terminator
    }

    /// The elements, one per argument, in order.
    public var elements: [Element]

    /// Splits `arguments` (without the program name) with ``ArgumentSplitter``.
    ///
    /// - Parameter arguments: The arguments, e.g. `CommandLine.arguments.dropFirst()`.
    public init(_ arguments: [String]) {
        self = ArgumentSplitter.split(arguments)
    }

    /// Creates split arguments from elements.
    ///
    /// - Parameter elements: The elements, in order.
    public init(elements: [Element]) {
        self.elements = elements
    }
}
