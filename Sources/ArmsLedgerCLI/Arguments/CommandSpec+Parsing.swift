extension CommandSpec {
    /// Parses a command's arguments (those after the command name).
    ///
    /// Rules, in order:
    /// 1. `--help` or `-h` anywhere before `--` wins: the result has
    ///    ``ParsedArguments/helpRequested`` set and nothing else is checked.
    /// 2. `--name value` and `--name=value` are equivalent. The separate value must be a
    ///    plain argument: if the next argument looks like an option (`--x`, `-x`), is `--`,
    ///    or is missing, the value is missing (``UsageError/missingValue(option:valueName:)``);
    ///    write `--name=--odd` to pass such a value. `--name=` with nothing after `=` is
    ///    also a missing value. A lone `-` is a value (standard input).
    /// 3. A flag given a value (`--dry-run=1`) is ``UsageError/unexpectedValue(option:)``.
    /// 4. A non-repeatable option given twice is ``UsageError/repeatedOption(_:)``.
    /// 5. After `--` every argument is positional, even `--help` or `-x`.
    /// 6. Positionals fill the declared ``positionals`` in order; a required one left over
    ///    is ``UsageError/missingArgument(_:)``, one too many is
    ///    ``UsageError/unexpectedArgument(_:)``.
    ///
    /// - Parameter arguments: The raw arguments after the command name.
    /// - Returns: The options, flags and positionals.
    /// - Throws: ``UsageError`` for the first problem found, scanning left to right.
    public func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        try parse(ArgumentSplitter.split(arguments).elements[...], additionalOptions: [], into: ParsedArguments())
    }

    /// Parses split elements, also accepting `additionalOptions` (the tool's global
    /// options) and continuing from `initial` (global options already seen).
    func parse(
        _ elements: ArraySlice<SplitArguments.Element>,
        additionalOptions: [OptionSpec],
        into initial: ParsedArguments
    ) throws(UsageError) -> ParsedArguments {
        var parsed = initial
        for element in elements {
            if element == .terminator { break }
            if element == .option(name: "help", value: nil) {
                parsed.helpRequested = true
                return parsed
            }
        }
        let known = options + additionalOptions + [Self.helpOption]
        var values: [String] = []
        var index = elements.startIndex
        while index < elements.endIndex {
            switch elements[index] {
            case .terminator:
                break
            case .value(let value):
                values.append(value)
            case .shortOption, .option:
                index = try Self.consumeOption(at: index, in: elements, known: known, into: &parsed)
                continue
            }
            index += 1
        }
        if values.count > positionals.count {
            throw .unexpectedArgument(values[positionals.count])
        }
        if values.count < positionals.count, !positionals[values.count].optional {
            throw .missingArgument(positionals[values.count].name)
        }
        parsed.positionals = values
        for (spec, value) in zip(positionals, values) {
            parsed.namedPositionals[spec.name] = value
        }
        return parsed
    }

    /// Matches the option element at `index` against `known`, records it in `parsed`, and
    /// returns the index of the next element to look at (past a separate value).
    static func consumeOption(
        at index: Int,
        in elements: ArraySlice<SplitArguments.Element>,
        known: [OptionSpec],
        into parsed: inout ParsedArguments
    ) throws(UsageError) -> Int {
        let name: String
        let inlineValue: String?
        switch elements[index] {
        case .option(let n, let v):
            name = n
            inlineValue = v
        case .shortOption(let typed):
            // `-as-of` is a likely typo for `--as-of`.
            let suggestion = Levenshtein.suggestion(for: String(typed.dropFirst()), among: known.map(\.name))
            throw .unknownOption(typed, suggestion: suggestion.map { "--" + $0 })
        case .value, .terminator:
            return index + 1
        }
        guard let spec = known.first(where: { $0.name == name }) else {
            let suggestion = Levenshtein.suggestion(for: name, among: known.map(\.name))
            throw .unknownOption("--" + name, suggestion: suggestion.map { "--" + $0 })
        }
        if !spec.repeatable && parsed.contains(name) {
            throw .repeatedOption(name)
        }
        guard let valueName = spec.valueName else {
            if inlineValue != nil { throw .unexpectedValue(option: name) }
            parsed.raise(flag: name)
            return index + 1
        }
        if let inlineValue {
            guard !inlineValue.isEmpty else { throw .missingValue(option: name, valueName: valueName) }
            parsed.append(value: inlineValue, for: name)
            return index + 1
        }
        let next = index + 1
        guard next < elements.endIndex, case .value(let value) = elements[next] else {
            throw .missingValue(option: name, valueName: valueName)
        }
        parsed.append(value: value, for: name)
        return next + 1
    }
}
