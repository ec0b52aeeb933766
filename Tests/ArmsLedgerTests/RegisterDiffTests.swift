import Testing
@testable import ArmsLedger

private typealias F = EventFactory

@Suite("Register diff")
struct RegisterDiffTests {
    static func ledger() throws -> [Event] {
        try F.events([
            F.deal("ordered", id: "e1", occurred: "2016-01-01", quantity: 4),
            F.deal("delivered", id: "e2", occurred: "2016-09-01", quantity: 4),
            F.deal("ordered", id: "e3", deal: "d2", supplier: "BLR", system: "Polonez", category: "rocket-artillery",
                   occurred: "2017-03-01", quantity: 6),
            F.deal("delivered", id: "e4", deal: "d3", supplier: "ISR", recipient: "AZE", system: "Harop",
                   category: "loitering-munition", occurred: "2015-01-01", known: "2015-01-01"),
            F.dispute(id: "x1", target: "e2", known: "2020-01-01"),
            F.retraction(id: "r1", target: "e4", known: "2021-01-01"),
        ])
    }

    @Test("On the as-of clock, diff shows new deals and changed status and units")
    func asOfClock() throws {
        let diff = RegisterDiff(events: try Self.ledger(), from: F.clock(asOf: "2016-06-30"),
                                to: F.clock(asOf: "2017-12-31"))
        let changes = diff.changes.map { "\($0.deal) \($0.kind.rawValue) \($0.before ?? "-") \($0.after ?? "-")" }
        // The dispute is known at both clocks, but its target e2 only happens in between.
        #expect(changes == ["d2 appeared - ordered", "d1 status ordered delivered", "d1 delivered 0 4", "d1 marks  D"])
    }

    @Test("On the known-at clock, diff shows retracted deals disappearing and disputes appearing")
    func knownAtClock() throws {
        let diff = RegisterDiff(events: try Self.ledger(), from: F.clock(knownAt: "2019-12-31"),
                                to: F.clock(knownAt: "2021-06-30"))
        let changes = diff.changes.map { "\($0.deal) \($0.kind.rawValue) \($0.before ?? "-") \($0.after ?? "-")" }
        #expect(changes == ["d3 disappeared delivered -", "d1 marks  D"])
    }

    @Test("Identical clocks give no changes")
    func noChanges() throws {
        let clock = F.clock(asOf: "2020")
        #expect(RegisterDiff(events: try Self.ledger(), from: clock, to: clock).changes.isEmpty)
    }

    @Test("The diff report echoes both clocks and lists one row per change")
    func report() throws {
        let report = DiffReport.make(events: try Self.ledger(), from: F.clock(asOf: "2016-06-30"),
                                     to: F.clock(asOf: "2017-12-31"))
        #expect(F.keys(report.json) == ["from", "to", "changes"])
        #expect(report.json.objectValue?["from"]?.objectValue?["as_of"] == .string("2016-06-30"))
        let changes = try #require(report.json.objectValue?["changes"]?.arrayValue)
        #expect(changes.count == 4)
        #expect(F.keys(changes[0]) == ["deal", "supplier", "recipient", "system", "change", "before", "after"])
        #expect(changes[0].objectValue?["before"] == .null)
        #expect(report.sections[0].rows[0] == ["d2", "BLR", "ARM", "Polonez", "appeared", "-", "ordered"])
    }
}
