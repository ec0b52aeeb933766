import Foundation
@testable import ArmsLedger

/// Hand-made ledgers for the obligations and balance-of-power suites: input JSON lines appended
/// to a fresh temporary ledger through the real store, then read back as events.
///
/// Every event gets one source dated `known` (default 1990, so it is known at any K the tests
/// use unless they say otherwise).
enum ObligationFixture {
    /// Appends `lines` to a new temporary ledger and returns its events.
    static func events(_ lines: [String]) throws -> [Event] {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("armsledger-obligations-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ledger = try Ledger.create(at: path)
        let text = lines.joined(separator: "\n") + "\n"
        _ = try ledger.append(contentsOf: Array(text.utf8), now: Timestamp(secondsSinceEpoch: 1_700_000_000))
        return try ledger.events()
    }

    /// A clock from command-line style dates.
    static func clock(asOf: String? = nil, knownAt: String? = nil, strict: Bool = false) -> ReplayClock {
        ReplayClock(asOf: asOf.map { try! EDTFDate(parsing: $0) }, knownAt: knownAt.map { try! EDTFDate(parsing: $0) },
                    strictDates: strict)
    }

    /// `alliance.described`.
    static func alliance(_ alliance: String = "pact", collectiveDefence: Bool = true, occurred: String = "1992-05-15") -> String {
        line(id: "\(alliance).described", type: "alliance.described", occurred: occurred, confidence: "confirmed",
             data: #""alliance":"\#(alliance)","name":"The \#(alliance) treaty","collective_defence":\#(collectiveDefence),"article":"4""#)
    }

    /// `alliance.joined`, `.suspended`, `.withdrawal-announced` or `.left` (`verb` is the part after `alliance.`).
    static func membership(_ verb: String, _ member: String, on occurred: String, alliance: String = "pact", id: String? = nil) -> String {
        line(id: id ?? "\(alliance).\(verb).\(member.lowercased()).\(occurred)", type: "alliance.\(verb)", occurred: occurred,
             confidence: "confirmed", data: #""alliance":"\#(alliance)","member":"\#(member)""#)
    }

    /// `conflict.started` between two sides.
    static func conflictStarted(_ conflict: String, _ sides: ([String], [String]), on occurred: String) -> String {
        let quote: ([String]) -> String = { "[" + $0.map { "\"\($0)\"" }.joined(separator: ",") + "]" }
        return line(id: "\(conflict).started", type: "conflict.started", occurred: occurred, confidence: "reported",
                    data: #""conflict":"\#(conflict)","name":"The \#(conflict) war","sides":[\#(quote(sides.0)),\#(quote(sides.1))]"#)
    }

    /// `conflict.ended`.
    static func conflictEnded(_ conflict: String, on occurred: String) -> String {
        line(id: "\(conflict).ended", type: "conflict.ended", occurred: occurred, confidence: "reported",
             data: #""conflict":"\#(conflict)""#)
    }

    /// A `transfer.delivered` (or, with `service`, a `service.delivered`) of its own deal.
    static func delivery(_ id: String, _ supplier: String, to recipient: String, on occurred: String,
                         system: String = "Polonez", category: String = "rocket-artillery", quantity: Int? = nil,
                         estimated: Bool = false, service: String? = nil, known: String = "1990", deal: String? = nil) -> String {
        var data = #""deal":"\#(deal ?? id)","supplier":"\#(supplier)","recipient":"\#(recipient)","system":"\#(system)","category":"\#(category)""#
        if let quantity { data += #","quantity":\#(quantity)"# }
        if estimated { data += #","quantity_estimated":true"# }
        if let service { data += #","service":"\#(service)""# }
        return line(id: id, type: service == nil ? "transfer.delivered" : "service.delivered", occurred: occurred,
                    confidence: estimated ? "estimated" : "reported", data: data, known: known)
    }

    /// `obligation.invoked`.
    static func invoked(_ id: String, by member: String, on occurred: String, against: String? = nil, alliance: String = "pact") -> String {
        var data = #""alliance":"\#(alliance)","by":"\#(member)""#
        if let against { data += #","against":"\#(against)""# }
        return line(id: id, type: "obligation.invoked", occurred: occurred, confidence: "confirmed", data: data)
    }

    /// `obligation.answered`.
    static func answered(_ id: String, to member: String, on occurred: String, fulfilled: Bool, response: String = "a monitoring mission",
                         alliance: String = "pact") -> String {
        line(id: id, type: "obligation.answered", occurred: occurred, confidence: "reported",
             data: #""alliance":"\#(alliance)","to":"\#(member)","response":"\#(response)","fulfilled":\#(fulfilled)"#)
    }

    /// `system.described`, optionally with a range.
    static func system(_ system: String, category: String, rangeKm: Int? = nil, origin: String? = nil) -> String {
        var data = #""system":"\#(system)","category":"\#(category)","name":"\#(system) system""#
        if let origin { data += #","origin":"\#(origin)""# }
        if let rangeKm { data += #","range_km":\#(rangeKm)"# }
        return line(id: "system.\(system.lowercased())", type: "system.described", occurred: "1990", confidence: "reported", data: data)
    }

    /// `event.disputed` aimed at `target`.
    static func dispute(_ target: String, known: String = "1990") -> String {
        line(id: "\(target).disputed", type: "event.disputed", occurred: "2023", confidence: "claimed",
             data: #""target":"\#(target)","reason":"contested""#, known: known)
    }

    /// `event.retracted` aimed at `target`.
    static func retraction(_ target: String, known: String = "1990") -> String {
        line(id: "\(target).retracted", type: "event.retracted", occurred: "2023", confidence: "reported",
             data: #""target":"\#(target)","reason":"wrong""#, known: known)
    }

    /// The keys of a JSON object, in order.
    static func keys(_ value: JSONValue?) -> [String] { value?.objectValue?.keys ?? [] }

    private static func line(id: String, type: String, occurred: String, confidence: String, data: String,
                             known: String = "1990") -> String {
        #"{"id":"\#(id)","type":"\#(type)","occurred":"\#(occurred)","confidence":"\#(confidence)","sources":[{"publisher":"Test Wire","date":"\#(known)","kind":"news"}],"data":{\#(data)}}"#
    }
}

extension JSONValue {
    /// The member `key` of an object (nil otherwise).
    subscript(obligationKey key: String) -> JSONValue? { objectValue?[key] }
    /// The element `index` of an array (nil otherwise).
    subscript(obligationIndex index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
