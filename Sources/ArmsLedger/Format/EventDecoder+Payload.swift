extension EventDecoder {
    /// Known `data` fields per type (required and optional); other fields are kept as they are.
    static func knownFields(_ type: EventType) -> [String] {
        switch type {
        case .actorDescribed: ["actor", "name", "kind", "notes"]
        case .systemDescribed: ["system", "category", "name", "origin", "range_km", "notes"]
        case .transferOffered: dealFields + ["quantity", "quantity_estimated", "value", "notes"]
        case .transferDeclined, .transferBlocked: dealFields + ["by", "reason", "notes"]
        case .transferOrdered: dealFields + ["quantity", "quantity_estimated", "value", "financing", "notes"]
        case .transferDelivered: dealFields + ["quantity", "quantity_estimated", "value", "notes"]
        case .transferCancelled: dealFields + ["reason", "notes"]
        case .serviceDelivered: dealFields + ["service", "quantity", "quantity_estimated", "value", "notes"]
        case .allianceDescribed: ["alliance", "name", "collective_defence", "article", "notes"]
        case .allianceJoined, .allianceSuspended, .allianceWithdrawalAnnounced, .allianceLeft: ["alliance", "member", "notes"]
        case .obligationInvoked: ["alliance", "by", "against", "article", "notes"]
        case .obligationAnswered: ["alliance", "to", "response", "fulfilled", "notes"]
        case .conflictStarted: ["conflict", "name", "sides", "notes"]
        case .conflictEnded: ["conflict", "notes"]
        case .statementMade: ["by", "speaker", "summary", "about", "notes"]
        case .eventDisputed: ["target", "reason", "by", "notes"]
        case .eventRetracted: ["target", "reason", "replaced_by", "notes"]
        }
    }

    static let dealFields = ["deal", "supplier", "recipient", "system", "category"]

    /// Unknown `data` fields that look like a misspelling of a known one: they are kept (SPEC
    /// section 1), but `append` warns so that `quantitiy` does not silently mean "unknown".
    public static func misspelledFields(of content: EventContent) -> [(field: String, suggestion: String)] {
        let known = knownFields(content.type)
        return content.data.keys.compactMap { key in
            guard !known.contains(key), let near = EditDistance.nearest(to: key, among: known) else { return nil }
            return (key, near)
        }
    }

    static func decodePayload(_ type: EventType, _ data: JSONObject, issues: inout [FieldIssue]) -> EventPayload? {
        var r = FieldReader(data, path: "data")
        defer { issues += r.issues }
        switch type {
        case .actorDescribed:
            let actor = r.actor("actor"), name = r.string("name"), kind = r.choice("kind", ActorKind.self)
            _ = r.string("notes", required: false)
            guard let actor, let name, let kind else { return nil }
            return .actor(ActorDescription(actor: actor, name: name, kind: kind))
        case .systemDescribed:
            let system = r.string("system"), category = r.choice("category", Category.self)
            let name = r.string("name", required: false), origin = r.actor("origin", required: false)
            let range = r.nonNegativeNumber("range_km")
            _ = r.string("notes", required: false)
            guard let system, let category, r.issues.isEmpty else { return nil }
            return .system(SystemDescription(system: system, category: category, name: name, origin: origin, rangeKm: range))
        case .transferOffered, .transferDeclined, .transferBlocked, .transferOrdered, .transferDelivered,
             .transferCancelled, .serviceDelivered:
            return decodeTransfer(type, &r)
        case .allianceDescribed:
            let alliance = r.identifier("alliance"), name = r.string("name"), defence = r.bool("collective_defence")
            let article = r.label("article")
            guard let alliance, let name, let defence, r.issues.isEmpty else { return nil }
            return .alliance(AllianceDescription(alliance: alliance, name: name, collectiveDefence: defence, article: article))
        case .allianceJoined, .allianceSuspended, .allianceWithdrawalAnnounced, .allianceLeft:
            let alliance = r.identifier("alliance"), member = r.actor("member")
            guard let alliance, let member else { return nil }
            return .membership(alliance: alliance, member: member)
        case .obligationInvoked:
            let alliance = r.identifier("alliance"), by = r.actor("by"), against = r.actor("against", required: false)
            _ = r.label("article")
            guard let alliance, let by, r.issues.isEmpty else { return nil }
            return .invocation(alliance: alliance, by: by, against: against)
        case .obligationAnswered:
            let alliance = r.identifier("alliance"), to = r.actor("to"), response = r.string("response"), fulfilled = r.bool("fulfilled")
            guard let alliance, let to, let response, let fulfilled else { return nil }
            return .answer(alliance: alliance, to: to, response: response, fulfilled: fulfilled)
        case .conflictStarted:
            let conflict = r.identifier("conflict"), name = r.string("name")
            let sides = decodeSides(data["sides"], &r)
            guard let conflict, let name, let sides else { return nil }
            return .conflictStarted(conflict: conflict, name: name, sides: sides)
        case .conflictEnded:
            guard let conflict = r.identifier("conflict") else { return nil }
            return .conflictEnded(conflict: conflict)
        case .statementMade:
            let by = r.actor("by"), speaker = r.string("speaker"), summary = r.string("summary")
            var about: [String] = []
            switch data["about"] {
            case nil: break
            case .array(let items)?:
                for (index, item) in items.enumerated() {
                    if case .string(let id) = item, Identifier.isValid(id) { about.append(id) } else {
                        r.issues.append(FieldIssue("data.about[\(index)]", "must be an event id (an id \(Identifier.rule))"))
                    }
                }
            case let other?: r.fail("about", "must be an array of event ids, got \(other.typeName)")
            }
            guard let by, let speaker, let summary, r.issues.isEmpty else { return nil }
            return .statement(by: by, speaker: speaker, summary: summary, about: about)
        case .eventDisputed:
            let target = r.identifier("target"), reason = r.string("reason"), by = r.actor("by", required: false)
            guard let target, let reason, r.issues.isEmpty else { return nil }
            return .dispute(target: target, reason: reason, by: by)
        case .eventRetracted:
            let target = r.identifier("target"), reason = r.string("reason"), replacedBy = r.identifier("replaced_by", required: false)
            guard let target, let reason, r.issues.isEmpty else { return nil }
            return .retraction(target: target, reason: reason, replacedBy: replacedBy)
        }
    }

    private static func decodeTransfer(_ type: EventType, _ r: inout FieldReader) -> EventPayload? {
        let deal = r.identifier("deal"), supplier = r.actor("supplier"), recipient = r.actor("recipient")
        let system = r.string("system"), category = r.choice("category", Category.self)
        if let supplier, supplier == recipient { r.fail("recipient", "must differ from the supplier (\(supplier))") }
        var by: ActorCode?
        if type == .transferDeclined || type == .transferBlocked { by = r.actor("by") }
        var service: ServiceKind?
        if type == .serviceDelivered { service = r.choice("service", ServiceKind.self) }
        var quantity: Int64?
        var estimated = false
        var value: Money?
        if [.transferOffered, .transferOrdered, .transferDelivered, .serviceDelivered].contains(type) {
            quantity = r.count("quantity")
            estimated = r.bool("quantity_estimated", required: false) ?? false
            value = decodeMoney(r.object["value"], &r)
        }
        for key in ["reason", "financing", "notes"] where r.object[key] != nil { _ = r.string(key, required: false) }
        guard let deal, let supplier, let recipient, let system, let category, r.issues.isEmpty else { return nil }
        if type == .transferDeclined || type == .transferBlocked, by == nil { return nil }
        if type == .serviceDelivered, service == nil { return nil }
        return .transfer(TransferFacts(deal: deal, supplier: supplier, recipient: recipient, system: system, category: category,
                                       quantity: quantity, quantityEstimated: estimated, value: value, by: by, service: service))
    }

    private static func decodeMoney(_ value: JSONValue?, _ r: inout FieldReader) -> Money? {
        guard let value else { return nil }
        guard case .object(let object) = value else {
            r.fail("value", "must be an object like {\"amount\": 5000000, \"currency\": \"USD\"}, got \(value.typeName)")
            return nil
        }
        var inner = FieldReader(object, path: "data.value")
        for key in object.keys where key != "amount" && key != "currency" { inner.fail(key, "unknown field; a value has amount and currency") }
        var amount: Int64?
        if let a = object["amount"] { amount = inner.nonNegativeInteger(a, at: "data.value.amount") } else { inner.fail("amount", "is required") }
        let currency = inner.string("currency")
        if let currency, !ISOCurrencies.contains(currency) {
            inner.fail("currency", "must be an ISO 4217 currency code such as \"USD\", got \(inner.quoted(currency))")
        }
        r.issues += inner.issues
        guard let amount, let currency, inner.issues.isEmpty else { return nil }
        return Money(amount: amount, currency: currency)
    }

    private static func decodeSides(_ value: JSONValue?, _ r: inout FieldReader) -> [[ActorCode]]? {
        let shape = "must be two non-empty arrays of actors, e.g. [[\"ARM\"], [\"AZE\"]]"
        guard let value else { r.fail("sides", "is required"); return nil }
        guard case .array(let sides) = value, sides.count == 2 else { r.fail("sides", shape); return nil }
        var result: [[ActorCode]] = []
        var seen = Set<ActorCode>()
        for (i, side) in sides.enumerated() {
            guard case .array(let members) = side, !members.isEmpty else {
                r.issues.append(FieldIssue("data.sides[\(i)]", shape))
                return nil
            }
            var codes: [ActorCode] = []
            for (j, member) in members.enumerated() {
                let path = "data.sides[\(i)][\(j)]"
                guard case .string(let text) = member else {
                    r.issues.append(FieldIssue(path, "must be an actor code, got \(member.typeName)"))
                    continue
                }
                guard let code = r.actorCode(text, at: path) else { continue }
                if !seen.insert(code).inserted { r.issues.append(FieldIssue(path, "\(code) appears twice in sides")) }
                codes.append(code)
            }
            result.append(codes)
        }
        return r.issues.isEmpty ? result : nil
    }

    /// Every actor a payload names, with the field path, for the ledger's "is this actor known" check.
    static func actors(in payload: EventPayload) -> [(path: String, code: ActorCode)] {
        var actors: [(path: String, code: ActorCode)] = []
        forEachActor(in: payload) { path, code in actors.append((path, code)) }
        return actors
    }

    /// Calls `body` with each actor of ``actors(in:)`` and its field path, in the same order,
    /// without building arrays (the paths are literals but for a conflict's sides).
    static func forEachActor(in payload: EventPayload, _ body: (_ path: String, _ code: ActorCode) -> Void) {
        func actor(_ path: String, _ code: ActorCode?) {
            if let code { body(path, code) }
        }
        switch payload {
        case .actor, .alliance, .conflictEnded, .retraction: break
        case .system(let d): actor("data.origin", d.origin)
        case .transfer(let t): actor("data.supplier", t.supplier); actor("data.recipient", t.recipient); actor("data.by", t.by)
        case .membership(_, let member): actor("data.member", member)
        case .invocation(_, let by, let against): actor("data.by", by); actor("data.against", against)
        case .answer(_, let to, _, _): actor("data.to", to)
        case .conflictStarted(_, _, let sides):
            for (i, side) in sides.enumerated() { for (j, code) in side.enumerated() { actor("data.sides[\(i)][\(j)]", code) } }
        case .statement(let by, _, _, _): actor("data.by", by)
        case .dispute(_, _, let by): actor("data.by", by)
        }
    }
}
