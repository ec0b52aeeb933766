import Testing
@testable import ArmsLedger

@Suite("BalanceOfPower")
struct BalanceOfPowerTests {
    typealias F = ObligationFixture

    static let arm = ActorCode("ARM")!
    static let aze = ActorCode("AZE")!

    /// ARM and BLR allied from 2000; ARM–AZE at war from 2010. AZE gets air defence (one estimate,
    /// one unknown quantity), armour from ISR and a service; ARM gets missiles from RUS; RUS arms both.
    static let ledger = [
        F.alliance(),
        F.membership("joined", "ARM", on: "2000-01-01"),
        F.membership("joined", "BLR", on: "2000-01-01"),
        F.conflictStarted("war", (["ARM"], ["AZE"]), on: "2010-01-01"),
        F.system("Iskander", category: "ballistic-missile", rangeKm: 300, origin: "RUS"),
        F.system("Buk-MB", category: "air-defence", rangeKm: 45, origin: "BLR"),
        F.delivery("rus-arm-iskander", "RUS", to: "ARM", on: "2016-09", system: "Iskander", category: "ballistic-missile", quantity: 4),
        F.delivery("rus-aze-tanks", "RUS", to: "AZE", on: "2012-05", system: "T-90S", category: "armour", quantity: 20),
        F.delivery("blr-aze-buk-1", "BLR", to: "AZE", on: "2017-03", system: "Buk-MB", category: "air-defence", quantity: 10, estimated: true),
        F.delivery("blr-aze-buk-2", "BLR", to: "AZE", on: "2021-02", system: "Buk-MB", category: "air-defence"),
        F.delivery("isr-aze-barak", "ISR", to: "AZE", on: "2020-10-01", system: "Barak-8", category: "air-defence", quantity: 4),
        F.delivery("blr-aze-su25", "BLR", to: "AZE", on: "2019-08-01", system: "Su-25", category: "combat-aircraft", service: "modernisation"),
        F.delivery("tur-aze-bayraktar", "TUR", to: "AZE", on: "2020-07-01", system: "TB2", category: "uav", quantity: 6),
        F.retraction("tur-aze-bayraktar", known: "2023"),
    ]

    func report(asOf: String? = "2024-06-30", knownAt: String? = nil, since: String? = nil,
                sides: (ActorCode, ActorCode) = (arm, aze)) throws -> Report {
        try BalanceOfPowerReport.make(events: try F.events(Self.ledger), clock: F.clock(asOf: asOf, knownAt: knownAt), sides: sides,
                                      since: since.map { try EDTFDate(parsing: $0) })
    }

    func side(_ report: Report, _ index: Int) -> JSONValue? { report.json[obligationKey: "sides"]?[obligationIndex: index] }

    @Test func jsonCarriesTheSpecKeysInOrder() throws {
        let report = try report()
        #expect(Array(F.keys(report.json).prefix(4)) == ["as_of", "known_at", "since", "sides"])
        #expect(report.json[obligationKey: "since"] == .null)
        let aze = try #require(side(report, 1))
        #expect(Array(F.keys(aze).prefix(3)) == ["actor", "categories", "suppliers"])
        #expect(aze[obligationKey: "actor"] == .string("AZE"))
        #expect(F.keys(aze[obligationKey: "categories"]?[obligationKey: "air-defence"]).first == "delivered")
        #expect(Array(F.keys(aze[obligationKey: "suppliers"]?[obligationKey: "BLR"]).prefix(2)) == ["delivered", "share"])
    }

    @Test func estimatesAndUnknownQuantitiesAreMarkedNeverSummedAsCertain() throws {
        let aze = try #require(side(try report(), 1))
        let airDefence = try #require(aze[obligationKey: "categories"]?[obligationKey: "air-defence"])
        #expect(airDefence[obligationKey: "delivered"] == .integer(14))
        #expect(airDefence[obligationKey: "deliveries"] == .integer(3))
        #expect(airDefence[obligationKey: "estimated"] == .bool(true))
        #expect(airDefence[obligationKey: "quantity_unknown"] == .bool(true))
        let armour = try #require(aze[obligationKey: "categories"]?[obligationKey: "armour"])
        #expect(armour[obligationKey: "estimated"] == .bool(false))
        #expect(armour[obligationKey: "quantity_unknown"] == .bool(false))
    }

    @Test func suppliersCarryTheirShareOfKnownUnits() throws {
        let suppliers = try #require(side(try report(), 1)?[obligationKey: "suppliers"])
        #expect(F.keys(suppliers) == ["RUS", "BLR", "ISR"])
        #expect(suppliers[obligationKey: "RUS"]?[obligationKey: "share"] == .number("0.588"))  // 20 of 34
        #expect(suppliers[obligationKey: "BLR"]?[obligationKey: "delivered"] == .integer(10))
        #expect(suppliers[obligationKey: "BLR"]?[obligationKey: "services"] == .integer(1))
        #expect(suppliers[obligationKey: "ISR"]?[obligationKey: "share"] == .number("0.118"))
    }

    @Test func aRetractedDeliveryIsNotCounted() throws {
        let aze = try #require(side(try report(), 1))
        #expect(aze[obligationKey: "categories"]?[obligationKey: "uav"] == nil)
        #expect(aze[obligationKey: "suppliers"]?[obligationKey: "TUR"] == nil)
        // Before the retraction is known, it counts.
        let early = try #require(side(try report(knownAt: "2022"), 1))
        #expect(early[obligationKey: "categories"]?[obligationKey: "uav"]?[obligationKey: "delivered"] == .integer(6))
    }

    @Test func servicesAreCountedApartFromUnits() throws {
        let aze = try #require(side(try report(), 1))
        let aircraft = try #require(aze[obligationKey: "categories"]?[obligationKey: "combat-aircraft"])
        #expect(aircraft[obligationKey: "delivered"] == .integer(0))
        #expect(aircraft[obligationKey: "services"] == .integer(1))
        #expect(aircraft[obligationKey: "quantity_unknown"] == .bool(false))
    }

    @Test func systemsCarryTheirRangesLongestFirst() throws {
        let arm = try #require(side(try report(), 0)?[obligationKey: "systems"]?[obligationIndex: 0])
        #expect(arm[obligationKey: "system"] == .string("Iskander"))
        #expect(arm[obligationKey: "range_km"] == .integer(300))
        let azeSystems = side(try report(), 1)?[obligationKey: "systems"]?.arrayValue ?? []
        #expect(azeSystems.first?[obligationKey: "system"] == .string("Buk-MB"))
        #expect(azeSystems.dropFirst().allSatisfy { $0[obligationKey: "range_km"] == .null })
    }

    @Test func lastFiveYearsCountsDeliveriesFromTheSameDayFiveYearsBefore() throws {
        let recent = try #require(side(try report(), 1)?[obligationKey: "recent"])
        #expect(recent[obligationKey: "from"] == .string("2019-06-30"))
        #expect(recent[obligationKey: "to"] == .string("2024-06-30"))
        // Buk-MB 2021-02 (unknown quantity) and Barak-8 2020-10-01; the Su-25 service of 2019-08-01.
        #expect(recent[obligationKey: "delivered"] == .integer(4))
        #expect(recent[obligationKey: "deliveries"] == .integer(2))
        #expect(recent[obligationKey: "services"] == .integer(1))
        #expect(recent[obligationKey: "quantity_unknown"] == .bool(true))
    }

    @Test func withoutAnAsOfDateTheWindowEndsAtTheLatestEvent() throws {
        let balance = try BalanceOfPowerReport.make(events: try F.events(Self.ledger), clock: ReplayClock(),
                                                     sides: (Self.arm, Self.aze), since: nil)
        let recent = try #require(side(balance, 1)?[obligationKey: "recent"])
        // The latest counted event is the Buk-MB delivery of 2021-02 (corrections do not count).
        #expect(recent[obligationKey: "to"] == .string("2021-02-01"))
        #expect(recent[obligationKey: "from"] == .string("2016-02-01"))
    }

    @Test func sinceReportsTheChangePerCategoryAndPerSystem() throws {
        let report = try report(since: "2018")
        #expect(report.json[obligationKey: "since"] == .string("2018"))
        let change = try #require(side(report, 1)?[obligationKey: "change"])
        let airDefence = try #require(change[obligationKey: "categories"]?[obligationKey: "air-defence"])
        #expect(airDefence[obligationKey: "then"] == .integer(10))
        #expect(airDefence[obligationKey: "now"] == .integer(14))
        #expect(airDefence[obligationKey: "change"] == .integer(4))
        #expect(airDefence[obligationKey: "deliveries_change"] == .integer(2))
        // The change is the Barak-8 and the Buk-MB of unknown quantity, not the 2017 estimate.
        #expect(airDefence[obligationKey: "quantity_unknown"] == .bool(true))
        #expect(airDefence[obligationKey: "estimated"] == .bool(false))
        let armour = try #require(change[obligationKey: "categories"]?[obligationKey: "armour"])
        #expect(armour[obligationKey: "change"] == .integer(0))
        let buk = try #require(change[obligationKey: "systems"]?[obligationKey: "Buk-MB"])
        #expect(buk[obligationKey: "deliveries_change"] == .integer(1))
        #expect(report.sections.contains { $0.title == "Change since 2018, by category" })
        #expect(report.sections.contains { $0.title == "Change since 2018, by system" })
    }

    @Test func sinceMustBeBeforeTheAsOfDate() throws {
        #expect(throws: BalanceOfPowerError.sinceNotBeforeAsOf(since: "2024", asOf: "2024-06-30")) {
            try report(since: "2024")
        }
        #expect(throws: BalanceOfPowerError.sinceNotBeforeAsOf(since: "2025", asOf: "2024-06-30")) {
            try report(since: "2025")
        }
    }

    @Test func anUnknownSideIsAnErrorWithADidYouMean() throws {
        let error = BalanceOfPowerError.unknownActor(ActorCode("AMR")!, suggestion: Self.arm)
        #expect(throws: error) { try report(sides: (ActorCode("AMR")!, Self.aze)) }
        #expect(error.description == "balance-of-power: unknown actor AMR: no event in the ledger names it; did you mean ARM?")
        #expect(throws: BalanceOfPowerError.sameActor(Self.arm)) { try report(sides: (Self.arm, Self.arm)) }
    }

    @Test func suppliersThatArmedBothSidesAndAlliesThatArmedTheOtherSide() throws {
        let report = try report()
        let both = report.json[obligationKey: "armed_both"]?.arrayValue ?? []
        #expect(both.map { $0[obligationKey: "supplier"] } == [.string("RUS")])
        let allies = report.json[obligationKey: "allies_arming_other_side"]?.arrayValue ?? []
        #expect(allies.map { $0[obligationKey: "deal"] } == ["blr-aze-buk-1", "blr-aze-su25", "blr-aze-buk-2"].map(JSONValue.string))
        #expect(allies.allSatisfy { $0[obligationKey: "against"] == .string("ARM") && $0[obligationKey: "alliance"] == .string("pact") })
    }

    @Test func theBriefIsThreeToSixSentencesDrivenByTheNumbersAndHedged() throws {
        let report = try report(since: "2018")
        #expect(!report.notesFirst)
        #expect((3...6).contains(report.notes.count))
        #expect(report.notes[0] == "Armenia received 4 units in 1 delivery against Azerbaijan's at least 34 units (some quantities unknown, some estimated) in 4 deliveries and 1 service.")
        #expect(report.notes[1] == "Since 2018, Azerbaijan gained most in air-defence: at least 4 units (some quantities unknown) against Armenia's 0 units.")
        #expect(report.notes.contains { $0.hasPrefix("Russian Federation dominates Armenia's supply with 4 of 4 known units (100%)") })
        #expect(report.notes.contains("Russian Federation armed both sides."))
        #expect(report.notes.last?.contains("Belarus, Armenia's ally in PACT, made 3 deliveries to Azerbaijan") == true)
        #expect(report.json[obligationKey: "brief"]?.arrayValue?.count == report.notes.count)
    }

    @Test func theTitleNamesBothDatesAndTheKnownAtDate() throws {
        let report = try report(knownAt: "2024-07", since: "2018")
        #expect(report.title == "Balance of power: Armenia vs Azerbaijan, from 2018 to 2024-06-30 (known at 2024-07)")
        #expect(report.json[obligationKey: "known_at"] == .string("2024-07"))
    }

    @Test func tablesAreSideBySideNumericAndFitEightyColumns() throws {
        let report = try report(since: "2018")
        let primary = try #require(report.sections.first)
        #expect(primary.columns.map(\.title) == ["Category", "ARM units", "ARM dlv", "ARM mk", "AZE units", "AZE dlv", "AZE mk"])
        #expect(primary.columns.filter(\.numeric).count == 4)
        #expect(primary.rows.first { $0[0] == "air-defence" } == ["air-defence", "0", "0", "", "14", "3", "U~"])
        #expect(primary.rows.last?[0] == "total")
        for format in [ReportFormat.table] {
            let text = ReportRenderer.render(report, as: format, width: 80)
            for line in text.split(separator: "\n").dropFirst(3) {  // the title and context lines are not tables
                #expect(TerminalText.displayWidth(String(line)) <= 80, "\(line)")
            }
        }
    }
}
