import Testing
@testable import ArmsLedger

private typealias F = EventFactory

@Suite("History")
struct HistoryTests {
    static func ledger() throws -> [Event] {
        try F.events([
            F.system(id: "sys", system: "Iskander-E"),
            F.deal("ordered", id: "e1", occurred: "2016-01-01", quantity: 4),
            F.deal("delivered", id: "e2", occurred: "2016-09-01", quantity: 4),
            F.deal("delivered", id: "e3", occurred: "2017-02-01", quantity: 2),
            F.dispute(id: "x1", target: "e2", known: "2020-01-01", by: "RUS"),
            F.retraction(id: "r1", target: "e3", known: "2021-01-01"),
            F.deal("delivered", id: "e4", deal: "other", supplier: "BLR", system: "Polonez",
                   category: "rocket-artillery", occurred: "2018-01-01", quantity: 6),
            F.conflict(id: "c1", conflict: "nk-2020", sides: ("ARM", "AZE"), occurred: "2020-09-27"),
        ])
    }

    @Test("A deal's history lists all its events and the corrections aimed at them, in seq order")
    func dealWithDisputeAndRetraction() throws {
        let history = try History(Replay(events: try Self.ledger(), clock: ReplayClock()), id: "d1")
        #expect(history.matches == [.deal])
        #expect(history.entries.map(\.event.id) == ["e1", "e2", "e3", "x1", "r1"])
        let byID = Dictionary(uniqueKeysWithValues: history.entries.map { ($0.event.id, $0) })
        #expect(byID["e2"]?.standing == .counted)
        #expect(byID["e2"]?.disputedBy.map(\.id) == ["x1"])
        #expect(byID["e2"]?.marks.disputed == true)
        #expect(byID["e3"]?.standing == .retracted)
        #expect(byID["e3"]?.retractedBy?.id == "r1")
        #expect(byID["e3"]?.note == "retracted by r1")
        #expect(byID["r1"]?.note == "retracts e3")
    }

    @Test("History shows events the clock excludes, saying why")
    func standingsAtAClock() throws {
        let events = try Self.ledger()
        let history = try History(Replay(events: events, clock: F.clock(asOf: "2016-12-31", knownAt: "2020-06-01")),
                                  id: "d1")
        let standing = Dictionary(uniqueKeysWithValues: history.entries.map { ($0.event.id, $0.standing) })
        #expect(standing == ["e1": .counted, "e2": .counted, "e3": .notYetHappened, "x1": .counted,
                             "r1": .notYetKnown])
        #expect(history.entries[1].disputedBy.map(\.id) == ["x1"])
        let earlier = try History(Replay(events: events, clock: F.clock(knownAt: "2019-12-31")), id: "d1")
        #expect(earlier.entries.first { $0.event.id == "e2" }?.disputedBy.isEmpty == true)
    }

    @Test("An actor code matches the deals, conflicts and disputes that name it")
    func actorHistory() throws {
        let history = try History(Replay(events: try Self.ledger(), clock: ReplayClock()), id: "RUS")
        #expect(history.matches == [.actor])
        #expect(history.entries.map(\.event.id) == ["e1", "e2", "e3", "x1", "r1"])
        let arm = try History(Replay(events: try Self.ledger(), clock: ReplayClock()), id: "ARM")
        #expect(arm.entries.map(\.event.id) == ["e1", "e2", "e3", "x1", "r1", "e4", "c1"])
    }

    @Test("A system designation matches its description and its deals")
    func systemHistory() throws {
        let history = try History(Replay(events: try Self.ledger(), clock: ReplayClock()), id: "Polonez")
        #expect(history.matches == [.system])
        #expect(history.entries.map(\.event.id) == ["e4"])
        let iskander = try History(Replay(events: try Self.ledger(), clock: ReplayClock()), id: "Iskander-E")
        #expect(iskander.entries.first?.event.id == "sys")
    }

    @Test("A conflict id matches its events; an event id matches the event and its corrections")
    func conflictAndEventHistory() throws {
        let replay = Replay(events: try Self.ledger(), clock: ReplayClock())
        #expect(try History(replay, id: "nk-2020").entries.map(\.event.id) == ["c1"])
        let event = try History(replay, id: "e3")
        #expect(event.matches == [.event])
        #expect(event.entries.map(\.event.id) == ["e3", "r1"])
    }

    @Test("An unknown id throws with a did-you-mean suggestion")
    func unknownIDSuggests() throws {
        let replay = Replay(events: try Self.ledger(), clock: ReplayClock())
        #expect(throws: HistoryError.unknownID("nk-2002", suggestion: "nk-2020")) { try History(replay, id: "nk-2002") }
        #expect(throws: HistoryError.unknownID("rus", suggestion: "RUS")) { try History(replay, id: "rus") }
        #expect(throws: HistoryError.unknownID("zzzzzzzz", suggestion: nil)) { try History(replay, id: "zzzzzzzz") }
        #expect(HistoryError.unknownID("nk-2002", suggestion: "nk-2020").description
            == "no deal, system, actor, alliance, conflict or event is called 'nk-2002'. Did you mean 'nk-2020'?")
    }

    @Test("The history report carries every event with its status and sources")
    func report() throws {
        let report = try HistoryReport.make(Replay(events: try Self.ledger(), clock: ReplayClock()), id: "d1")
        #expect(F.keys(report.json) == ["as_of", "known_at", "id", "matches", "events"])
        let events = try #require(report.json.objectValue?["events"]?.arrayValue)
        #expect(events.count == 5)
        #expect(events[2].objectValue?["status"] == .string("retracted"))
        #expect(events[2].objectValue?["retracted_by"] == .string("r1"))
        #expect(events[1].objectValue?["disputed_by"] == .array([.string("x1")]))
        #expect(report.sections.count == 2)
        #expect(report.sections[1].rows.count == 5)
        #expect(report.sections[0].rows.allSatisfy { $0.count == report.sections[0].columns.count })
    }
}
