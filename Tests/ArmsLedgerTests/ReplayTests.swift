import Testing
@testable import ArmsLedger

private typealias F = EventFactory

@Suite("Replay")
struct ReplayTests {
    @Test("Descriptions count whatever the as-of date")
    func descriptionsIgnoreAsOf() throws {
        let events = try F.events([F.system(id: "s1", occurred: "2030")])
        let replay = Replay(events: events, clock: F.clock(asOf: "2000-01-01"))
        let replayed = try #require(replay.replayed(events[0]))
        #expect(!replayed.uncertainDate)
        // ...but not before they are known (no sources: known from the record date, 2023-11-14).
        #expect(Replay(events: events, clock: F.clock(knownAt: "2023-11-13")).replayed(events[0]) == nil)
    }

    @Test("A retraction that is itself retracted no longer applies")
    func retractedRetraction() throws {
        let events = try F.events([
            F.deal("delivered", id: "e1", occurred: "2018-05-01", quantity: 4),
            F.retraction(id: "r1", target: "e1", known: "2021-01-01"),
            F.retraction(id: "r2", target: "r1", known: "2022-01-01"),
        ])
        #expect(F.register(events, F.clock(knownAt: "2021-06-01"))["d1"] == nil)
        #expect(F.register(events)["d1"]?.delivered == 4)
        let replay = Replay(events: events, clock: ReplayClock())
        #expect(!replay.corrections.isRetracted("e1"))
        #expect(replay.replayed(events[1]) == nil)
    }

    @Test("Corrections count whatever the as-of date once known")
    func correctionsIgnoreAsOf() throws {
        let events = try F.events([
            F.deal("delivered", id: "e1", occurred: "2018-05-01", quantity: 4),
            F.dispute(id: "x1", target: "e1", occurred: "2024-01-01", known: "2024-01-01"),
        ])
        let replay = Replay(events: events, clock: F.clock(asOf: "2019"))
        #expect(replay.replayed(events[0])?.isDisputed == true)
        #expect(replay.replayed(events[1]) != nil)
    }

    @Test("A retracted dispute no longer marks its target disputed")
    func retractedDispute() throws {
        let events = try F.events([
            F.deal("delivered", id: "e1", occurred: "2018-05-01", quantity: 4),
            F.dispute(id: "x1", target: "e1"),
            F.retraction(id: "r1", target: "x1"),
        ])
        let replay = Replay(events: events, clock: ReplayClock())
        #expect(replay.replayed(events[0])?.isDisputed == false)
        // History already filters retracted disputes out.
        let history = try History(replay, id: "e1")
        #expect(history.entries.first?.disputedBy.isEmpty == true)
    }

    @Test("A retraction of a retraction restores the original event; one more level removes it again")
    func retractionChains() throws {
        let events = try F.events([
            F.deal("delivered", id: "e1", occurred: "2018-05-01", quantity: 4),
            F.retraction(id: "r1", target: "e1"),
            F.retraction(id: "r2", target: "r1"),
        ])
        #expect(Replay(events: events, clock: ReplayClock()).replayed(events[0]) != nil)
        let deeper = try F.events([
            F.deal("delivered", id: "e1", occurred: "2018-05-01", quantity: 4),
            F.retraction(id: "r1", target: "e1"),
            F.retraction(id: "r2", target: "r1"),
            F.retraction(id: "r3", target: "r2"),
        ])
        #expect(Replay(events: deeper, clock: ReplayClock()).replayed(deeper[0]) == nil)
    }

    @Test("Events are folded in seq order")
    func foldOrder() throws {
        struct Seqs: Projection { var seqs: [Int] = []; mutating func apply(_ e: ReplayedEvent) { seqs.append(e.event.seq) } }
        let events = try F.events([
            F.deal("delivered", id: "e1", occurred: "2020", quantity: 1),
            F.deal("ordered", id: "e2", occurred: "2010", quantity: 1),
            F.deal("offered", id: "e3", occurred: "2030"),
        ])
        var seqs = Seqs()
        Replay(events: events, clock: F.clock(asOf: "2025")).fold(&seqs)
        #expect(seqs.seqs == [1, 2])
    }
}
