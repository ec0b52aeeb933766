import Foundation
import Testing
import ArmsLedger

/// The shipped ledger (`Events/ledger.jsonl`) verifies and holds the facts issue 3 lists, as the
/// library replays them.
@Suite("Shipped ledger")
struct ShippedLedgerTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Events/ledger.jsonl").path
    static let ledger = Ledger(path: path)

    static func clock(asOf: String? = nil, knownAt: String? = nil) -> ReplayClock {
        ReplayClock(asOf: asOf.map { try! EDTFDate(parsing: $0) }, knownAt: knownAt.map { try! EDTFDate(parsing: $0) })
    }

    static func register(_ clock: ReplayClock) throws -> [String: DealRow] {
        var register = RegisterProjection()
        Replay(events: try ledger.events(), clock: clock).fold(&register)
        return Dictionary(uniqueKeysWithValues: register.rows.map { ($0.deal, $0) })
    }

    @Test func shippedLedgerVerifies() throws {
        let result = try Self.ledger.verify()
        #expect(result.lines >= 70)
    }

    @Test func polonezToAzerbaijanWasBlockedAsOf2018ThenDeliveredBeforeTheJuneParade() throws {
        let early = try #require(try Self.register(Self.clock(asOf: "2018-01-01"))["blr-aze-polonez"])
        #expect(early.status == .blocked)
        #expect(early.marks.disputed, "the claimed block is disputed by the later delivery")
        let late = try #require(try Self.register(Self.clock(asOf: "2018-07-01"))["blr-aze-polonez"])
        #expect(late.status == .delivered)
        #expect(late.supplier.rawValue == "BLR" && late.recipient.rawValue == "AZE")
        #expect(late.lastDelivery?.text == "2018-06")
    }

    @Test func polonezOfferToArmeniaWasDeclined() throws {
        let row = try #require(try Self.register(Self.clock())["blr-arm-polonez"])
        #expect(row.status == .declined)
    }

    @Test func iskanderReachedArmeniaByTheSeptember2016Parade() throws {
        let row = try #require(try Self.register(Self.clock(asOf: "2016-09-30"))["rus-arm-iskander"])
        #expect(row.status == .delivered)
        #expect(row.supplier.rawValue == "RUS" && row.recipient.rawValue == "ARM")
        #expect(row.category == .ballisticMissile)
    }

    @Test func leakedDeliveriesAreInvisibleBeforeTheLeaks() throws {
        let before = try Self.register(Self.clock(knownAt: "2023-12-31"))
        let after = try Self.register(Self.clock(knownAt: "2024-12-31"))
        for deal in ["blr-aze-groza-s", "blr-aze-ew", "blr-aze-drone-systems", "blr-aze-artillery-targeting", "blr-aze-artillery-modernisation"] {
            #expect(before[deal] == nil, "\(deal) must not be known at 2023-12-31")
            #expect(after[deal] != nil, "\(deal) must be known by the end of 2024")
        }
        #expect(after["blr-aze-groza-s"]?.system == "Groza-S")
    }

    @Test func belarusServicesAndDeliveriesToAzerbaijanAreRecorded() throws {
        let rows = try Self.register(Self.clock())
        #expect(rows["blr-aze-buk-mb"]?.status == .serviced)
        #expect(rows["blr-aze-su-25"]?.status == .serviced)
        #expect(rows["blr-aze-su-27"]?.status == .serviced)
        #expect(rows["blr-aze-t-72m1"]?.status == .delivered)
        #expect(rows["blr-aze-air-defence-2018"]?.status == .ordered)
    }

    @Test func cstoMembershipsInvocationAndAnswerAreRecorded() throws {
        var obligations = ObligationsProjection()
        Replay(events: try Self.ledger.events(), clock: Self.clock()).fold(&obligations)
        let csto = try #require(obligations.alliances["csto"])
        #expect(csto.isCollectiveDefence)
        let in2020 = Day(year: 2020, month: 9, day: 27)!
        #expect(Set(csto.members(on: in2020).map(\.rawValue)).isSuperset(of: ["ARM", "RUS", "BLR", "KAZ"]))
        #expect(!csto.isMember(ActorCode("AZE")!, on: in2020), "Azerbaijan left in 1999")
        #expect(csto.isMember(ActorCode("AZE")!, on: Day(year: 1995, month: 1, day: 1)!))
        #expect(!csto.isMember(ActorCode("ARM")!, on: Day(year: 2024, month: 6, day: 30)!), "Armenia froze its participation in 2024")
        let invocations = obligations.invocations(in: "csto")
        let request = try #require(invocations.first { $0.by.rawValue == "ARM" })
        #expect(request.invocation.event.occurred.text == "2022-09-13")
        #expect(request.fulfilled == false)
        #expect(csto.changes.contains { $0.kind == .withdrawalAnnounced && $0.member.rawValue == "ARM" })
    }

    @Test func theFiveConflictsStartAndEnd() throws {
        var obligations = ObligationsProjection()
        Replay(events: try Self.ledger.events(), clock: Self.clock()).fold(&obligations)
        for id in ["nagorno-karabakh", "war-2016-april", "war-2020", "incursion-2022", "offensive-2023"] {
            let conflict = try #require(obligations.conflicts[id], "\(id)")
            #expect(conflict.end != nil, "\(id) has ended")
        }
        let war = try #require(obligations.conflicts["war-2020"])
        #expect(war.start == Day(year: 2020, month: 9, day: 27))
        #expect(war.end == Day(year: 2020, month: 11, day: 10))
    }

    @Test func belarusArmedAnAdversaryOfAFellowCSTOMember() throws {
        var obligations = ObligationsProjection()
        Replay(events: try Self.ledger.events(), clock: Self.clock(asOf: "2020-09-27")).fold(&obligations)
        let rows = obligations.conflictingTransfers(in: "csto")
        #expect(rows.contains { $0.facts.supplier.rawValue == "BLR" && $0.facts.recipient.rawValue == "AZE" && $0.against.rawValue == "ARM" })
    }

    @Test func citedStatementsAreClaims() throws {
        let statements = try Self.ledger.events().filter { $0.type == .statementMade }
        #expect(statements.count >= 4)
        #expect(statements.allSatisfy { $0.confidence == .claimed })
        let speakers = Set(statements.compactMap { event -> String? in
            if case .statement(_, let speaker, _, _) = event.payload { return speaker }
            return nil
        })
        #expect(speakers.contains { $0.contains("Lukashenko") })
        #expect(speakers.contains { $0.contains("Lavrov") })
        #expect(speakers.contains { $0.contains("Aliyev") })
    }

    @Test func everyFactCitesASourceAndEverySystemIsDescribed() throws {
        let events = try Self.ledger.events()
        for event in events where !event.type.mayOmitSources {
            #expect(!event.sources.isEmpty, "\(event.id)")
        }
        let described = Set(events.compactMap { event -> String? in
            if case .system(let d) = event.payload { return d.system }
            return nil
        })
        for event in events {
            if let facts = event.payload.transfer { #expect(described.contains(facts.system), "\(facts.system) of \(event.id)") }
        }
        let polonez = events.compactMap { event -> SystemDescription? in
            if case .system(let d) = event.payload, d.system == "Polonez" { return d }
            return nil
        }.first
        #expect(polonez?.rangeKm == 300)
    }
}
