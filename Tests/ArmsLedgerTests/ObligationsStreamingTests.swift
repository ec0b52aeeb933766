import Foundation
import Testing
@testable import ArmsLedger

/// The streamed paths of `obligations --format json` (``ObligationsReport/writeJSON(_:clock:alliance:to:)``)
/// and `balance-of-power` (``BalanceOfPowerReport/make(streaming:clock:sides:since:)``) must give the
/// bytes of the ordinary in-memory replay, on generated ledgers with many alliances, memberships,
/// conflicts, corrections and date forms, on every clock.
@Suite("Streamed obligations and balance of power")
struct ObligationsStreamingTests {
    static let actors = ["ARM", "AZE", "BLR", "RUS", "TUR", "ISR", "KAZ", "UKR", "GEO", "IRN"]

    /// A ledger of about `count` events: three alliances (two of collective defence), joins,
    /// suspensions, withdrawals and departures, conflicts with one- and two-actor sides (some
    /// ended, some ending before they start), deliveries and services in every date form
    /// (open starts and ends included), invocations and answers, descriptions, and disputes and
    /// retractions aimed at all of them.
    ///
    /// - Parameter warring: the actors conflicts are drawn from (all by default); a few make
    ///   most deliveries irrelevant to the obligations view.
    static func ledger(count: Int, seed: UInt64, warring: [String] = actors) throws -> (Ledger, String) {
        var random = FastRegisterTests.Seeded(state: seed)
        func pick<T>(_ items: [T]) -> T { items.randomElement(using: &random)! }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("oblig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("ledger.jsonl").path
        let ledger = try Ledger.create(at: path)
        let dates = ["2010", "2012-06", "2014-03-14", "2015-21", "2016-24", "2013/2017", "2016-10-14?", "2017-05~",
                     "../2016-09", "2019-09/..", "2020-09-27", "2020-09-28", "2020-09", "2021%", "2018-02-02", "2019-11-30"]
        let days = ["2008-01-01", "2011-04-02", "2013-07-03", "2015-10-04", "2017-01-05", "2018-04-06", "2019-07-07", "2020-09-27", "2021-01-08"]
        let alliances = ["pact", "league", "forum"]
        let systems = ["Polonez", "Iskander-E", "Buk-MB", "Groza-S", "Tor-M2"]
        var lines: [String] = []
        var ids: [String] = []
        var conflicts: [String] = []
        func line(_ id: String, _ type: String, _ occurred: String, _ data: String, known: String = "2000") -> String {
            ids.append(id)
            let confidence = pick(["confirmed", "reported", "claimed", "estimated"])
            return #"{"id":"\#(id)","type":"\#(type)","occurred":"\#(occurred)","recorded":"2026-11-23T00:00:00Z","confidence":"\#(confidence)","sources":[{"publisher":"P\#(Int.random(in: 0..<9, using: &random))","title":"T","date":"\#(known)","kind":"news"}],"data":{\#(data)}}"#
        }
        for (index, alliance) in alliances.enumerated() {
            lines.append(line("\(alliance).described", "alliance.described", "1992",
                              #""alliance":"\#(alliance)","name":"The \#(alliance)","collective_defence":\#(index < 2),"article":"4""#))
        }
        for system in systems {
            lines.append(line("system.\(system.lowercased())", "system.described", "1990",
                              #""system":"\#(system)","category":"air-defence","range_km":\#(Int.random(in: 10...500, using: &random))"#))
        }
        for n in 0..<count {
            let roll = Int.random(in: 0..<100, using: &random)
            let id = "e\(n)"
            let known = pick(["2000", "2000", "2018-07", "2024-06"])
            switch roll {
            case 0..<14:
                let verb = pick(["joined", "joined", "joined", "suspended", "withdrawal-announced", "left"])
                lines.append(line(id, "alliance.\(verb)", pick(days + dates),
                                  #""alliance":"\#(pick(alliances))","member":"\#(pick(actors))""#, known: known))
            case 14..<22:
                let conflict = "c\(n)"
                var a = [pick(warring)], b = [pick(warring)]
                if a == b { b = [warring[(warring.firstIndex(of: a[0])! + 1) % warring.count]] }
                let third = pick(warring)
                if !a.contains(third) && !b.contains(third) && Bool.random(using: &random) { a.append(third) }
                let quote: ([String]) -> String = { "[" + $0.map { "\"\($0)\"" }.joined(separator: ",") + "]" }
                lines.append(line(id, "conflict.started", pick(days + ["2016-10-14?", "2015-21"]),
                                  #""conflict":"\#(conflict)","name":"The \#(conflict) war","sides":[\#(quote(a)),\#(quote(b))]"#, known: known))
                conflicts.append(conflict)
            case 22..<26 where !conflicts.isEmpty:
                let conflict = conflicts.remove(at: Int.random(in: 0..<conflicts.count, using: &random))
                lines.append(line(id, "conflict.ended", pick(days), #""conflict":"\#(conflict)""#, known: known))
            case 26..<29:
                let alliance = pick(alliances)
                if Bool.random(using: &random) {
                    lines.append(line(id, "obligation.invoked", pick(days),
                                      #""alliance":"\#(alliance)","by":"\#(pick(actors))","against":"\#(pick(actors))""#, known: known))
                } else {
                    lines.append(line(id, "obligation.answered", pick(days),
                                      #""alliance":"\#(alliance)","to":"\#(pick(actors))","response":"a mission","fulfilled":\#(Bool.random(using: &random))"#,
                                      known: known))
                }
            case 29..<33:
                let type = roll < 31 ? "event.disputed" : "event.retracted"
                lines.append(line(id, type, "2023", #""target":"\#(pick(ids))","reason":"r""#, known: known))
            case 33..<35:
                lines.append(line(id, "actor.described", "1990", #""actor":"\#(pick(actors))","name":"Name \#(n)","kind":"state""#))
            default:
                let supplier = pick(actors)
                var recipient = pick(actors)
                if recipient == supplier { recipient = actors[(actors.firstIndex(of: supplier)! + 3) % actors.count] }
                var data = #""deal":"d\#(n)","supplier":"\#(supplier)","recipient":"\#(recipient)","system":"\#(pick(systems))","category":"\#(pick(["air-defence", "armour", "uav"]))""#
                let service = Int.random(in: 0..<4, using: &random) == 0
                if service { data += #","service":"upgrade""# }
                if Bool.random(using: &random) { data += #","quantity":\#(Int.random(in: 0...40, using: &random))"# }
                if Int.random(in: 0..<5, using: &random) == 0 { data += #","quantity_estimated":true"# }
                lines.append(line(id, service ? "service.delivered" : "transfer.delivered", pick(dates + days), data, known: known))
            }
        }
        _ = try ledger.append(contentsOf: Array((lines.joined(separator: "\n") + "\n").utf8), now: Timestamp(secondsSinceEpoch: 1_700_000_000))
        return (ledger, directory.path)
    }

    static let clocks: [ReplayClock] = FastRegisterTests.clocks + [
        ReplayClock(asOf: try! EDTFDate(parsing: "2019-07-07"), knownAt: try! EDTFDate(parsing: "2018-07"), strictDates: true),
    ]

    static func streamed(_ ledger: Ledger, _ clock: ReplayClock, alliance: String? = nil) throws -> String {
        let projection = try ObligationsProjection.replaying(ledger, clock: clock).projection
        var bytes: [UInt8] = []
        ObligationsReport.writeJSON(projection, clock: clock, alliance: alliance) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func streamedObligationsJSONIsTheInMemoryReportOnEveryClock() throws {
        let (ledger, directory) = try Self.ledger(count: 2_000, seed: 11)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let events = try ledger.events()
        var rows = 0
        for (index, clock) in Self.clocks.enumerated() {
            // One alliance asked for (collective defence, not, unknown) on one clock; all on every clock.
            for alliance in index == 1 ? [nil, "pact", "forum", "pakt"] : [nil] {
                let memory = ObligationsReport.make(Replay(events: events, clock: clock), alliance: alliance)
                let expected = ReportRenderer.render(memory, as: .json)
                #expect(try Self.streamed(ledger, clock, alliance: alliance) == expected, "\(clock.summary) \(alliance ?? "all")")
                rows += memory.json[obligationKey: "alliances"]?.arrayValue?.reduce(0) {
                    $0 + ($1[obligationKey: "conflicting_transfers"]?.arrayValue?.count ?? 0)
                } ?? 0
            }
        }
        #expect(rows > 1_000, "the generated ledger must give many conflicting transfers (\(rows))")
    }

    @Test func screenedReplayDecodesOnlyDeliveriesThatCanMatterAndGivesTheSameReport() throws {
        // Conflicts only among three actors: most deliveries go to actors no conflict names.
        let (ledger, directory) = try Self.ledger(count: 2_000, seed: 23, warring: ["ARM", "AZE", "TUR"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let events = try ledger.events()
        var rows = 0
        for clock in Self.clocks {
            let memory = ObligationsReport.make(Replay(events: events, clock: clock), alliance: nil)
            #expect(try Self.streamed(ledger, clock) == ReportRenderer.render(memory, as: .json), "\(clock.summary)")
            var full = ObligationsProjection()
            Replay(events: events, clock: clock).fold(&full)
            let screened = try ObligationsProjection.replaying(ledger, clock: clock).projection
            #expect(screened.deliveries.count * 2 < full.deliveries.count,
                    "\(clock.summary): \(screened.deliveries.count) of \(full.deliveries.count) deliveries kept")
            rows += memory.json[obligationKey: "alliances"]?.arrayValue?.reduce(0) {
                $0 + ($1[obligationKey: "conflicting_transfers"]?.arrayValue?.count ?? 0)
            } ?? 0
        }
        #expect(rows > 100, "the screened ledger must still give conflicting transfers (\(rows))")
    }

    @Test func streamedObligationsJSONIsTheInMemoryReportOnTheShippedLedger() throws {
        let ledger = ShippedLedgerTests.ledger
        for clock in Self.clocks {
            let memory = ObligationsReport.make(Replay(events: try ledger.events(), clock: clock), alliance: nil)
            #expect(try Self.streamed(ledger, clock) == ReportRenderer.render(memory, as: .json), "\(clock.summary)")
        }
    }

    /// The rows, checked against the rule of SPEC section 7 written out the slow way: every
    /// delivery, every fellow member, membership by ``AllianceRecord/decidingChange(for:on:)``,
    /// and every conflict open that day that opposes the two.
    @Test func rowsFollowTheRuleWrittenOutTheSlowWay() throws {
        let (ledger, directory) = try Self.ledger(count: 2_000, seed: 5)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let events = try ledger.events()
        for clock in Self.clocks {
            var projection = ObligationsProjection()
            Replay(events: events, clock: clock).fold(&projection)
            let conflicts = projection.chronologicalConflicts
            for record in projection.collectiveDefenceAlliances {
                var expected: [String] = []
                let sorted = projection.deliveries.sorted { ($0.event.occurred.lower, $0.event.seq) < ($1.event.occurred.lower, $1.event.seq) }
                for replayed in sorted {
                    guard let facts = replayed.event.payload.transfer else { continue }
                    let day = replayed.event.occurred.lower
                    guard day != .distantPast, record.isMember(facts.supplier, on: day) else { continue }
                    for fellow in record.everMembers where fellow != facts.supplier && record.isMember(fellow, on: day) {
                        let open = conflicts.filter { $0.isOpen(on: day) && $0.opposes(fellow, facts.recipient) }
                        guard let first = open.first else { continue }
                        expected.append("\(replayed.event.id) \(fellow) \(first.id) \(open.dropFirst().prefix(3).map(\.id)) \(open.count - 1)")
                    }
                }
                let rows = projection.conflictingTransfers(in: record.id).map {
                    "\($0.replayed.event.id) \($0.against) \($0.conflict.id) \($0.otherConflicts) \($0.otherConflictCount)"
                }
                #expect(rows == expected, "\(clock.summary) \(record.id)")
            }
        }
    }

    /// Answers pair with the latest earlier invocation by the actor they answer (SPEC section 7),
    /// checked against that rule written out the slow way: every answer against every invocation.
    @Test func answersPairByTheRuleWrittenOutTheSlowWay() throws {
        let (ledger, directory) = try Self.ledger(count: 3_000, seed: 29)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let events = try ledger.events()
        var paired = 0, unpaired = 0
        for clock in Self.clocks {
            var projection = ObligationsProjection()
            Replay(events: events, clock: clock).fold(&projection)
            for id in projection.alliances.keys.sorted() {
                let record = projection.alliances[id]!
                let invocations = record.invocationEvents.sorted(by: ObligationsProjection.chronological)
                var expected = Array(repeating: [String](), count: invocations.count)
                var expectedUnpaired: [String] = []
                for answer in record.answerEvents.sorted(by: ObligationsProjection.chronological) {
                    guard case .answer(_, let to, _, _) = answer.event.payload else { continue }
                    let match = invocations.lastIndex { invocation in
                        guard case .invocation(_, let by, _) = invocation.event.payload else { return false }
                        return by == to && ObligationsProjection.chronological(invocation, answer)
                    }
                    if let match { expected[match].append(answer.event.id) } else { expectedUnpaired.append(answer.event.id) }
                }
                let records = projection.invocations(in: id)
                #expect(records.map(\.invocation.event.id) == invocations.map(\.event.id), "\(clock.summary) \(id)")
                #expect(records.map { $0.answers.map(\.event.id) } == expected, "\(clock.summary) \(id)")
                #expect(projection.unpairedAnswers(in: id).map(\.event.id) == expectedUnpaired, "\(clock.summary) \(id)")
                paired += expected.reduce(0) { $0 + $1.count }
                unpaired += expectedUnpaired.count
            }
        }
        #expect(paired > 50 && unpaired > 10, "the generated ledger must pair many answers and leave some (\(paired), \(unpaired))")
    }

    @Test func streamedBalanceOfPowerIsTheInMemoryReportOnEveryClock() throws {
        let (ledger, directory) = try Self.ledger(count: 2_000, seed: 17)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let events = try ledger.events()
        let pairs: [(String, String)] = [("ARM", "AZE"), ("RUS", "UKR"), ("GEO", "IRN")]
        var allies = 0
        for clock in Self.clocks {
            for (a, b) in pairs {
                let sides = (ActorCode(a)!, ActorCode(b)!)
                let streamed = try BalanceOfPowerReport.make(streaming: ledger, clock: clock, sides: sides, since: nil)
                guard clock.asOf != nil else {
                    #expect(streamed == nil, "without an as-of date the ordinary path answers")
                    continue
                }
                let memory = try BalanceOfPowerReport.make(events: events, clock: clock, sides: sides, since: nil)
                let report = try #require(streamed, "\(clock.summary) \(a) \(b)").report
                for format in [ReportFormat.json, .table, .md] {
                    #expect(ReportRenderer.render(report, as: format) == ReportRenderer.render(memory, as: format),
                            "\(clock.summary) \(a) \(b) \(format)")
                }
                // --format json is written straight from the fold, whole or in two halves.
                let folded = try #require(try BalanceOfPowerReport.streamed(ledger, clock: clock, sides: sides, since: nil))
                for parallelAbove in [0, 1, 512, Int.max] {
                    var written: [UInt8] = []
                    BalanceOfPowerReport.writeJSON(folded.balance, clock: clock, since: nil, parallelAbove: parallelAbove) { written += $0 }
                    #expect(String(decoding: written, as: UTF8.self) == ReportRenderer.render(memory, as: .json),
                            "\(clock.summary) \(a) \(b), parallel above \(parallelAbove)")
                }
                allies += memory.json[obligationKey: "allies_arming_other_side"]?.arrayValue?.count ?? 0
            }
        }
        #expect(allies > 10, "the generated ledger must give allies arming the other side (\(allies))")
    }

    /// The screen lets a delivery through exactly when the full projection uses it: it gives a
    /// row of some collective-defence alliance, or an unplaceable entry.
    @Test func theScreenLetsThroughExactlyTheDeliveriesTheViewUses() throws {
        let (ledger, directory) = try Self.ledger(count: 3_000, seed: 31)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let events = try ledger.events()
        var (kept, turnedAway) = (0, 0)
        for clock in Self.clocks {
            var full = ObligationsProjection()
            Replay(events: events, clock: clock).fold(&full)
            var used = Set<Int>()
            for record in full.collectiveDefenceAlliances {
                used.formUnion(full.conflictingTransfers(in: record.id).map(\.replayed.event.seq))
                used.formUnion(full.unplaceableTransfers(in: record.id).map(\.event.seq))
            }
            let screen = DeliveryScreen(full)
            for replayed in full.deliveries {
                let facts = try #require(replayed.event.payload.transfer)
                let lets = screen.mayMatter(supplier: facts.supplier, recipient: facts.recipient, day: replayed.event.occurred.lower)
                #expect(lets == used.contains(replayed.event.seq), "\(clock.summary) \(replayed.event.id)")
                if lets { kept += 1 } else { turnedAway += 1 }
            }
        }
        #expect(kept > 500 && turnedAway > 500, "both answers must be exercised (\(kept) kept, \(turnedAway) turned away)")
    }

    @Test func actorKeysAreEqualExactlyWhenTheCodesAre() {
        func key(_ text: String) -> ActorKey? { Array(text.utf8).withUnsafeBytes { ActorKey($0) } }
        let codes = ["AR", "ARM", "ARMA", "ARM1", "A2", "ABCDEFGH", "AZE", "ZZZZZZZZ", "Z9"]
        for a in codes {
            #expect(key(a) == ActorKey(ActorCode(a)!), "\(a)")
            for b in codes { #expect((key(a) == key(b)) == (a == b), "\(a) \(b)") }
        }
        for text in ["", "A", "ABCDEFGHI", "arm", "1AB", "AR-M", "AÉ", "AR M"] {
            #expect(key(text) == nil, "\(text)")
            #expect(ActorCode(text) == nil, "\(text)")
        }
    }

    @Test func theRecipientIsReadInPlaceOnlyWhenItIsCertain() {
        func recipient(_ text: String) -> String? {
            var text = text
            return text.withUTF8 { Ledger.recipient(UnsafeRawBufferPointer($0)).map { String(decoding: $0, as: UTF8.self) } }
        }
        #expect(recipient(#"{"data":{"deal":"d","supplier":"RUS","recipient":"ARM","system":"S"}}"#) == "ARM")
        #expect(recipient(#"{"data":{"recipient":"AZE"}}"#) == "AZE")
        // Two keys (a nested object of an unknown field): ambiguous.
        #expect(recipient(#"{"data":{"recipient":"ARM","extra":{"recipient":"AZE"}}}"#) == nil)
        // An escape in the value, no key, or only text that mentions it inside a string.
        #expect(recipient(#"{"data":{"recipient":"A\u0052M"}}"#) == nil)
        #expect(recipient(#"{"data":{"supplier":"RUS"}}"#) == nil)
        #expect(recipient(#"{"data":{"notes":"the \"recipient\":\"AZE\" field","recipient":"ARM"}}"#) == "ARM")
        #expect(recipient(#"{"data":{"recipient":"ARM"#) == nil)
        // A key that ends in the pattern after an escaped quote is not the key, and makes the real one ambiguous.
        #expect(recipient(#"{"data":{"a"recipient":"AZE"}}"#) == nil)
        #expect(recipient(#"{"data":{"a"recipient":"AZE","recipient":"ARM"}}"#) == nil)
    }

    @Test func aStringValueIsReadInPlaceUnderAnyKey() {
        func value(_ key: StaticString, _ text: String) -> String? {
            var text = text
            return text.withUTF8 { Ledger.stringValue(of: key, in: UnsafeRawBufferPointer($0)).map { String(decoding: $0, as: UTF8.self) } }
        }
        let line = #"{"seq":1,"occurred":"2020-09","data":{"supplier":"RUS","recipient":"ARM"}}"#
        #expect(value(#""occurred":""#, line) == "2020-09")
        #expect(value(#""supplier":""#, line) == "RUS")
        #expect(value(#""system":""#, line) == nil)
        // Not after `,` or `{` (whitespace, or inside a string after an escaped quote): not certain.
        #expect(value(#""supplier":""#, #"{"data": {"x":1, "supplier":"RUS"}}"#) == nil)
    }

    @Test func streamedBalanceOfPowerDeclinesWhatOnlyTheOrdinaryPathCanAnswer() throws {
        let (ledger, directory) = try Self.ledger(count: 300, seed: 3)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = FastRegisterTests.clocks[1]
        let since = try EDTFDate(parsing: "2015")
        #expect(try BalanceOfPowerReport.make(streaming: ledger, clock: clock, sides: (ActorCode("ARM")!, ActorCode("AZE")!), since: since) == nil)
        // A side no counted event names: only a look at every event tells a typo from an absence.
        #expect(try BalanceOfPowerReport.make(streaming: ledger, clock: clock, sides: (ActorCode("ARM")!, ActorCode("FRA")!), since: nil) == nil)
    }
}
