import Testing
@testable import ArmsLedger

private typealias F = EventFactory

@Suite("Register projection")
struct RegisterTests {
    // MARK: As-of boundaries and date precision

    @Test("A delivery dated D is absent the day before D and counted on D and after")
    func asOfDayBoundaries() throws {
        let events = try F.events([F.deal("delivered", id: "e1", occurred: "2020-09-27", quantity: 5)])
        #expect(F.register(events, F.clock(asOf: "2020-09-26"))["d1"] == nil)
        let onDay = try #require(F.register(events, F.clock(asOf: "2020-09-27"))["d1"])
        #expect(onDay.status == .delivered && onDay.delivered == 5 && !onDay.marks.uncertainDate)
        #expect(F.register(events, F.clock(asOf: "2020-09-28"))["d1"]?.delivered == 5)
    }

    @Test("A month date straddling D counts as uncertain-date, and not at all with strict dates")
    func monthDateStraddlingAsOf() throws {
        let events = try F.events([F.deal("ordered", id: "e1", occurred: "2020-09", quantity: 3)])
        #expect(F.register(events, F.clock(asOf: "2020-08-31"))["d1"] == nil)
        #expect(F.register(events, F.clock(asOf: "2020-09-15"))["d1"]?.marks.uncertainDate == true)
        #expect(F.register(events, F.clock(asOf: "2020-09-15", strict: true))["d1"] == nil)
        #expect(F.register(events, F.clock(asOf: "2020-09-30"))["d1"]?.marks.uncertainDate == false)
        #expect(F.register(events, F.clock(asOf: "2020-09-30", strict: true))["d1"]?.ordered == 3)
    }

    @Test("A season date (autumn 2020) straddling D is uncertain-date")
    func seasonDateStraddlingAsOf() throws {
        let events = try F.events([F.deal("delivered", id: "e1", occurred: "2020-23", quantity: 2)])
        #expect(F.register(events, F.clock(asOf: "2020-08-31"))["d1"] == nil)
        let row = try #require(F.register(events, F.clock(asOf: "2020-10-01"))["d1"])
        #expect(row.marks.uncertainDate && row.delivered == 2)
        #expect(F.register(events, F.clock(asOf: "2020-11-30"))["d1"]?.marks.uncertainDate == false)
    }

    @Test("An interval straddling D is uncertain-date, and excluded with strict dates")
    func intervalStraddlingAsOf() throws {
        let events = try F.events([F.deal("delivered", id: "e1", occurred: "2019/2021", quantity: 8)])
        #expect(F.register(events, F.clock(asOf: "2020-06-01"))["d1"]?.marks.uncertainDate == true)
        #expect(F.register(events, F.clock(asOf: "2020-06-01", strict: true))["d1"] == nil)
        #expect(F.register(events, F.clock(asOf: "2018-12-31"))["d1"] == nil)
    }

    @Test("Open intervals: ../1999 counts at any D; 2023-09/.. counts from September 2023 but always uncertain")
    func openIntervals() throws {
        let events = try F.events([
            F.deal("delivered", id: "old", deal: "old", occurred: "../1999", known: "2000", quantity: 1),
            F.deal("delivered", id: "new", deal: "new", occurred: "2023-09/..", known: "2023-09", quantity: 1),
        ])
        let early = F.register(events, F.clock(asOf: "1990-01-01"))
        #expect(early["old"]?.marks.uncertainDate == true)
        #expect(early["new"] == nil)
        let late = F.register(events, F.clock(asOf: "2024"))
        #expect(late["old"]?.marks.uncertainDate == false)
        #expect(late["new"]?.marks.uncertainDate == true)
        #expect(F.register(events, F.clock(asOf: "2024", strict: true))["new"] == nil)
        #expect(F.register(events, F.clock(asOf: "2023-08-31"))["new"] == nil)
        // Without --as-of, D is the end of time: nothing is uncertain.
        #expect(F.register(events)["new"]?.marks.uncertainDate == false)
    }

    // MARK: Known-at and corrections

    @Test("A delivery known only from a leak is hidden before the leak's date")
    func knownAtHidesLeak() throws {
        let events = try F.events([
            F.deal("ordered", id: "e1", occurred: "2020-01-10", quantity: 6),
            F.deal("delivered", id: "e2", occurred: "2020-06-01", known: "2022-03-01", sourceKind: "leak", quantity: 6),
        ])
        let before = try #require(F.register(events, F.clock(knownAt: "2022-02-28"))["d1"])
        #expect(before.status == .ordered && before.delivered == 0)
        let after = try #require(F.register(events, F.clock(knownAt: "2022-03-01"))["d1"])
        #expect(after.status == .delivered && after.delivered == 6)
    }

    @Test("A retraction known after K does not apply; known by K it removes the deal")
    func retractionByKnownDate() throws {
        let events = try F.events([
            F.deal("delivered", id: "e1", occurred: "2018-05-01", quantity: 4),
            F.retraction(id: "r1", target: "e1", occurred: "2018-05-02", known: "2021-01-15"),
        ])
        #expect(F.register(events, F.clock(knownAt: "2021-01-14"))["d1"]?.delivered == 4)
        #expect(F.register(events, F.clock(knownAt: "2021-01-15"))["d1"] == nil)
        // Corrections are knowledge: an early as-of does not stop a known retraction.
        #expect(F.register(events, F.clock(asOf: "2018-12-31"))["d1"] == nil)
    }

    @Test("A disputed event still counts and marks its deal disputed")
    func disputeKeepsAndMarks() throws {
        let events = try F.events([
            F.deal("delivered", id: "e1", occurred: "2018-05-01", quantity: 4),
            F.dispute(id: "x1", target: "e1", by: "RUS"),
        ])
        let row = try #require(F.register(events)["d1"])
        #expect(row.delivered == 4 && row.marks.disputed && row.marks.compact == "D")
        #expect(F.register(events, F.clock(knownAt: "2022-12-31"))["d1"]?.marks.disputed == false)
    }

    // MARK: Quantities

    @Test("Unknown quantities add nothing, set quantity_unknown and show as 4+? or ?")
    func unknownQuantities() throws {
        let events = try F.events([
            F.deal("ordered", id: "e1", occurred: "2019-01-01"),
            F.deal("delivered", id: "e2", occurred: "2019-05-01"),
            F.deal("delivered", id: "e3", occurred: "2019-06-01", quantity: 4, estimated: true),
        ])
        let row = try #require(F.register(events)["d1"])
        #expect(row.ordered == 0 && row.delivered == 4)
        #expect(row.orderedQuantityUnknown && row.deliveredQuantityUnknown)
        #expect(row.orderedText == "?" && row.deliveredText == "4+?")
        #expect(row.marks == Marks(quantityUnknown: true, estimated: true))
        #expect(row.json["quantity_unknown"] == .bool(true))
        #expect(row.json["estimated"] == .bool(true))
    }

    @Test("service.delivered counts as delivered units and sets status serviced")
    func servicesCountAsDelivered() throws {
        let events = try F.events([
            F.deal("delivered", id: "e1", occurred: "2015-03-01", quantity: 10),
            F.deal("service", id: "e2", occurred: "2019-03-01", quantity: 2),
        ])
        let row = try #require(F.register(events)["d1"])
        #expect(row.status == .serviced && row.delivered == 12)
        #expect(row.firstDelivery?.text == "2015-03-01" && row.lastDelivery?.text == "2019-03-01")
    }

    // MARK: Status

    @Test("A deal blocked and later delivered is delivered")
    func blockedThenDelivered() throws {
        let events = try F.events([
            F.deal("blocked", id: "e1", occurred: "2019-01-01", by: "RUS"),
            F.deal("delivered", id: "e2", occurred: "2020-01-01", quantity: 1),
        ])
        #expect(F.register(events)["d1"]?.status == .delivered)
    }

    @Test("A deal offered and then declined is declined")
    func offeredThenDeclined() throws {
        let events = try F.events([
            F.deal("offered", id: "e1", occurred: "2019-01-01", quantity: 10),
            F.deal("declined", id: "e2", occurred: "2019-02-01", by: "ARM"),
        ])
        let row = try #require(F.register(events)["d1"])
        #expect(row.status == .declined && row.ordered == 0 && !row.marks.quantityUnknown)
    }

    @Test("Status follows the occurred lower bound, not the ledger order")
    func statusByOccurredNotSeq() throws {
        let events = try F.events([
            F.deal("delivered", id: "e1", occurred: "2020-06-01", quantity: 1),
            F.deal("ordered", id: "e2", occurred: "2019-01-01", quantity: 1),
        ])
        #expect(F.register(events)["d1"]?.status == .delivered)
    }

    @Test("Events with the same lower bound are ordered by seq: the later line wins")
    func statusTieBrokenBySeq() throws {
        let events = try F.events([
            F.deal("ordered", id: "e1", occurred: "2020-01-01", quantity: 1),
            F.deal("cancelled", id: "e2", occurred: "2020", known: "2020"),
            F.deal("ordered", id: "e3", deal: "d2", occurred: "2020"),
            F.deal("cancelled", id: "e4", deal: "d2", occurred: "2020-01-01"),
            F.deal("ordered", id: "e5", deal: "d2", occurred: "2020-01"),
        ])
        let rows = F.register(events)
        #expect(rows["d1"]?.status == .cancelled)
        #expect(rows["d2"]?.status == .ordered)
    }

    // MARK: Other columns

    @Test("Value is the ordered value when any, else the delivered value; confidence is the weakest")
    func valueConfidenceSources() throws {
        let events = try F.events([
            F.deal("ordered", id: "e1", occurred: "2016-01-01", publisher: "A", confidence: "confirmed",
                   quantity: 4, value: 100),
            F.deal("ordered", id: "e2", occurred: "2016-02-01", publisher: "B", confidence: "reported",
                   quantity: 2, value: 50, currency: "EUR"),
            F.deal("delivered", id: "e3", occurred: "2016-09-01", publisher: "A", confidence: "claimed",
                   quantity: 6, value: 999),
            F.deal("delivered", id: "e4", deal: "d2", occurred: "2017-01-01", quantity: 1, value: 7),
            F.deal("delivered", id: "e5", deal: "d2", occurred: "2017-02-01", quantity: 1, value: 8),
        ])
        let rows = F.register(events)
        let d1 = try #require(rows["d1"])
        #expect(d1.value == [Money(amount: 50, currency: "EUR"), Money(amount: 100, currency: "USD")])
        #expect(d1.valueBasis == .ordered)
        #expect(d1.confidence == .claimed)
        #expect(d1.sources == 3 && d1.events == 3)
        let d2 = try #require(rows["d2"])
        #expect(d2.value == [Money(amount: 15, currency: "USD")] && d2.valueBasis == .delivered)
    }

    @Test("Rows are sorted by supplier, recipient, system, deal")
    func sortOrder() throws {
        let events = try F.events([
            F.deal("ordered", id: "e1", deal: "z", supplier: "RUS", recipient: "ARM", system: "B", occurred: "2020"),
            F.deal("ordered", id: "e2", deal: "y", supplier: "ISR", recipient: "AZE", system: "A", occurred: "2020"),
            F.deal("ordered", id: "e3", deal: "x", supplier: "RUS", recipient: "ARM", system: "A", occurred: "2020"),
            F.deal("ordered", id: "e4", deal: "a", supplier: "RUS", recipient: "ARM", system: "B", occurred: "2020"),
        ])
        var register = RegisterProjection()
        Replay(events: events, clock: ReplayClock()).fold(&register)
        #expect(register.rows.map(\.deal) == ["y", "x", "a", "z"])
    }

    // MARK: Report

    @Test("The register JSON starts with the SPEC keys in order")
    func reportJSONKeys() throws {
        let events = try F.events([F.deal("delivered", id: "e1", occurred: "2020-09", quantity: 5)])
        let report = RegisterReport.make(Replay(events: events, clock: F.clock(asOf: "2020-09-15")))
        #expect(F.keys(report.json) == ["as_of", "known_at", "deals"])
        #expect(report.json.objectValue?["as_of"] == .string("2020-09-15"))
        #expect(report.json.objectValue?["known_at"] == .null)
        let deal = try #require(report.json.objectValue?["deals"]?.arrayValue?.first)
        #expect(Array(F.keys(deal).prefix(9)) == ["deal", "supplier", "recipient", "system", "category", "status",
                                                  "ordered", "delivered", "quantity_unknown"])
        #expect(deal.objectValue?["uncertain_date"] == .bool(true))
        #expect(deal.objectValue?["first_delivery"] == .string("2020-09"))
    }

    @Test("The register table shows unknown units as ? and marks as letters with a legend")
    func reportTable() throws {
        let events = try F.events([
            F.deal("delivered", id: "e1", occurred: "2020-01-01"),
            F.dispute(id: "x1", target: "e1"),
        ])
        let report = RegisterReport.make(Replay(events: events, clock: ReplayClock()))
        let section = try #require(report.sections.first)
        let row = try #require(section.rows.first)
        #expect(row.count == section.columns.count)
        let del = try #require(section.columns.firstIndex { $0.title == "Del" })
        #expect(row[del] == "?" && section.columns[del].numeric)
        #expect(row.last == "DU")
        #expect(section.footnotes.contains(Marks.legend))
    }
}
