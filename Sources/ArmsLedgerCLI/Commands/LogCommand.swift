import ArmsLedger

/// `armsledger log`: print events, filtered.
struct LogCommand: Command {
    let spec = CommandSpec(
        name: "log", abstract: "Print events, filtered by type, stream, actor and the two clocks.",
        options: [
            .option("type", valueName: "type", help: "Only events of this type (repeatable), e.g. transfer.delivered.", repeatable: true),
            .option("stream", valueName: "stream", help: "Only events of this stream, e.g. deal:blr-aze-polonez."),
            .option("actor", valueName: "code", help: "Only events that name this actor."),
            CommandOptions.asOf, CommandOptions.knownAt, CommandOptions.strictDates,
            .option("format", valueName: "format", help: "table (default) or jsonl (the raw lines)."),
        ])

    func run(_ arguments: ParsedArguments, _ context: CommandContext) throws(CLIError) {
        var types: Set<EventType> = []
        for text in arguments.values("type") {
            guard let type = EventType(rawValue: text) else {
                let near = EditDistance.nearest(to: text, among: EventType.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
                throw .usage("invalid value '\(TerminalText.sanitize(text))' for '--type <type>': not an event type\(near)")
            }
            types.insert(type)
        }
        let actor = try arguments.value("actor").map { (text) throws(CLIError) in try CommandOptions.actor(text, what: "actor") }
        let stream = arguments.value("stream")
        let clock = try CommandOptions.clock(arguments)
        let raw: Bool
        switch arguments.value("format") ?? "table" {
        case "table": raw = false
        case "jsonl": raw = true
        case let other: throw .usage("invalid value '\(TerminalText.sanitize(other))' for '--format <format>': log prints table or jsonl")
        }
        let filter = EventFilter(types: types, stream: stream, actor: actor, clock: clock)
        var table = TextTable(columns: [
            .init(title: "seq", alignment: .right), .init(title: "occurred"), .init(title: "type"),
            .init(title: "id", truncatable: true), .init(title: "stream", truncatable: true),
        ])
        table.emptyMessage = "(no events)"
        var lines = ""
        let ignored: Int?
        do {
            ignored = try context.ledger.forEachEvent { event, bytes in
                guard filter.matches(event) else { return }
                if raw {
                    lines += String(decoding: bytes, as: UTF8.self) + "\n"
                } else {
                    table.addRow([String(event.seq), event.occurred.text, event.type.rawValue, event.id, event.stream])
                }
            }
        } catch {
            throw .ledger(error)
        }
        if let ignored { context.warn("\(context.ledgerPath):\(ignored): incomplete last line left out") }
        context.io.out(raw ? lines : table.render(maxWidth: context.io.terminalWidth))
    }
}
