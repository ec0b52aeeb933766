/// Classifies raw arguments into ``SplitArguments/Element``s; see ``SplitArguments``.
public enum ArgumentSplitter {
    /// Splits raw arguments into options, values and the terminator.
    ///
    /// - Parameter arguments: The arguments without the program name.
    /// - Returns: One element per argument.
    public static func split(_ arguments: [String]) -> SplitArguments {
        var elements: [SplitArguments.Element] = []
        elements.reserveCapacity(arguments.count)
        var afterTerminator = false
        for argument in arguments {
            if afterTerminator {
                elements.append(.value(argument))
            } else if argument == "--" {
                elements.append(.terminator)
                afterTerminator = true
            } else if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                if let equals = body.firstIndex(of: "=") {
                    elements.append(.option(name: String(body[..<equals]), value: String(body[body.index(after: equals)...])))
                } else {
                    elements.append(.option(name: String(body), value: nil))
                }
            } else if argument == "-h" {
                elements.append(.option(name: "help", value: nil))
            } else if argument.hasPrefix("-") && argument != "-" {
                elements.append(.shortOption(argument))
            } else {
                elements.append(.value(argument))
            }
        }
        return SplitArguments(elements: elements)
    }
}
