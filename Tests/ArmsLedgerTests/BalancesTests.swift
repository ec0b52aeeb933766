import Testing
@testable import ArmsLedger

private typealias F = EventFactory

@Suite("Balances projection")
struct BalancesTests {
    static func ledger() throws -> [Event] {
        try F.events([
            F.deal("delivered", id: "e1", deal: "a", supplier: "RUS", recipient: "ARM", system: "Iskander-E",
                   category: "ballistic-missile", occurred: "2016-09-01", quantity: 20, value: 100),
            F.deal("delivered", id: "e2", deal: "b", supplier: "RUS", recipient: "ARM", system: "T-90",
                   category: "armour", occurred: "2017-01-01", quantity: 10),
            F.deal("ordered", id: "e3", deal: "c", supplier: "BLR", recipient: "ARM", system: "Polonez",
                   category: "rocket-artillery", occurred: "2017-01-01", quantity: 12),
            F.deal("delivered", id: "e4", deal: "c", supplier: "BLR", recipient: "ARM", system: "Polonez",
                   category: "rocket-artillery", occurred: "2018-01-01", quantity: 10),
            F.deal("delivered", id: "e5", deal: "d", supplier: "ISR", recipient: "AZE", system: "Harop",
                   category: "loitering-munition", occurred: "2016-04-01"),
        ])
    }

    static func rows(_ events: [Event], supplier: String? = nil, recipient: String? = nil) -> [String: BalanceRow] {
        var balances = BalancesProjection()
        Replay(events: events, clock: ReplayClock()).fold(&balances)
        let rows = balances.rows(supplier: supplier.flatMap(ActorCode.init), recipient: recipient.flatMap(ActorCode.init))
        return Dictionary(uniqueKeysWithValues: rows.map { ("\($0.supplier)-\($0.recipient)", $0) })
    }

    @Test("Each supplier's share is its part of the units the recipient received")
    func shares() throws {
        let rows = Self.rows(try Self.ledger())
        let rus = try #require(rows["RUS-ARM"])
        #expect(rus.deals == 2 && rus.delivered == 30 && rus.share == 0.75)
        #expect(rus.categories == [.ballisticMissile: 20, .armour: 10])
        #expect(rus.value == [Money(amount: 100, currency: "USD")])
        let blr = try #require(rows["BLR-ARM"])
        #expect(blr.ordered == 12 && blr.delivered == 10 && blr.share == 0.25)
        #expect(blr.shareText == "25.0%")
    }

    @Test("A recipient with no known units gets a null share and a ? count")
    func unknownIntakeHasNoShare() throws {
        let row = try #require(Self.rows(try Self.ledger())["ISR-AZE"])
        #expect(row.share == nil && row.deliveredText == "?" && row.marks.quantityUnknown)
        #expect(row.json["share"] == .null)
        #expect(row.categoriesText == "loitering-munition ?")
    }

    @Test("Filters keep shares relative to the recipient's whole intake")
    func filtersKeepShares() throws {
        let rows = Self.rows(try Self.ledger(), supplier: "BLR")
        #expect(Array(rows.keys) == ["BLR-ARM"])
        #expect(rows["BLR-ARM"]?.share == 0.25)
        #expect(Self.rows(try Self.ledger(), recipient: "AZE").keys.sorted() == ["ISR-AZE"])
    }

    @Test("Shares are rounded to 3 decimals")
    func shareRounding() throws {
        let events = try F.events([
            F.deal("delivered", id: "e1", deal: "a", supplier: "RUS", occurred: "2016", quantity: 2),
            F.deal("delivered", id: "e2", deal: "b", supplier: "BLR", occurred: "2016", quantity: 1),
        ])
        let rows = Self.rows(events)
        #expect(rows["RUS-ARM"]?.share == 0.667)
        #expect(rows["RUS-ARM"]?.json["share"] == .number("0.667"))
        #expect(rows["BLR-ARM"]?.json["share"] == .number("0.333"))
    }

    @Test("The balances JSON starts with the SPEC keys in order")
    func reportJSONKeys() throws {
        let report = BalancesReport.make(Replay(events: try Self.ledger(), clock: ReplayClock()),
                                         supplier: ActorCode("RUS"), recipient: nil)
        #expect(Array(F.keys(report.json).prefix(3)) == ["as_of", "known_at", "pairs"])
        let pairs = try #require(report.json.objectValue?["pairs"]?.arrayValue)
        #expect(pairs.count == 1)
        #expect(Array(F.keys(pairs[0]).prefix(5)) == ["supplier", "recipient", "deals", "ordered", "delivered"])
        #expect(pairs[0].objectValue?["share"] == .number("0.75"))
        #expect(pairs[0].objectValue?["categories"] == .object(JSONObject([("ballistic-missile", .integer(20)),
                                                                           ("armour", .integer(10))])))
        #expect(report.sections[0].rows.count == 1)
    }

    @Test("Deals with every event retracted do not count toward a pair")
    func retractedDealsDoNotCount() throws {
        let events = try F.events([
            F.deal("delivered", id: "e1", deal: "a", occurred: "2016", quantity: 3),
            F.deal("delivered", id: "e2", deal: "b", occurred: "2016", quantity: 5),
            F.retraction(id: "r1", target: "e2"),
        ])
        let row = try #require(Self.rows(events)["RUS-ARM"])
        #expect(row.deals == 1 && row.delivered == 3 && row.share == 1)
    }
}
