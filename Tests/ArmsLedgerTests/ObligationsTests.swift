import Testing
@testable import ArmsLedger

@Suite("Obligations")
struct ObligationsTests {
    typealias F = ObligationFixture

    /// The pact: ARM and BLR members from 2000, conflict ARM–AZE from 2010.
    static let base = [
        F.alliance(),
        F.membership("joined", "ARM", on: "2000-01-01"),
        F.membership("joined", "BLR", on: "2000-01-01"),
        F.conflictStarted("war", (["ARM"], ["AZE"]), on: "2010-01-01"),
    ]

    func projection(_ lines: [String], asOf: String? = nil, knownAt: String? = nil) throws -> ObligationsProjection {
        var projection = ObligationsProjection()
        Replay(events: try F.events(lines), clock: F.clock(asOf: asOf, knownAt: knownAt)).fold(&projection)
        return projection
    }

    func conflicting(_ lines: [String], asOf: String? = nil) throws -> [String] {
        try projection(lines, asOf: asOf).conflictingTransfers(in: "pact").map(\.replayed.event.id)
    }

    @Test func aDeliveryToAnAdversaryOfAFellowMemberDuringAnOpenConflictConflicts() throws {
        let rows = try projection(Self.base + [F.delivery("blr-aze-1", "BLR", to: "AZE", on: "2012-06", quantity: 4)])
            .conflictingTransfers(in: "pact")
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.facts.supplier.rawValue == "BLR")
        #expect(row.facts.recipient.rawValue == "AZE")
        #expect(row.against.rawValue == "ARM")
        #expect(row.conflict.id == "war")
        #expect(row.marks.isEmpty)
    }

    @Test func theConflictCountsFromTheDayItStartedAndNotTheDayItEnded() throws {
        let ids = try conflicting(Self.base + [
            F.conflictEnded("war", on: "2012-01-01"),
            F.delivery("d-before-start", "BLR", to: "AZE", on: "2009-12-31"),
            F.delivery("d-start", "BLR", to: "AZE", on: "2010-01-01"),
            F.delivery("d-last-day", "BLR", to: "AZE", on: "2011-12-31"),
            F.delivery("d-end", "BLR", to: "AZE", on: "2012-01-01"),
        ])
        #expect(ids == ["d-start", "d-last-day"])
    }

    @Test func membershipIsAHalfOpenRangeFromTheDayOfJoining() throws {
        let ids = try conflicting(Self.base + [
            F.membership("joined", "KAZ", on: "2011-06-01"),
            F.delivery("kaz-before", "KAZ", to: "AZE", on: "2011-05-31"),
            F.delivery("kaz-joined", "KAZ", to: "AZE", on: "2011-06-01"),
        ])
        #expect(ids == ["kaz-joined"])
    }

    @Test func aSuspendedFellowMemberIsNotCutAgainstUntilItRejoins() throws {
        let ids = try conflicting(Self.base + [
            F.membership("suspended", "ARM", on: "2015-01-01"),
            F.membership("joined", "ARM", on: "2016-01-01"),
            F.delivery("d-2014-12-31", "BLR", to: "AZE", on: "2014-12-31"),
            F.delivery("d-2015-01-01", "BLR", to: "AZE", on: "2015-01-01"),
            F.delivery("d-2015-12-31", "BLR", to: "AZE", on: "2015-12-31"),
            F.delivery("d-2016-01-01", "BLR", to: "AZE", on: "2016-01-01"),
        ])
        #expect(ids == ["d-2014-12-31", "d-2016-01-01"])
    }

    @Test func aSuspendedSupplierIsNotBoundWhileSuspended() throws {
        let ids = try conflicting(Self.base + [
            F.membership("suspended", "BLR", on: "2015-01-01"),
            F.delivery("d-2014", "BLR", to: "AZE", on: "2014-06-01"),
            F.delivery("d-2015", "BLR", to: "AZE", on: "2015-06-01"),
        ])
        #expect(ids == ["d-2014"])
    }

    @Test func leavingEndsMembershipButAnnouncingWithdrawalChangesNothing() throws {
        let lines = Self.base + [
            F.membership("withdrawal-announced", "ARM", on: "2017-06-01"),
            F.membership("left", "ARM", on: "2018-01-01"),
            F.delivery("d-announced", "BLR", to: "AZE", on: "2017-07-01"),
            F.delivery("d-last-day", "BLR", to: "AZE", on: "2017-12-31"),
            F.delivery("d-left", "BLR", to: "AZE", on: "2018-01-01"),
        ]
        #expect(try conflicting(lines) == ["d-announced", "d-last-day"])
        let record = try #require(try projection(lines).alliances["pact"])
        #expect(record.members(on: Day(iso: "2017-12-31")!).map(\.rawValue) == ["ARM", "BLR"])
        #expect(record.members(on: Day(iso: "2018-01-01")!).map(\.rawValue) == ["BLR"])
    }

    @Test func aConflictBetweenTwoMembersCutsBothWaysAndCountsARecipientThatIsItselfAMember() throws {
        let rows = try projection([
            F.alliance(),
            F.membership("joined", "ARM", on: "1994-01-01"),
            F.membership("joined", "AZE", on: "1994-01-01"),
            F.membership("joined", "RUS", on: "1994-01-01"),
            F.conflictStarted("war", (["ARM"], ["AZE"]), on: "1991"),
            F.delivery("rus-aze", "RUS", to: "AZE", on: "1995-03-01"),
            F.delivery("rus-arm", "RUS", to: "ARM", on: "1995-04-01"),
        ]).conflictingTransfers(in: "pact")
        #expect(rows.map { "\($0.replayed.event.id)>\($0.against)" } == ["rus-aze>ARM", "rus-arm>AZE"])
    }

    @Test func aSupplierOutsideTheAllianceNeverConflicts() throws {
        #expect(try conflicting(Self.base + [F.delivery("tur-aze", "TUR", to: "AZE", on: "2012-01-01")]).isEmpty)
    }

    @Test func aServiceCountsLikeATransfer() throws {
        let rows = try projection(Self.base + [
            F.delivery("blr-aze-buk", "BLR", to: "AZE", on: "2017-10", system: "Buk-MB", category: "air-defence", service: "modernisation"),
        ]).conflictingTransfers(in: "pact")
        #expect(rows.map(\.replayed.event.type) == [.serviceDelivered])
    }

    @Test func anAllianceThatIsNotCollectiveDefenceHasNoConflictingTransfers() throws {
        let lines = [
            F.alliance("club", collectiveDefence: false),
            F.membership("joined", "ARM", on: "2000-01-01", alliance: "club"),
            F.membership("joined", "BLR", on: "2000-01-01", alliance: "club"),
            F.conflictStarted("war", (["ARM"], ["AZE"]), on: "2010-01-01"),
            F.delivery("blr-aze", "BLR", to: "AZE", on: "2012-01-01"),
        ]
        let projection = try projection(lines)
        #expect(projection.conflictingTransfers(in: "club").isEmpty)
        #expect(projection.collectiveDefenceAlliances.isEmpty)
    }

    @Test func anOpenStartDateCannotBePlacedAndIsListedAsUnplaceable() throws {
        let projection = try projection(Self.base + [F.delivery("blr-aze-old", "BLR", to: "AZE", on: "../2012")])
        #expect(projection.conflictingTransfers(in: "pact").isEmpty)
        #expect(projection.unplaceableTransfers(in: "pact").map(\.event.id) == ["blr-aze-old"])
    }

    @Test func overlappingConflictsGiveOneRowNamingTheEarliestConflict() throws {
        let rows = try projection(Self.base + [
            F.conflictStarted("war-2020", (["ARM"], ["AZE"]), on: "2020-09-27"),
            F.delivery("blr-aze", "BLR", to: "AZE", on: "2020-10-01"),
        ]).conflictingTransfers(in: "pact")
        #expect(rows.count == 1)
        #expect(rows.first?.conflict.id == "war")
        #expect(rows.first?.otherConflicts == ["war-2020"])
    }

    @Test func factsRecordedOutOfDateOrderStillApplyByDate() throws {
        // The conflict and the membership are recorded after the delivery.
        let ids = try conflicting([
            F.alliance(),
            F.membership("joined", "ARM", on: "2000-01-01"),
            F.delivery("blr-aze", "BLR", to: "AZE", on: "2012-01-01"),
            F.membership("joined", "BLR", on: "2000-01-01"),
            F.conflictStarted("war", (["ARM"], ["AZE"]), on: "2010-01-01"),
        ])
        #expect(ids == ["blr-aze"])
    }

    @Test func aConflictEndingAfterTheAsOfDateIsStillOpenAtIt() throws {
        let lines = Self.base + [
            F.conflictEnded("war", on: "2013-01-01"),
            F.delivery("blr-aze-2014", "BLR", to: "AZE", on: "2014-01-01"),
        ]
        #expect(try conflicting(lines).isEmpty)
        // At an as-of date before the delivery, the delivery has not happened.
        #expect(try conflicting(lines, asOf: "2012").isEmpty)
    }

    @Test func retractedDeliveriesAreNotCountedAndDisputedMembershipsMarkTheRow() throws {
        let rows = try projection(Self.base + [
            F.delivery("blr-aze-1", "BLR", to: "AZE", on: "2012-01-01"),
            F.delivery("blr-aze-2", "BLR", to: "AZE", on: "2013-01-01", quantity: 3),
            F.retraction("blr-aze-1"),
            F.dispute("pact.joined.blr.2000-01-01"),
        ]).conflictingTransfers(in: "pact")
        #expect(rows.map(\.replayed.event.id) == ["blr-aze-2"])
        #expect(rows.first?.marks.disputed == true)
    }

    @Test func anAnswerPairsWithTheLatestEarlierInvocationOfTheMemberItAnswers() throws {
        let invocations = try projection(Self.base + [
            F.membership("joined", "KAZ", on: "2000-01-01"),
            F.invoked("inv-arm-1", by: "ARM", on: "2021-05-12", against: "AZE"),
            F.invoked("inv-kaz", by: "KAZ", on: "2022-01-05"),
            F.invoked("inv-arm-2", by: "ARM", on: "2022-09-13", against: "AZE"),
            F.answered("ans-kaz", to: "KAZ", on: "2022-01-06", fulfilled: true, response: "troops sent"),
            F.answered("ans-arm", to: "ARM", on: "2022-09-15", fulfilled: false),
            F.invoked("inv-arm-3", by: "ARM", on: "2023-01-01"),
        ]).invocations(in: "pact")
        #expect(invocations.map(\.invocation.event.id) == ["inv-arm-1", "inv-kaz", "inv-arm-2", "inv-arm-3"])
        #expect(invocations.map(\.fulfilled) == [nil, true, false, nil])
        #expect(invocations[1].response == "troops sent")
        #expect(invocations[3].response == nil)
    }

    @Test func anAnswerMustComeAfterTheInvocationEvenOnTheSameDay() throws {
        let projection = try projection(Self.base + [
            F.answered("ans-arm", to: "ARM", on: "2022-09-13", fulfilled: false),
            F.invoked("inv-arm", by: "ARM", on: "2022-09-13"),
        ])
        #expect(projection.invocations(in: "pact").map(\.fulfilled) == [nil])
        #expect(projection.unpairedAnswers(in: "pact").map(\.event.id) == ["ans-arm"])
    }

    @Test func tallyCountsDistinctDeliveriesAndTheirYears() throws {
        let tallies = try projection(Self.base + [
            F.membership("joined", "KAZ", on: "2000-01-01"),
            F.conflictStarted("war-2020", (["ARM"], ["AZE"]), on: "2011-01-01"),
            F.delivery("blr-aze-1", "BLR", to: "AZE", on: "2013", quantity: 2),
            F.delivery("blr-aze-2", "BLR", to: "AZE", on: "2018/2022", quantity: 4),
        ]).tallies(in: "pact")
        #expect(tallies.map(\.text) == [
            "ARM: no transfers to adversaries of fellow members",
            "BLR: 2 transfers to adversaries of fellow members, 2013\u{2013}2022",
            "KAZ: no transfers to adversaries of fellow members",
        ])
        #expect(tallies[1].units == 6)
    }

    // MARK: - The report

    static let reportLedger = base + [
        F.membership("joined", "KAZ", on: "2000-01-01"),
        F.membership("suspended", "ARM", on: "2024-02-22"),
        F.membership("withdrawal-announced", "ARM", on: "2024-06-12"),
        F.delivery("blr-aze-polonez", "BLR", to: "AZE", on: "2018-06", quantity: 10, estimated: true),
        F.delivery("blr-aze-ew", "BLR", to: "AZE", on: "2018/2022", system: "Groza-S", category: "electronic-warfare"),
        F.invoked("inv-arm", by: "ARM", on: "2022-09-13", against: "AZE"),
        F.answered("ans-arm", to: "ARM", on: "2022-09-13/2022-09-15", fulfilled: false),
        F.invoked("inv-kaz", by: "KAZ", on: "2022-01-05"),
    ]

    func report(asOf: String? = "2024-06-30", alliance: String? = nil) throws -> Report {
        ObligationsReport.make(Replay(events: try F.events(Self.reportLedger), clock: F.clock(asOf: asOf)), alliance: alliance)
    }

    @Test func reportJSONCarriesTheSpecKeysInOrder() throws {
        let json = try report().json
        #expect(F.keys(json).prefix(3) == ["as_of", "known_at", "alliances"])
        #expect(json[obligationKey: "as_of"] == .string("2024-06-30"))
        #expect(json[obligationKey: "known_at"] == .null)
        let alliance = try #require(json[obligationKey: "alliances"]?[obligationIndex: 0])
        #expect(Array(F.keys(alliance).prefix(6)) == ["alliance", "members", "conflicting_transfers", "invocations", "memberships", "tallies"])
        #expect(alliance[obligationKey: "members"] == .array([.string("BLR"), .string("KAZ")]))
        // Ordered by the lower bound of the date: 2018/2022 (2018-01-01) before 2018-06.
        let row = try #require(alliance[obligationKey: "conflicting_transfers"]?[obligationIndex: 1])
        #expect(Array(F.keys(row).prefix(14)) == ["supplier", "recipient", "against", "conflict", "deal", "system", "category",
                                                   "date", "quantity", "sources", "disputed", "uncertain_date", "quantity_unknown", "estimated"])
        #expect(row[obligationKey: "quantity"] == .integer(10))
        #expect(row[obligationKey: "estimated"] == .bool(true))
        let unknown = try #require(alliance[obligationKey: "conflicting_transfers"]?[obligationIndex: 0])
        #expect(unknown[obligationKey: "quantity"] == .null)
        #expect(unknown[obligationKey: "quantity_unknown"] == .bool(true))
        let invocation = try #require(alliance[obligationKey: "invocations"]?[obligationIndex: 1])
        #expect(Array(F.keys(invocation).prefix(4)) == ["by", "occurred", "response", "fulfilled"])
        #expect(invocation[obligationKey: "by"] == .string("ARM"))
        #expect(invocation[obligationKey: "fulfilled"] == .bool(false))
        let unanswered = try #require(alliance[obligationKey: "invocations"]?[obligationIndex: 0])
        #expect(unanswered[obligationKey: "response"] == .null)
        #expect(unanswered[obligationKey: "fulfilled"] == .null)
        let memberships = alliance[obligationKey: "memberships"]?.arrayValue ?? []
        #expect(memberships.map { $0[obligationKey: "event"] } == ["joined", "joined", "joined", "suspended", "withdrawal-announced"].map(JSONValue.string))
        let tally = try #require(alliance[obligationKey: "tallies"]?[obligationIndex: 1])
        #expect(tally[obligationKey: "text"] == .string("BLR: 2 transfers to adversaries of fellow members, 2018\u{2013}2022"))
    }

    @Test func reportTablesListRowsMembersInvocationsMembershipsAndTallies() throws {
        let report = try report()
        #expect(report.title == "Alliance obligations")
        #expect(report.subtitle == ["as of 2024-06-30 \u{00B7} known at: everything recorded"])
        let primary = try #require(report.sections.first)
        #expect(primary.rows.map { $0[0...3].joined(separator: " ") } == ["pact BLR AZE ARM", "pact BLR AZE ARM"])
        #expect(primary.rows[0][7] == "?")
        #expect(primary.rows[0][8] == "U")
        #expect(primary.rows[1][7] == "10")
        #expect(primary.rows[1][8] == "~")
        #expect(primary.columns.first { $0.title == "Qty" }?.numeric == true)
        let titles = report.sections.map { $0.title ?? "" }
        #expect(titles.contains("PACT: members on 2024-06-30"))
        let members = try #require(report.sections.first { $0.title == "PACT: members on 2024-06-30" })
        #expect(members.rows.map(\.[0]) == ["BLR", "KAZ"])
        let invocations = try #require(report.sections.first { $0.title == "PACT: invocations and answers" })
        #expect(invocations.rows.map(\.[3]) == ["unanswered", "no"])
        let tallies = try #require(report.sections.first { $0.title == "PACT: tallies" })
        #expect(tallies.rows.count == 3)
    }

    @Test func reportAtAnEarlierDateShowsTheMembersThen() throws {
        let json = try report(asOf: "2020").json
        let alliance = try #require(json[obligationKey: "alliances"]?[obligationIndex: 0])
        #expect(alliance[obligationKey: "members"] == .array([.string("ARM"), .string("BLR"), .string("KAZ")]))
        #expect(alliance[obligationKey: "invocations"] == .array([]))
    }

    @Test func reportFilterShowsOneAllianceAndAnUnknownIdSuggestsTheNearest() throws {
        let filtered = try report(alliance: "pact")
        #expect(filtered.json[obligationKey: "alliances"]?.arrayValue?.count == 1)
        let unknown = try report(alliance: "pakt")
        #expect(unknown.json[obligationKey: "alliances"] == .array([]))
        #expect(unknown.notes == ["No alliance \"pakt\" is known at this replay. Did you mean \"pact\"?"])
    }

    @Test func reportTablesFitEightyColumns() throws {
        let text = ReportRenderer.render(try report(), as: .table, width: 80)
        for line in text.split(separator: "\n") {
            #expect(TerminalText.displayWidth(String(line)) <= 80, "\(line)")
        }
    }
}
