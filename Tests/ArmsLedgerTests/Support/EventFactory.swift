import Foundation
@testable import ArmsLedger

/// Builds small in-memory ledgers for projection tests: input JSON lines appended to a fresh
/// temporary ledger through the real store, then read back as events.
enum EventFactory {
    /// Appends `lines` (input events, one JSON object each) to a new temporary ledger and returns
    /// its events. Records are stamped 2023-11-14 (`recorded`), so an event without sources is
    /// known from that day.
    static func events(_ lines: [String]) throws -> [Event] {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("armsledger-test-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ledger = try Ledger.create(at: path)
        let text = lines.joined(separator: "\n") + "\n"
        _ = try ledger.append(contentsOf: Array(text.utf8), now: Timestamp(secondsSinceEpoch: 1_700_000_000))
        return try ledger.events()
    }

    /// A transfer or service event of a deal.
    ///
    /// - Parameters:
    ///   - type: `offered`, `declined`, `blocked`, `ordered`, `delivered`, `cancelled` (prefixed
    ///     with `transfer.`) or `service` (`service.delivered`, service `repair` unless given).
    ///   - known: The source's date (its known date); defaults to `occurred` when that is a plain
    ///     day, month or year, else 2000-01-01.
    static func deal(_ type: String, id: String, deal: String = "d1", supplier: String = "RUS",
                     recipient: String = "ARM", system: String = "Iskander-E",
                     category: String = "ballistic-missile", occurred: String, known: String? = nil,
                     sourceKind: String = "news", publisher: String = "Test Wire", confidence: String = "reported",
                     quantity: Int? = nil, estimated: Bool = false, value: Int? = nil, currency: String = "USD",
                     by: String? = nil, service: String = "repair") -> String {
        let fullType = type == "service" ? "service.delivered" : "transfer.\(type)"
        var data = #""deal":"\#(deal)","supplier":"\#(supplier)","recipient":"\#(recipient)","system":"\#(system)","category":"\#(category)""#
        if let quantity { data += #","quantity":\#(quantity)"# }
        if estimated { data += #","quantity_estimated":true"# }
        if let value { data += #","value":{"amount":\#(value),"currency":"\#(currency)"}"# }
        if let by { data += #","by":"\#(by)""# }
        if type == "service" { data += #","service":"\#(service)""# }
        return line(id: id, type: fullType, occurred: occurred, confidence: confidence,
                    sources: source(publisher: publisher, date: known ?? defaultKnown(occurred), kind: sourceKind),
                    data: data)
    }

    /// An `event.disputed` aimed at `target`, known from `known`.
    static func dispute(id: String, target: String, occurred: String = "2023-01-01", known: String = "2023-01-01",
                        by: String? = nil) -> String {
        var data = #""target":"\#(target)","reason":"contested""#
        if let by { data += #","by":"\#(by)""# }
        return line(id: id, type: "event.disputed", occurred: occurred, confidence: "claimed",
                    sources: source(publisher: "Ministry", date: known, kind: "statement"), data: data)
    }

    /// An `event.retracted` aimed at `target`, known from `known`.
    static func retraction(id: String, target: String, occurred: String = "2023-01-01",
                           known: String = "2023-01-01") -> String {
        line(id: id, type: "event.retracted", occurred: occurred, confidence: "reported",
             sources: source(publisher: "Test Wire", date: known, kind: "news"),
             data: #""target":"\#(target)","reason":"wrong""#)
    }

    /// A `system.described` without sources (known from the record date, 2023-11-14).
    static func system(id: String, system: String = "Iskander-E", category: String = "ballistic-missile",
                       occurred: String = "1996") -> String {
        line(id: id, type: "system.described", occurred: occurred, confidence: "confirmed", sources: "",
             data: #""system":"\#(system)","category":"\#(category)""#)
    }

    /// A `conflict.started` between two single-actor sides.
    static func conflict(id: String, conflict: String, sides: (String, String), occurred: String) -> String {
        line(id: id, type: "conflict.started", occurred: occurred, confidence: "confirmed",
             sources: source(publisher: "Test Wire", date: occurred, kind: "news"),
             data: #""conflict":"\#(conflict)","name":"War","sides":[["\#(sides.0)"],["\#(sides.1)"]]"#)
    }

    /// A replay clock from command-line style dates.
    static func clock(asOf: String? = nil, knownAt: String? = nil, strict: Bool = false) -> ReplayClock {
        ReplayClock(asOf: asOf.map { try! EDTFDate(parsing: $0) }, knownAt: knownAt.map { try! EDTFDate(parsing: $0) },
                    strictDates: strict)
    }

    /// The register rows at a clock, by deal id.
    static func register(_ events: [Event], _ clock: ReplayClock = ReplayClock()) -> [String: DealRow] {
        var register = RegisterProjection()
        Replay(events: events, clock: clock).fold(&register)
        return Dictionary(uniqueKeysWithValues: register.rows.map { ($0.deal, $0) })
    }

    /// The keys of a JSON object, in order.
    static func keys(_ value: JSONValue?) -> [String] { value?.objectValue?.keys ?? [] }

    private static func line(id: String, type: String, occurred: String, confidence: String, sources: String,
                             data: String) -> String {
        #"{"id":"\#(id)","type":"\#(type)","occurred":"\#(occurred)","confidence":"\#(confidence)","sources":[\#(sources)],"data":{\#(data)}}"#
    }

    private static func source(publisher: String, date: String, kind: String) -> String {
        #"{"publisher":"\#(publisher)","date":"\#(date)","kind":"\#(kind)"}"#
    }

    private static func defaultKnown(_ occurred: String) -> String {
        let parts = occurred.split(separator: "-")
        let plain = occurred.allSatisfy { $0.isNumber || $0 == "-" } && parts.count <= 3
            && (parts.count < 2 || Int(parts[1])! <= 12)
        return plain ? occurred : "2000-01-01"
    }
}
