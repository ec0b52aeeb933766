/// Declares one positional argument of a command, such as `<file>` of `append`.
public struct ArgumentSpec: Sendable, Equatable {
    /// The name shown in help and errors: `"file"` → `<file>`.
    public var name: String
    /// One or more sentences for the help screen.
    public var help: String
    /// Whether the argument may be left out. Optional arguments must follow required ones.
    public var optional: Bool

    /// Creates a positional argument specification.
    ///
    /// - Parameters:
    ///   - name: The name shown as `<name>`.
    ///   - help: Help text; wrapped by ``HelpFormatter``.
    ///   - optional: Whether the argument may be left out; `false` by default.
    public init(_ name: String, help: String, optional: Bool = false) {
        self.name = name
        self.help = help
        self.optional = optional
    }

    /// The argument as shown in usage lines: `<file>`, or `[<file>]` when optional.
    public var synopsis: String {
        optional ? "[<\(name)>]" : "<\(name)>"
    }
}
