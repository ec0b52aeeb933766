import Foundation
import Testing
import ArmsLedger

private typealias F = CoreFixture

/// One event type of SPEC section 4 with a minimal valid `data`, the stream it implies and the
/// required `data` fields.
struct MinimalEvent: CustomTestStringConvertible, Sendable {
    let type: String
    let data: [(String, String)]
    let stream: String
    let required: [String]

    var testDescription: String { type }

    var dataText: String { data.map { #""\#($0.0)":\#($0.1)"# }.joined(separator: ",") }

    func line(without field: String? = nil, sources: String? = nil) -> String {
        let members = data.filter { $0.0 != field }.map { #""\#($0.0)":\#($0.1)"# }.joined(separator: ",")
        return F.line(type, members, sources: sources)
    }

    static let deal: [(String, String)] = [
        ("deal", #""blr-aze-polonez""#), ("supplier", #""BLR""#), ("recipient", #""AZE""#),
        ("system", #""Polonez""#), ("category", #""rocket-artillery""#),
    ]
    static let dealFields = ["deal", "supplier", "recipient", "system", "category"]

    static let all: [MinimalEvent] = [
        MinimalEvent(type: "actor.described", data: [("actor", #""XKB""#), ("name", #""A group""#), ("kind", #""non-state""#)],
                     stream: "actor:XKB", required: ["actor", "name", "kind"]),
        MinimalEvent(type: "system.described", data: [("system", #""Polonez""#), ("category", #""rocket-artillery""#)],
                     stream: "system:Polonez", required: ["system", "category"]),
        MinimalEvent(type: "transfer.offered", data: deal, stream: "deal:blr-aze-polonez", required: dealFields),
        MinimalEvent(type: "transfer.declined", data: deal + [("by", #""AZE""#)], stream: "deal:blr-aze-polonez", required: dealFields + ["by"]),
        MinimalEvent(type: "transfer.blocked", data: deal + [("by", #""RUS""#)], stream: "deal:blr-aze-polonez", required: dealFields + ["by"]),
        MinimalEvent(type: "transfer.ordered", data: deal, stream: "deal:blr-aze-polonez", required: dealFields),
        MinimalEvent(type: "transfer.delivered", data: deal, stream: "deal:blr-aze-polonez", required: dealFields),
        MinimalEvent(type: "transfer.cancelled", data: deal, stream: "deal:blr-aze-polonez", required: dealFields),
        MinimalEvent(type: "service.delivered", data: deal + [("service", #""repair""#)], stream: "deal:blr-aze-polonez",
                     required: dealFields + ["service"]),
        MinimalEvent(type: "alliance.described", data: [("alliance", #""csto""#), ("name", #""CSTO""#), ("collective_defence", "true")],
                     stream: "alliance:csto", required: ["alliance", "name", "collective_defence"]),
        MinimalEvent(type: "alliance.joined", data: [("alliance", #""csto""#), ("member", #""ARM""#)], stream: "alliance:csto", required: ["alliance", "member"]),
        MinimalEvent(type: "alliance.suspended", data: [("alliance", #""csto""#), ("member", #""ARM""#)], stream: "alliance:csto", required: ["alliance", "member"]),
        MinimalEvent(type: "alliance.withdrawal-announced", data: [("alliance", #""csto""#), ("member", #""ARM""#)], stream: "alliance:csto",
                     required: ["alliance", "member"]),
        MinimalEvent(type: "alliance.left", data: [("alliance", #""csto""#), ("member", #""ARM""#)], stream: "alliance:csto", required: ["alliance", "member"]),
        MinimalEvent(type: "obligation.invoked", data: [("alliance", #""csto""#), ("by", #""ARM""#)], stream: "alliance:csto", required: ["alliance", "by"]),
        MinimalEvent(type: "obligation.answered", data: [("alliance", #""csto""#), ("to", #""ARM""#), ("response", #""consultations""#), ("fulfilled", "false")],
                     stream: "alliance:csto", required: ["alliance", "to", "response", "fulfilled"]),
        MinimalEvent(type: "conflict.started", data: [("conflict", #""karabakh-2020""#), ("name", #""Second Karabakh War""#), ("sides", #"[["ARM"],["AZE"]]"#)],
                     stream: "conflict:karabakh-2020", required: ["conflict", "name", "sides"]),
        MinimalEvent(type: "conflict.ended", data: [("conflict", #""karabakh-2020""#)], stream: "conflict:karabakh-2020", required: ["conflict"]),
        MinimalEvent(type: "statement.made", data: [("by", #""ARM""#), ("speaker", #""Prime Minister""#), ("summary", #""Deliveries were paid for""#)],
                     stream: "actor:ARM", required: ["by", "speaker", "summary"]),
        MinimalEvent(type: "event.disputed", data: [("target", #""polonez.delivered""#), ("reason", #""count unconfirmed""#)],
                     stream: "", required: ["target", "reason"]),
        MinimalEvent(type: "event.retracted", data: [("target", #""polonez.delivered""#), ("reason", #""wrong system""#)],
                     stream: "", required: ["target", "reason"]),
    ]

    /// Every (type, required field) pair.
    static var requiredPairs: [(MinimalEvent, String)] {
        all.flatMap { event in event.required.map { (event, $0) } }
    }
}

/// SPEC sections 1–4 as `append` enforces them on input lines.
@Suite("Event validation")
struct EventValidationTests {
    /// Decodes one input line on its own (no ledger): the issues, or an empty list.
    private static func issues(_ line: String) -> [String] {
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch { return ["not JSON: \(error)"] }
        switch EventDecoder.decodeInput(value, now: F.now) {
        case .success: return []
        case .failure(let issues): return issues.issues.map(\.description)
        }
    }

    private static func decode(_ line: String) throws -> EventContent {
        try EventDecoder.decodeInput(try JSONParser.parse(line), now: F.now).get()
    }

    // MARK: Every type

    @Test func specCoversEveryEventType() {
        #expect(MinimalEvent.all.map(\.type) == EventType.allCases.map(\.rawValue))
    }

    @Test(arguments: MinimalEvent.all)
    func minimalValidLineDecodes(event: MinimalEvent) throws {
        let content = try Self.decode(event.line())
        #expect(content.type.rawValue == event.type)
        #expect(content.stream == event.stream)
        #expect(content.occurred.text == "2018-06")
        #expect(content.recorded == F.now)
        #expect(content.confidence == .reported)
        #expect(content.sources == [Source(publisher: "Eurasianet", date: try EDTFDate(parsing: "2017-11-09"))])
        #expect(content.data.keys == event.data.map(\.0))
        #expect(content.id == content.derivedID)
        #expect(content.id.hasPrefix(event.type + "-") && content.id.count == event.type.count + 17)
    }

    @Test(arguments: MinimalEvent.requiredPairs)
    func missingRequiredDataFieldIsReported(event: MinimalEvent, field: String) {
        #expect(Self.issues(event.line(without: field)) == ["data.\(field): is required"])
    }

    @Test func everyTypeAppendsInDependencyOrder() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        var lines: [String] = []
        for event in MinimalEvent.all {
            switch event.type {
            case "conflict.ended", "event.retracted":
                continue  // appended below: an ended conflict cannot end twice, a retraction needs its target
            case "transfer.delivered":
                lines.append(F.line(event.type, event.dataText, id: "polonez.delivered"))
            case "actor.described":
                lines.append(F.line(event.type, event.dataText, sources: ""))
            default:
                lines.append(F.line(event.type, event.dataText))
            }
        }
        lines.append(F.line("conflict.ended", #""conflict":"karabakh-2020""#, occurred: "2020-11-10"))
        lines.append(F.line("event.retracted", #""target":"polonez.delivered","reason":"wrong system","replaced_by":"polonez.delivered""#, sources: ""))
        let report = try F.append(lines, to: ledger)
        #expect(report.appended.count == 21)
        #expect(report.skipped.isEmpty)
        let events = try ledger.events()
        #expect(events.map(\.type.rawValue).sorted() == EventType.allCases.map(\.rawValue).sorted())
        #expect(events.first { $0.type == .eventRetracted }?.stream == "deal:blr-aze-polonez")
        #expect(events.first { $0.type == .eventDisputed }?.stream == "deal:blr-aze-polonez")
        #expect(try ledger.verify().lines == 21)
    }

    // MARK: Top level

    @Test(arguments: ["type", "occurred", "confidence", "sources", "data"])
    func missingTopLevelFieldIsReportedOnce(field: String) throws {
        guard case .object(var object) = try JSONParser.parse(MinimalEvent.all[6].line()) else {
            Issue.record("not an object")
            return
        }
        object[field] = nil
        #expect(Self.issues(JSONWriter.compact(.object(object))) == ["\(field): is required"])
    }

    @Test func unknownTopLevelFieldsAreRejected() {
        let line = MinimalEvent.all[6].line()
        #expect(Self.issues(String(line.dropLast()) + #","author":"me"}"#)
            == ["author: unknown field; an event has seq, id, type, stream, occurred, recorded, confidence, sources, data, prev, hash"])
        #expect(Self.issues(String(line.dropLast()) + #","recored":"2020-01-01T00:00:00Z"}"#)
            == ["recored: unknown field; did you mean \"recorded\"?"])
    }

    @Test func nonObjectLineIsRejected() {
        #expect(Self.issues("[1,2]") == ["an event must be a JSON object, got an array"])
    }

    @Test func wrongTopLevelTypesAreRejected() {
        #expect(Self.issues(#"{"type":"transfer.delivered","occurred":2018,"confidence":"reported","sources":{},"data":[]}"#) == [
            "occurred: must be an EDTF date string such as \"2018-06-14\", got a number",
            "sources: must be an array of source objects, got an object",
            "data: must be an object, got an array",
        ])
        #expect(Self.issues(F.line("transfer.sold", F.polonez)) == [
            "type: must be one of \(EventType.allCases.map(\.rawValue).joined(separator: ", ")), got \"transfer.sold\""
        ])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, confidence: "sure")) == [
            "confidence: must be one of confirmed, reported, claimed, estimated, got \"sure\""
        ])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, occurred: "2018-13")) == [
            "occurred: \"2018-13\": month must be 01–12 or a season 21–24, got 13"
        ])
    }

    @Test func recordedGivenIsKeptAndMustBeRFC3339() throws {
        let given = F.line("transfer.delivered", F.polonez, extra: #","recorded":"2026-11-23T10:00:00Z""#)
        #expect(try Self.decode(given).recorded.description == "2026-11-23T10:00:00Z")
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, extra: #","recorded":"2026-11-23""#))
            == [#"recorded: must be an RFC 3339 UTC time such as "2026-11-23T10:00:00Z", got "2026-11-23""#])
    }

    @Test func givenStreamMustMatchTheType() {
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, extra: #","stream":"deal:blr-aze-polonez""#)) == [])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, extra: #","stream":"deal:other""#))
            == [#"stream: must be "deal:blr-aze-polonez" for this event (or be left out), got "deal:other""#])
    }

    // MARK: Ids

    @Test(arguments: ["a", "0", "polonez.delivered-2018_06", String(repeating: "x", count: 128)])
    func validIDsAreAccepted(id: String) throws {
        #expect(try Self.decode(F.line("transfer.delivered", F.polonez, id: id)).id == id)
    }

    @Test func idPatternIsEnforced() {
        let rule = "id: must match [a-z0-9][a-z0-9._-]{0,127}, got "
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, id: "Polonez")) == [rule + #""Polonez""#])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, id: ".polonez")) == [rule + #"".polonez""#])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, id: "-polonez")) == [rule + #""-polonez""#])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, id: "polonez delivered")) == [rule + #""polonez delivered""#])
        let long = String(repeating: "x", count: 129)
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, id: long)) == [rule + "\"" + String(repeating: "x", count: 60) + "…\""])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, id: "")) == ["id: must not be empty"])
    }

    @Test func dealAllianceAndConflictIDsFollowTheIDPattern() {
        #expect(Self.issues(F.line("transfer.ordered", F.polonez.replacingOccurrences(of: "blr-aze-polonez", with: "BLR-AZE")))
            == [#"data.deal: must match [a-z0-9][a-z0-9._-]{0,127}, got "BLR-AZE""#])
        #expect(Self.issues(F.line("alliance.joined", #""alliance":"CSTO","member":"ARM""#))
            == [#"data.alliance: must match [a-z0-9][a-z0-9._-]{0,127}, got "CSTO""#])
        #expect(Self.issues(F.line("conflict.ended", #""conflict":"_war""#))
            == [#"data.conflict: must match [a-z0-9][a-z0-9._-]{0,127}, got "_war""#])
    }

    // MARK: Wrong types and values in data

    @Test func wrongDataTypesAreRejected() {
        #expect(Self.issues(F.line("transfer.delivered", F.polonez + #","quantity":"12""#))
            == ["data.quantity: must be a non-negative integer, got a string"])
        #expect(Self.issues(F.line("alliance.described", #""alliance":"csto","name":"CSTO","collective_defence":"yes""#))
            == ["data.collective_defence: must be true or false, got a string"])
        #expect(Self.issues(F.line("actor.described", #""actor":"XKB","name":5,"kind":"state""#))
            == ["data.name: must be a string, got a number"])
        #expect(Self.issues(F.line("statement.made", #""by":"ARM","speaker":"PM","summary":"s","about":"x""#))
            == ["data.about: must be an array of event ids, got a string"])
        #expect(Self.issues(F.line("statement.made", #""by":"ARM","speaker":"PM","summary":"  ""#))
            == ["data.summary: must not be empty"])
        #expect(Self.issues(F.line("system.described", #""system":"Polonez","category":"armour","range_km":"300""#))
            == ["data.range_km: must be a non-negative number, got a string"])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez + #","quantity_estimated":1"#))
            == ["data.quantity_estimated: must be true or false, got a number"])
    }

    @Test func conflictSidesMustBeTwoNonEmptyArraysOfActors() {
        let shape = "must be two non-empty arrays of actors, e.g. [[\"ARM\"], [\"AZE\"]]"
        #expect(Self.issues(F.line("conflict.started", #""conflict":"w","name":"W","sides":[["ARM"]]"#)) == ["data.sides: " + shape])
        #expect(Self.issues(F.line("conflict.started", #""conflict":"w","name":"W","sides":[["ARM"],[]]"#)) == ["data.sides[1]: " + shape])
        #expect(Self.issues(F.line("conflict.started", #""conflict":"w","name":"W","sides":[["ARM"],["ARM"]]"#))
            == ["data.sides[1][0]: ARM appears twice in sides"])
        #expect(Self.issues(F.line("conflict.started", #""conflict":"w","name":"W","sides":[["ARM"],[7]]"#))
            == ["data.sides[1][0]: must be an actor code, got a number"])
    }

    @Test func supplierAndRecipientMustDiffer() {
        let data = F.polonez.replacingOccurrences(of: #""recipient":"AZE""#, with: #""recipient":"BLR""#)
        #expect(Self.issues(F.line("transfer.delivered", data)) == ["data.recipient: must differ from the supplier (BLR)"])
    }

    @Test func categoriesComeFromTheSpecList() throws {
        let categories = ["ballistic-missile", "rocket-artillery", "artillery", "armour", "combat-aircraft", "helicopter",
                          "air-defence", "uav", "loitering-munition", "electronic-warfare", "fire-control", "naval",
                          "small-arms", "other"]
        for category in categories {
            #expect(Self.issues(F.line("system.described", #""system":"S","category":"\#(category)""#)) == [], "\(category)")
        }
        let list = categories.joined(separator: ", ")
        #expect(Self.issues(F.line("system.described", #""system":"S","category":"armor""#))
            == ["data.category: must be one of \(list), got \"armor\"; did you mean \"armour\"?"])
        #expect(Self.issues(F.line("system.described", #""system":"S","category":"tanks""#))
            == ["data.category: must be one of \(list), got \"tanks\""])
    }

    @Test func enumeratedDataValuesAreChecked() {
        #expect(Self.issues(F.line("actor.described", #""actor":"XKB","name":"G","kind":"state-like""#))
            == [#"data.kind: must be one of state, non-state, organisation, got "state-like""#])
        #expect(Self.issues(F.line("service.delivered", F.polonez + #","service":"overhaul""#))
            == [#"data.service: must be one of modernisation, repair, upgrade, components, got "overhaul""#])
    }

    // MARK: Quantities and values

    @Test func quantityMustBeANonNegativeIntegerThatFitsIn64Bits() throws {
        #expect(Self.issues(F.line("transfer.delivered", F.polonez + #","quantity":-1"#))
            == ["data.quantity: must be a non-negative integer, got -1"])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez + #","quantity":1.5"#))
            == ["data.quantity: must be a non-negative integer, got 1.5"])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez + #","quantity":99999999999999999999"#))
            == ["data.quantity: integer 99999999999999999999 does not fit in 64 bits"])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez + #","quantity":0"#)) == [])
        let content = try Self.decode(F.line("transfer.delivered", F.polonez + #","quantity":9223372036854775807"#))
        guard case .transfer(let facts) = content.payload else {
            Issue.record("expected a transfer")
            return
        }
        #expect(facts.quantity == Int64.max)
    }

    @Test func valueNeedsANonNegativeAmountAndAnISOCurrency() {
        #expect(Self.issues(F.line("transfer.ordered", F.polonez + #","value":{"amount":5000000000,"currency":"USD"}"#)) == [])
        #expect(Self.issues(F.line("transfer.ordered", F.polonez + #","value":{"amount":-5,"currency":"usd"}"#)) == [
            "data.value.amount: must be a non-negative integer, got -5",
            #"data.value.currency: must be an ISO 4217 currency code such as "USD", got "usd""#,
        ])
        #expect(Self.issues(F.line("transfer.ordered", F.polonez + #","value":5000"#))
            == [#"data.value: must be an object like {"amount": 5000000, "currency": "USD"}, got a number"#])
        #expect(Self.issues(F.line("transfer.ordered", F.polonez + #","value":{"currency":"USD","note":"x"}"#))
            == ["data.value.note: unknown field; a value has amount and currency", "data.value.amount: is required"])
    }

    // MARK: Actor codes (shape)

    @Test func actorCodesMustLookLikeCodes() {
        let data = F.polonez.replacingOccurrences(of: #""supplier":"BLR""#, with: #""supplier":"blr""#)
        #expect(Self.issues(F.line("transfer.delivered", data)) == [
            #"data.supplier: must be an actor code (ISO 3166-1 alpha-3 such as "ARM", or one introduced by actor.described), got "blr"; actor codes are upper case, e.g. "BLR""#
        ])
    }

    // MARK: Sources

    @Test func sourceNeedsAPublisher() {
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, sources: #"{"date":"2017-11-09"}"#))
            == ["sources[0].publisher: is required"])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, sources: F.source + #",{"publisher":"","date":"2017"}"#))
            == ["sources[1].publisher: must not be empty"])
    }

    @Test func sourceDateMustBeADayMonthOrYear() {
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, sources: #"{"publisher":"P","date":"2018-21"}"#))
            == [#"sources[0].date: must be a day, month or year (e.g. "2017-11-09", "2017-11", "2017"), got "2018-21""#])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, sources: #"{"publisher":"P","date":"2018/2019"}"#))
            == [#"sources[0].date: must be a day, month or year (e.g. "2017-11-09", "2017-11", "2017"), got "2018/2019""#])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, sources: #"{"publisher":"P"}"#))
            == ["sources[0].date: is required"])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, sources: #"{"publisher":"P","date":"2019-02-29"}"#))
            == [#"sources[0].date: "2019-02-29": 2019 has no February 29 (not a leap year)"#])
    }

    @Test func sourceURLsMustBeHTTPOrHTTPS() {
        func issues(_ url: String) -> [String] {
            Self.issues(F.line("transfer.delivered", F.polonez, sources: #"{"publisher":"P","date":"2018","url":"\#(url)"}"#))
        }
        #expect(issues("https://eurasianet.org/a?b=c#d") == [])
        #expect(issues("http://example.org") == [])
        #expect(issues("HTTPS://EXAMPLE.ORG/") == [])
        #expect(issues("javascript:alert(1)") == [#"sources[0].url: must be an http:// or https:// address, got "javascript:alert(1)""#])
        #expect(issues("ftp://example.org/file") == [#"sources[0].url: must be an http:// or https:// address, got "ftp://example.org/file""#])
        #expect(issues("https://") == [#"sources[0].url: must be an http:// or https:// address, got "https://""#])
        #expect(issues("https://exa mple.org") == [#"sources[0].url: must be an http:// or https:// address, got "https://exa mple.org""#])
    }

    @Test func sourceKindsAndUnknownSourceFieldsAreChecked() {
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, sources: #"{"publisher":"P","date":"2018","kind":"official"}"#)) == [])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, sources: #"{"publisher":"P","date":"2018","kind":"blog"}"#))
            == [#"sources[0].kind: must be one of news, official, leak, database, analysis, statement, got "blog""#])
        #expect(Self.issues(F.line("transfer.delivered", F.polonez, sources: #"{"publisher":"P","date":"2018","titel":"T"}"#))
            == [#"sources[0].titel: unknown source field; a source has publisher, title, date, url, kind; did you mean "title"?"#])
    }

    @Test(arguments: ["transfer.offered", "transfer.ordered", "transfer.delivered", "transfer.cancelled"])
    func transferTypesNeedAtLeastOneSource(type: String) {
        #expect(Self.issues(F.line(type, F.polonez, sources: "")) == ["sources: needs at least one source for \(type)"])
    }

    @Test func statementsAndMembershipsNeedSources() {
        #expect(Self.issues(F.line("statement.made", #""by":"ARM","speaker":"PM","summary":"s""#, sources: ""))
            == ["sources: needs at least one source for statement.made"])
        #expect(Self.issues(F.line("alliance.joined", #""alliance":"csto","member":"ARM""#, sources: ""))
            == ["sources: needs at least one source for alliance.joined"])
    }

    @Test(arguments: ["actor.described", "system.described", "alliance.described", "event.disputed", "event.retracted"])
    func correctionsAndDescriptionsMayHaveNoSources(type: String) throws {
        let event = try #require(MinimalEvent.all.first { $0.type == type })
        #expect(Self.issues(event.line(sources: "")) == [])
    }

    // MARK: Unknown data fields

    @Test func unknownDataFieldsAreKeptByteForByte() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        let custom = #""sipri_tiv":{"z":[1,2.50,1e3,-0.0,"é/\u00e9\n"],"a":null,"m":99999999999999999999},"zz_note":"Лукашенко""#
        let input = F.line("transfer.delivered", F.polonez + "," + custom, id: "polonez.delivered")
        let report = try F.append([input], to: ledger)
        #expect(report.appended == ["polonez.delivered"])
        #expect(report.warnings == [])
        let line = try F.lines(directory.path("ledger.jsonl"))[0].utf8Text
        #expect(line.contains(#""data":{"deal":"blr-aze-polonez","supplier":"BLR","recipient":"AZE","system":"Polonez","category":"rocket-artillery","sipri_tiv":{"z":[1,2.50,1e3,-0.0,"é/é\n"],"a":null,"m":99999999999999999999},"zz_note":"Лукашенко"}"#))
        #expect(try ledger.events()[0].data["zz_note"] == .string("Лукашенко"))
        #expect(try ledger.verify().lines == 1)
    }

    @Test func misspelledDataFieldsAreKeptWithAWarning() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        let input = [
            F.line("transfer.delivered", F.polonez + #","quantitiy":12"#, id: "polonez.delivered"),
            F.line("system.described", #""system":"Polonez","category":"rocket-artillery","orign":"BLR","range":300"#, id: "system.polonez"),
        ]
        let report = try F.append(input, to: ledger)
        #expect(report.appended == ["polonez.delivered", "system.polonez"])
        #expect(report.warnings == [
            #"input:1: data.quantitiy: unknown field, kept as written; did you mean "quantity"?"#,
            #"input:2: data.orign: unknown field, kept as written; did you mean "origin"?"#,
        ])
        let events = try ledger.events()
        #expect(events[0].data["quantitiy"] == .integer(12))
        guard case .transfer(let facts) = events[0].payload else {
            Issue.record("expected a transfer")
            return
        }
        #expect(facts.quantity == nil)
    }

    // MARK: Checks against the ledger

    @Test func unknownActorCodeIsRejectedNamingIt() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        let data = F.polonez.replacingOccurrences(of: #""supplier":"BLR""#, with: #""supplier":"XXX""#)
        #expect(F.problems([F.line("transfer.delivered", data)], on: ledger) == [
            "input:1: data.supplier: unknown actor XXX: not a current ISO 3166-1 alpha-3 code and not introduced by actor.described"
        ])
        #expect(F.problems([F.line("alliance.described", #""alliance":"a","name":"A","collective_defence":true"#, sources: ""),
                            F.line("alliance.joined", #""alliance":"a","member":"ARN""#)], on: ledger) == [
            "input:2: data.member: unknown actor ARN: not a current ISO 3166-1 alpha-3 code and not introduced by actor.described; did you mean ARE?"
        ])
        #expect(try F.bytes(directory.path("ledger.jsonl")).isEmpty)
    }

    @Test func actorIsKnownAfterAnActorDescribedInAnEarlierAppend() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        try F.append([F.line("actor.described", #""actor":"XXX","name":"Unnamed militia","kind":"non-state""#, sources: "")], to: ledger)
        let data = F.polonez.replacingOccurrences(of: #""supplier":"BLR""#, with: #""supplier":"XXX""#)
        let report = try F.append([F.line("transfer.delivered", data, id: "xxx.delivery")], to: ledger)
        #expect(report.appended == ["xxx.delivery"])
        #expect(try ledger.verify().lines == 2)
    }

    @Test func actorIsKnownAfterAnActorDescribedEarlierInTheSameBatch() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        let report = try F.append([
            F.line("actor.described", #""actor":"XXX","name":"Unnamed militia","kind":"non-state""#, sources: ""),
            F.line("statement.made", #""by":"XXX","speaker":"Spokesman","summary":"s""#),
        ], to: ledger)
        #expect(report.appended.count == 2)
    }

    @Test func correctionsMustTargetAnExistingEvent() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        #expect(F.problems([F.line("event.disputed", #""target":"no.such","reason":"r""#, sources: "")], on: ledger) == [
            #"input:1: data.target: no event "no.such" in the ledger; a correction must follow its target"#
        ])
        #expect(F.problems([F.line("event.retracted", #""target":"no.such","reason":"r","replaced_by":"also.missing""#, sources: "")], on: ledger) == [
            #"input:1: data.target: no event "no.such" in the ledger; a correction must follow its target"#,
            #"input:1: data.replaced_by: no event "also.missing" in the ledger"#,
        ])
        #expect(F.problems([F.line("event.retracted", #""target":"polonez.ordered","reason":"r","replaced_by":"also.missing""#, sources: "")], on: ledger) == [
            #"input:1: data.replaced_by: no event "also.missing" in the ledger"#
        ])
        let report = try F.append([F.line("event.retracted", #""target":"polonez.ordered","reason":"r","replaced_by":"polonez.delivered""#, sources: "", id: "fix")], to: ledger)
        #expect(report.appended == ["fix"])
        #expect(try ledger.events().last?.stream == "deal:blr-aze-polonez")
    }

    @Test func membershipsAndObligationsNeedADescribedAlliance() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        let unknown = #"input:1: data.alliance: unknown alliance "csto"; describe it first with alliance.described"#
        #expect(F.problems([F.line("alliance.joined", #""alliance":"csto","member":"ARM""#)], on: ledger) == [unknown])
        #expect(F.problems([F.line("alliance.left", #""alliance":"csto","member":"ARM""#)], on: ledger) == [unknown])
        #expect(F.problems([F.line("obligation.invoked", #""alliance":"csto","by":"ARM""#)], on: ledger) == [unknown])
        #expect(F.problems([F.line("obligation.answered", #""alliance":"csto","to":"ARM","response":"r","fulfilled":false"#)], on: ledger) == [unknown])
        try F.append([F.line("alliance.described", #""alliance":"csto","name":"CSTO","collective_defence":true"#, sources: "")], to: ledger)
        #expect(try F.append([F.line("alliance.joined", #""alliance":"csto","member":"ARM""#)], to: ledger).appended.count == 1)
        #expect(F.problems([F.line("alliance.described", #""alliance":"csto","name":"CSTO again","collective_defence":true"#, sources: "")], on: ledger)
            == [#"input:1: data.alliance: alliance "csto" is already described"#])
    }

    @Test func conflictEndedNeedsAStartedConflict() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        #expect(F.problems([F.line("conflict.ended", #""conflict":"karabakh-2020""#)], on: ledger)
            == [#"input:1: data.conflict: unknown conflict "karabakh-2020"; record conflict.started first"#])
        try F.append([
            F.line("conflict.started", #""conflict":"karabakh-2020","name":"War","sides":[["ARM"],["AZE"]]"#),
            F.line("conflict.ended", #""conflict":"karabakh-2020""#, occurred: "2020-11"),
        ], to: ledger)
        #expect(F.problems([F.line("conflict.ended", #""conflict":"karabakh-2020""#, occurred: "2020-12")], on: ledger)
            == [#"input:1: data.conflict: conflict "karabakh-2020" has already ended"#])
    }

    @Test func statementAboutMustNameExistingEvents() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let shape = F.problems([F.line("statement.made", #""by":"ARM","speaker":"PM","summary":"s","about":["polonez.ordered","ghost","Bad"]"#)], on: ledger)
        #expect(shape.count == 1)
        #expect(shape.first?.hasPrefix("input:1: data.about[2]: must be an event id") == true)
        #expect(shape.first?.hasSuffix("[a-z0-9][a-z0-9._-]{0,127})") == true)
        #expect(F.problems([F.line("statement.made", #""by":"ARM","speaker":"PM","summary":"s","about":["polonez.ordered","ghost"]"#)], on: ledger)
            == [#"input:1: data.about[1]: no event "ghost" in the ledger"#])
    }

    @Test func dealEventsMustAgreeOnSupplierRecipientAndSystem() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let other = #""deal":"blr-aze-polonez","supplier":"RUS","recipient":"ARM","system":"Iskander","category":"rocket-artillery""#
        #expect(F.problems([F.line("transfer.cancelled", other)], on: ledger) == [
            "input:1: data.supplier: deal \"blr-aze-polonez\" has supplier BLR, got RUS",
            "input:1: data.recipient: deal \"blr-aze-polonez\" has recipient AZE, got ARM",
            "input:1: data.system: deal \"blr-aze-polonez\" is for \"Polonez\", got \"Iskander\"; a deal has one system",
        ])
        // Within one batch, the first event of a new deal fixes its parties.
        #expect(F.problems([
            F.line("transfer.offered", #""deal":"new-deal","supplier":"RUS","recipient":"ARM","system":"Iskander","category":"ballistic-missile""#),
            F.line("transfer.ordered", #""deal":"new-deal","supplier":"RUS","recipient":"ARM","system":"Iskander-E","category":"ballistic-missile""#),
        ], on: ledger) == [#"input:2: data.system: deal "new-deal" is for "Iskander", got "Iskander-E"; a deal has one system"#])
    }
}
