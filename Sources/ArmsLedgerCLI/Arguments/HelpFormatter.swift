import ArmsLedger

/// Renders `--help` screens in the layout of swift-argument-parser.
///
/// A command's help:
/// ```
/// OVERVIEW: Validate and append events.
///
/// Events are checked against the ledger first; nothing is written unless all of
/// them are valid.
///
/// USAGE: armsledger [--ledger <path>] append [options] [<file>]
///
/// ARGUMENTS:
///   <file>                  Events to append, one JSON object a line, or - for
///                           standard input.
///
/// OPTIONS:
///   --dry-run               Validate only; write nothing.
///   -h, --help              Show help information.
/// ```
///
/// Sections appear in argument-parser's order: OVERVIEW (the abstract), the discussion,
/// USAGE, ARGUMENTS, OPTIONS, and for the tool SUBCOMMANDS. Labels are indented two
/// columns; help text starts at column 26 (on the next line when the label is too long)
/// and is word-wrapped to ``width``. Explicit line breaks in help text and discussions
/// are kept. Value names are shown as `<name>`, as in error messages
/// (`[--ledger <path>]`). Every screen ends with one `"\n"`.
public struct HelpFormatter: Sendable {
    /// The width to wrap to, in columns; 80 by default.
    public var width: Int

    /// The column where help text starts.
    static let helpColumn = 26

    /// Creates a formatter.
    ///
    /// - Parameter width: The width to wrap to; 80 by default.
    public init(width: Int = 80) {
        self.width = width
    }

    /// Renders the help screen of one command of `tool`.
    ///
    /// - Parameters:
    ///   - command: The command.
    ///   - tool: The tool it belongs to (for the program name and global options).
    /// - Returns: The help text, ending with `"\n"`.
    public func help(for command: CommandSpec, in tool: ToolSpec) -> String {
        var sections: [String] = []
        sections.append(overview(command.abstract, discussion: command.discussion))
        sections.append(usage(for: command, in: tool))
        if !command.positionals.isEmpty {
            sections.append(section("ARGUMENTS:", command.positionals.map { ("<\($0.name)>", $0.help) }))
        }
        let options = command.options.map { ($0.synopsis, $0.help) } + [helpRow]
        sections.append(section("OPTIONS:", options))
        return sections.filter { !$0.isEmpty }.joined(separator: "\n\n") + "\n"
    }

    /// Renders the tool's top-level help: overview, usage, global options and the list of
    /// commands with their abstracts.
    ///
    /// - Parameter tool: The tool.
    /// - Returns: The help text, ending with `"\n"`.
    public func help(for tool: ToolSpec) -> String {
        var sections: [String] = []
        sections.append(overview(tool.abstract, discussion: tool.discussion))
        sections.append(usage(for: tool))
        let options = tool.globalOptions.map { ($0.synopsis, $0.help) }
            + [(ToolSpec.versionOption.synopsis, ToolSpec.versionOption.help), helpRow]
        sections.append(section("OPTIONS:", options))
        if !tool.commands.isEmpty {
            sections.append(section("SUBCOMMANDS:", tool.commands.map { ($0.name, $0.abstract) }))
            sections.append(wrap("See '\(tool.name) <subcommand> --help' for detailed help.", indent: 2).joined(separator: "\n"))
        }
        return sections.filter { !$0.isEmpty }.joined(separator: "\n\n") + "\n"
    }

    /// Renders a command's usage line, wrapped with a hanging indent when too long:
    /// `USAGE: armsledger [--ledger <path>] append [options] [<file>]`.
    ///
    /// Useful after a ``UsageError``, under the error message.
    ///
    /// - Parameters:
    ///   - command: The command.
    ///   - tool: The tool it belongs to.
    /// - Returns: The usage text, without a trailing newline.
    public func usage(for command: CommandSpec, in tool: ToolSpec) -> String {
        var units = [tool.name] + globalSynopses(tool) + [command.name]
        if !command.options.isEmpty { units.append("[options]") }
        units += command.positionals.map(\.synopsis)
        return usageLine(units)
    }

    /// Renders the tool's usage line: `USAGE: armsledger [--ledger <path>] <subcommand>`.
    ///
    /// - Parameter tool: The tool.
    /// - Returns: The usage text, without a trailing newline.
    public func usage(for tool: ToolSpec) -> String {
        usageLine([tool.name] + globalSynopses(tool) + ["<subcommand>"])
    }

    // MARK: - Internal layout

    /// The row for the implicit `--help`.
    var helpRow: (String, String) { ("-h, --help", CommandSpec.helpOption.help) }

    /// `[--ledger <path>]` for each global option.
    func globalSynopses(_ tool: ToolSpec) -> [String] {
        tool.globalOptions.map { "[\($0.synopsis)]" }
    }

    /// `USAGE: ` and the units, wrapped with a hanging indent so that no unit is split.
    func usageLine(_ units: [String]) -> String {
        let prefix = "USAGE:"
        let hanging = String(repeating: " ", count: prefix.count + 1)
        var lines: [String] = []
        var current = prefix
        var lineHasUnit = false
        for unit in units {
            let candidate = current + " " + unit
            if lineHasUnit && TerminalText.displayWidth(candidate) > width {
                lines.append(current)
                current = hanging + unit
            } else {
                current = candidate
            }
            lineHasUnit = true
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// `OVERVIEW: abstract`, then the discussion, both wrapped.
    func overview(_ abstract: String, discussion: String) -> String {
        var parts: [String] = []
        if !abstract.isEmpty {
            parts.append(wrap("OVERVIEW: " + abstract, indent: 0).joined(separator: "\n"))
        }
        if !discussion.isEmpty {
            parts.append(wrap(discussion, indent: 0).joined(separator: "\n"))
        }
        return parts.joined(separator: "\n\n")
    }

    /// A titled list of label/help rows, help aligned at ``helpColumn``.
    func section(_ title: String, _ rows: [(label: String, help: String)]) -> String {
        var lines = [title]
        for row in rows {
            let label = "  " + row.label
            let helpLines = wrap(row.help, indent: Self.helpColumn)
            if TerminalText.displayWidth(label) + 2 > Self.helpColumn || helpLines.isEmpty {
                lines.append(label)
                lines += helpLines
            } else {
                let padding = String(repeating: " ", count: Self.helpColumn - TerminalText.displayWidth(label))
                let first = String(helpLines[0].dropFirst(Self.helpColumn))
                lines.append(label + padding + first)
                lines += helpLines.dropFirst()
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Word-wraps `text` to ``width`` with every line indented by `indent` columns.
    ///
    /// Explicit line breaks are kept (an empty line stays empty, without indentation);
    /// a word longer than the line is put on a line of its own, unbroken.
    func wrap(_ text: String, indent: Int) -> [String] {
        let indentation = String(repeating: " ", count: indent)
        let available = max(1, width - indent)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = paragraph.split(separator: " ")
            if words.isEmpty {
                lines.append("")
                continue
            }
            var current = ""
            for word in words {
                let candidate = current.isEmpty ? String(word) : current + " " + word
                if !current.isEmpty && TerminalText.displayWidth(candidate) > available {
                    lines.append(indentation + current)
                    current = String(word)
                } else {
                    current = candidate
                }
            }
            lines.append(indentation + current)
        }
        return lines
    }
}
