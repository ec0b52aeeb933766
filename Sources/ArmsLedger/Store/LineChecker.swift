#if canImport(Glibc)
import Glibc
#endif

/// A fast, byte-level check of one ledger line: it proves in place that a line in the store's
/// compact layout is valid on its own (everything ``JSONParser`` and ``EventDecoder/decodeLine(_:)``
/// check), and extracts what the in-order checks of ``LedgerScanner`` need (`seq`, `prev`, id,
/// type, stream, payload) without building a JSON tree.
///
/// It is a fast path, never a second opinion: it returns nil for anything it does not positively
/// recognise — whitespace, an escape in a string, a number that is not a small non-negative
/// integer, an unknown or repeated field, a missing required field, any value the full decoder
/// would reject — and the caller then runs the full path, which also writes every error message.
/// The invariant, which the differential tests (`LineCheckerTests`) and the fuzz target hold it
/// to: when it returns a line, the full path accepts the same bytes and decodes the same `seq`,
/// `prev`, id, type, stream and payload, and ``LedgerLine/encode(_:seq:prev:)`` of the decoded
/// event writes the line's bytes again (so `append` may copy a checked input line instead of
/// re-encoding it: only its `seq`, `prev` and `hash` can change).
///
/// Every leaf value goes through the same function the full path uses (``Identifier/isValid(_:)``,
/// ``ActorCode/init(_:)``, the enums' `rawValue` initialisers, ``EDTFDate``, ``Timestamp``,
/// ``ISOCurrencies``, ``FieldReader/isBlank(_:)``, ``EventDecoder/isWebURL(_:)``); what is
/// written here is only the JSON grammar of the compact layout and which fields each type reads.
struct LineChecker {
    /// What a checked line holds for the in-order checks.
    struct Checked: Sendable, Equatable {
        let seq: Int
        let id: String
        let type: EventType
        /// The stream as written on the line.
        let stream: String
        let payload: EventPayload
        let prev: SHA256Digest
    }

    /// What ``event(_:)`` keeps of a line besides ``Checked``: the values the check reads and
    /// drops.
    private struct Kept {
        var occurred: Range<Int> = 0..<0
        var recorded: Timestamp?
        var confidence: Confidence?
        var sources: [Source] = []
        /// The `data` object's members, as ``JSONParser`` reads them.
        var data: [(key: String, value: JSONValue)] = []
        var hash: SHA256Digest?
    }

    private let line: UnsafeRawBufferPointer
    private var p = 0
    /// Set by ``event(_:)``; nil for a check alone.
    private var kept: Kept?

    private init(_ line: UnsafeRawBufferPointer) {
        self.line = line
    }

    /// Checks a line (without its `\n`); nil when the full path must decide.
    static func check(_ line: UnsafeRawBufferPointer) -> Checked? {
        guard line.count > 0 else { return nil }
        var checker = LineChecker(line)
        return checker.checkLine()
    }

    /// The event of a line in the store's compact layout, read straight from its bytes; nil
    /// when the full path must decide (exactly when ``check(_:)`` gives nil). The replay decodes
    /// lines with it: it equals what ``JSONParser`` and ``EventDecoder/decodeLine(_:)`` make of
    /// the same bytes (the differential tests hold it to that), without building their JSON
    /// tree; only the small `data` object is parsed as JSON, since events keep it.
    static func event(_ line: UnsafeRawBufferPointer) -> Event? {
        guard line.count > 0 else { return nil }
        var checker = LineChecker(line)
        checker.kept = Kept()
        guard let checked = checker.checkLine(), let kept = checker.kept, let hash = kept.hash, let recorded = kept.recorded,
              let confidence = kept.confidence, let occurred = try? EDTFDate(parsing: checker.bytes(kept.occurred))
        else { return nil }
        let content = EventContent(id: checked.id, type: checked.type, stream: checked.stream, occurred: occurred, recorded: recorded,
                                   confidence: confidence, sources: kept.sources, data: JSONObject(uniqueMembers: kept.data),
                                   payload: checked.payload)
        return Event(seq: checked.seq, content: content, prev: checked.prev, hash: hash)
    }

    // MARK: - The line

    private mutating func checkLine() -> Checked? {
        guard literal(#"{"seq":"#), let seq = integer(), seq >= 1 else { return nil }
        guard literal(#","id":"#), let idRange = string(), Identifier.isValid(utf8: bytes(idRange)) else { return nil }
        let id = text(idRange)
        guard literal(#","type":"#), let typeRange = string(), let type = lookup(typeRange, Self.eventTypes) else { return nil }
        guard literal(#","stream":"#), let streamRange = string() else { return nil }
        let stream = text(streamRange)
        guard !FieldReader.isBlank(stream) else { return nil }
        guard literal(#","occurred":"#), let occurred = string(), EDTFDate.precision(bytes(occurred)) != nil else { return nil }
        guard literal(#","recorded":"#), let recorded = string(),
              let stamp = Timestamp(rfc3339UTF8: bytes(recorded))
        else { return nil }
        guard literal(#","confidence":"#), let confidenceRange = string(),
              let confidence = lookup(confidenceRange, Self.confidences) else { return nil }
        guard literal(#","sources":["#), let sourceCount = sources() else { return nil }
        if sourceCount == 0, !type.mayOmitSources { return nil }
        guard literal(#","data":"#), let payload = data(type) else { return nil }
        guard literal(#","prev":""#), let prev = hex64() else { return nil }
        guard literal(#","hash":""#), let hash = hex64(), byte(UInt8(ascii: "}")), p == line.count else { return nil }
        if kept != nil {
            kept!.occurred = occurred
            kept!.recorded = stamp
            kept!.confidence = confidence
            kept!.hash = hash
        }
        if payload.correctionTarget == nil, !Self.isStream(bytes(streamRange), of: payload) { return nil }
        return Checked(seq: Int(seq), id: id, type: type, stream: stream, payload: payload, prev: prev)
    }

    /// The elements of `sources` after its `[`, through its `]`; returns how many, or nil.
    private mutating func sources() -> Int? {
        if byte(UInt8(ascii: "]")) { return 0 }
        var count = 0
        while true {
            guard byte(UInt8(ascii: "{")), source() else { return nil }
            count += 1
            if byte(UInt8(ascii: ",")) { continue }
            guard byte(UInt8(ascii: "]")) else { return nil }
            return count
        }
    }

    /// One source object after its `{`, through its `}` (`EventDecoder.decodeSource`).
    private mutating func source() -> Bool {
        var seen: UInt8 = 0
        var publisher = 0..<0, date = 0..<0, title: Range<Int>?, url: Range<Int>?, kind: SourceKind?
        if peek(UInt8(ascii: "}")) { return false }  // publisher and date are required
        while true {
            guard let keyRange = string(), byte(UInt8(ascii: ":")), let valueRange = string() else { return false }
            let bit: UInt8
            if equals(keyRange, "publisher") {
                bit = 1
                guard !isBlank(valueRange) else { return false }
                publisher = valueRange
            } else if equals(keyRange, "title") {
                bit = 2
                guard !isBlank(valueRange) else { return false }
                title = valueRange
            } else if equals(keyRange, "date") {
                bit = 4
                guard let precision = EDTFDate.precision(bytes(valueRange)), EDTFDate.isDayMonthOrYear(precision) else { return false }
                date = valueRange
            } else if equals(keyRange, "url") {
                bit = 8
                guard !isBlank(valueRange), isWebURL(valueRange) else { return false }
                url = valueRange
            } else if equals(keyRange, "kind") {
                bit = 16
                guard let value = lookup(valueRange, Self.sourceKinds) else { return false }
                kind = value
            } else {
                return false
            }
            // The store's order (publisher, title, date, url, kind) and no repeats: then writing the
            // decoded source again gives these very bytes, which `append` relies on.
            guard bit > seen else { return false }
            seen |= bit
            if byte(UInt8(ascii: ",")) { continue }
            guard byte(UInt8(ascii: "}")), seen & 5 == 5 else { return false }
            if kept != nil {
                guard let parsed = try? EDTFDate(parsing: bytes(date)) else { return false }
                kept!.sources.append(Source(publisher: text(publisher), title: title.map(text), date: parsed, url: url.map(text), kind: kind))
            }
            return true
        }
    }

    // MARK: - data

    /// The fields of a `data` object, by name; each bit stands for one name (repeats are errors).
    private enum Field: Int {
        case deal, supplier, recipient, system, category, quantity, quantityEstimated, value, by, reason
        case financing, notes, service, actor, name, kind, origin, rangeKm, alliance, collectiveDefence
        case article, member, against, to, response, fulfilled, conflict, sides, speaker, summary
        case about, target, replacedBy

        /// Every field with its name.
        static let names: [(name: String, field: Field)] = [
            ("deal", .deal), ("supplier", .supplier), ("recipient", .recipient), ("system", .system), ("category", .category),
            ("quantity", .quantity), ("quantity_estimated", .quantityEstimated), ("value", .value), ("by", .by), ("reason", .reason),
            ("financing", .financing), ("notes", .notes), ("service", .service), ("actor", .actor), ("name", .name),
            ("kind", .kind), ("origin", .origin), ("range_km", .rangeKm), ("alliance", .alliance),
            ("collective_defence", .collectiveDefence), ("article", .article), ("member", .member), ("against", .against),
            ("to", .to), ("response", .response), ("fulfilled", .fulfilled), ("conflict", .conflict), ("sides", .sides),
            ("speaker", .speaker), ("summary", .summary), ("about", .about), ("target", .target), ("replaced_by", .replacedBy),
        ]

        /// Whether `type` reads this field (``EventDecoder/knownFields(_:)``); any other field
        /// sends the line to the full path.
        func isKnown(for type: EventType) -> Bool {
            let isTransfer = type.isDealEvent
            switch self {
            case .deal, .supplier, .recipient: return isTransfer
            case .system, .category: return isTransfer || type == .systemDescribed
            case .quantity, .quantityEstimated, .value:
                return [.transferOffered, .transferOrdered, .transferDelivered, .serviceDelivered].contains(type)
            case .by: return [.transferDeclined, .transferBlocked, .obligationInvoked, .statementMade, .eventDisputed].contains(type)
            case .reason:
                return [.transferDeclined, .transferBlocked, .transferCancelled, .eventDisputed, .eventRetracted].contains(type)
            case .financing: return type == .transferOrdered
            case .notes: return true
            case .service: return type == .serviceDelivered
            case .actor, .kind: return type == .actorDescribed
            case .name: return [.actorDescribed, .systemDescribed, .allianceDescribed, .conflictStarted].contains(type)
            case .origin, .rangeKm: return type == .systemDescribed
            case .alliance: return type == .allianceDescribed || type.isMembershipEvent || type == .obligationInvoked || type == .obligationAnswered
            case .collectiveDefence: return type == .allianceDescribed
            case .article: return type == .allianceDescribed || type == .obligationInvoked
            case .member: return type.isMembershipEvent
            case .against: return type == .obligationInvoked
            case .to, .response, .fulfilled: return type == .obligationAnswered
            case .conflict: return type == .conflictStarted || type == .conflictEnded
            case .sides: return type == .conflictStarted
            case .speaker, .summary, .about: return type == .statementMade
            case .target: return type.isCorrection
            case .replacedBy: return type == .eventRetracted
            }
        }
    }

    /// The values read from a `data` object, one property per field.
    private struct DataValues {
        var deal: String?, alliance: String?, conflict: String?, target: String?, replacedBy: String?
        var system: String?, name: String?, speaker: String?, summary: String?, response: String?
        var reason: String?, article: String?
        var actor: ActorCode?, supplier: ActorCode?, recipient: ActorCode?, by: ActorCode?, origin: ActorCode?
        var member: ActorCode?, against: ActorCode?, to: ActorCode?
        var quantityEstimated: Bool?, collectiveDefence: Bool?, fulfilled: Bool?
        var category: Category?
        var quantity: Int64?
        var value: Money?
        var service: ServiceKind?
        var kind: ActorKind?
        var rangeKm: Double?
        var sides: [[ActorCode]]?
        var about: [String]?

        mutating func set(_ field: Field, string text: String) {
            switch field {
            case .deal: deal = text
            case .alliance: alliance = text
            case .conflict: conflict = text
            case .target: target = text
            case .replacedBy: replacedBy = text
            case .system: system = text
            case .name: name = text
            case .speaker: speaker = text
            case .summary: summary = text
            case .response: response = text
            case .reason: reason = text
            case .article: article = text
            default: break
            }
        }

        mutating func set(_ field: Field, actor code: ActorCode) {
            switch field {
            case .actor: actor = code
            case .supplier: supplier = code
            case .recipient: recipient = code
            case .by: by = code
            case .origin: origin = code
            case .member: member = code
            case .against: against = code
            case .to: to = code
            default: break
            }
        }

        mutating func set(_ field: Field, bool b: Bool) {
            switch field {
            case .quantityEstimated: quantityEstimated = b
            case .collectiveDefence: collectiveDefence = b
            case .fulfilled: fulfilled = b
            default: break
            }
        }
    }

    /// The `data` object, from its `{` through its `}`, decoded into the type's payload
    /// (``EventDecoder/decodePayload(_:_:issues:)``); for ``event(_:)``, its members are kept
    /// as ``JSONParser`` reads them (``Kept/data``), made from the values read here instead of
    /// by a second parse of the object.
    private mutating func data(_ type: EventType) -> EventPayload? {
        guard byte(UInt8(ascii: "{")), !peek(UInt8(ascii: "}")) else { return nil }
        var seen: UInt64 = 0
        var v = DataValues()
        let keeping = kept != nil
        var members: [(key: String, value: JSONValue)] = []
        while true {
            guard let keyRange = string(), byte(UInt8(ascii: ":")),
                  let (field, name) = lookup(keyRange, Self.fields), field.isKnown(for: type),
                  seen & (1 << field.rawValue) == 0
            else { return nil }
            seen |= 1 << field.rawValue
            let start = p
            guard value(field, type, &v) else { return nil }
            if keeping {
                guard let json = json(field, v, from: start) else { return nil }
                members.append((name, json))
            }
            if byte(UInt8(ascii: ",")) { continue }
            guard byte(UInt8(ascii: "}")) else { return nil }
            break
        }
        if keeping { kept!.data = members }
        return payload(type, v)
    }

    /// The value of `field` just read (from `start`) as ``JSONParser`` reads it, taken from
    /// `v` where ``value(_:_:_:)`` kept it (sharing its strings), else from its bytes.
    private func json(_ field: Field, _ v: borrowing DataValues, from start: Int) -> JSONValue? {
        func string(_ text: String?) -> JSONValue? { text.map { .string($0) } }
        switch field {
        case .deal: return string(v.deal)
        case .alliance: return string(v.alliance)
        case .conflict: return string(v.conflict)
        case .target: return string(v.target)
        case .replacedBy: return string(v.replacedBy)
        case .system: return string(v.system)
        case .name: return string(v.name)
        case .speaker: return string(v.speaker)
        case .summary: return string(v.summary)
        case .response: return string(v.response)
        case .reason: return string(v.reason)
        case .actor: return string(v.actor?.rawValue)
        case .supplier: return string(v.supplier?.rawValue)
        case .recipient: return string(v.recipient?.rawValue)
        case .by: return string(v.by?.rawValue)
        case .origin: return string(v.origin?.rawValue)
        case .member: return string(v.member?.rawValue)
        case .against: return string(v.against?.rawValue)
        case .to: return string(v.to?.rawValue)
        case .category: return string(v.category?.rawValue)
        case .service: return string(v.service?.rawValue)
        case .kind: return string(v.kind?.rawValue)
        case .quantity: return v.quantity.map { .integer($0) }
        case .quantityEstimated: return v.quantityEstimated.map { .bool($0) }
        case .collectiveDefence: return v.collectiveDefence.map { .bool($0) }
        case .fulfilled: return v.fulfilled.map { .bool($0) }
        case .sides: return v.sides.map { sides in .array(sides.map { side in .array(side.map { .string($0.rawValue) }) }) }
        case .about: return v.about.map { ids in .array(ids.map { .string($0) }) }
        case .financing, .notes, .rangeKm, .article, .value:
            // Read here without keeping the value as written (a number or a string, members
            // in their order): parsed from its bytes, as the full path does.
            return try? JSONParser.parse(bytes(start..<p))
        }
    }

    /// Reads one field's value the way the full decoder reads it for `type`.
    private mutating func value(_ field: Field, _ type: EventType, _ v: inout DataValues) -> Bool {
        switch field {
        case .deal, .alliance, .conflict, .target, .replacedBy:
            guard let range = string(), Identifier.isValid(utf8: bytes(range)) else { return false }
            v.set(field, string: text(range))
        case .actor, .supplier, .recipient, .by, .origin, .member, .against, .to:
            guard let range = string(), let code = ActorCode(text(range)) else { return false }
            v.set(field, actor: code)
        case .system, .name, .speaker, .summary, .response:
            guard let range = string(), !isBlank(range) else { return false }
            v.set(field, string: text(range))
        case .reason, .financing:
            guard let range = string(), !isBlank(range) else { return false }
            if field == .reason { v.reason = text(range) }
        case .notes:
            guard let range = string() else { return false }
            // Read (and so checked) only by these types; any string passes elsewhere.
            if type.isDealEvent || type == .actorDescribed || type == .systemDescribed {
                guard !isBlank(range) else { return false }
            }
        case .category:
            guard let range = string(), let category = lookup(range, Self.categories) else { return false }
            v.category = category
        case .service:
            guard let range = string(), let service = lookup(range, Self.serviceKinds) else { return false }
            v.service = service
        case .kind:
            guard let range = string(), let kind = lookup(range, Self.actorKinds) else { return false }
            v.kind = kind
        case .quantity:
            guard let n = integer() else { return false }
            v.quantity = n
        case .rangeKm:
            guard let n = integer() else { return false }
            v.rangeKm = Double(n)
        case .quantityEstimated, .collectiveDefence, .fulfilled:
            guard let b = boolean() else { return false }
            v.set(field, bool: b)
        case .article:
            if peek(UInt8(ascii: "\"")) {
                guard let range = string(), !range.isEmpty else { return false }
                v.article = text(range)
            } else {
                guard let n = integer() else { return false }
                v.article = String(n)
            }
        case .value:
            guard let money = money() else { return false }
            v.value = money
        case .sides:
            guard let sides = sides() else { return false }
            v.sides = sides
        case .about:
            guard let about = about() else { return false }
            v.about = about
        }
        return true
    }

    /// The payload from the values read; nil when a required field is missing or a cross-field
    /// rule fails (the full path reports it).
    private func payload(_ type: EventType, _ v: borrowing DataValues) -> EventPayload? {
        switch type {
        case .actorDescribed:
            guard let actor = v.actor, let name = v.name, let kind = v.kind else { return nil }
            return .actor(ActorDescription(actor: actor, name: name, kind: kind))
        case .systemDescribed:
            guard let system = v.system, let category = v.category else { return nil }
            return .system(SystemDescription(system: system, category: category, name: v.name,
                                             origin: v.origin, rangeKm: v.rangeKm))
        case .transferOffered, .transferDeclined, .transferBlocked, .transferOrdered, .transferDelivered,
             .transferCancelled, .serviceDelivered:
            guard let deal = v.deal, let supplier = v.supplier, let recipient = v.recipient,
                  let system = v.system, let category = v.category, supplier != recipient
            else { return nil }
            let by = v.by
            if type == .transferDeclined || type == .transferBlocked, by == nil { return nil }
            if type == .serviceDelivered, v.service == nil { return nil }
            return .transfer(TransferFacts(deal: deal, supplier: supplier, recipient: recipient, system: system, category: category,
                                           quantity: v.quantity, quantityEstimated: v.quantityEstimated ?? false,
                                           value: v.value, by: by, service: v.service))
        case .allianceDescribed:
            guard let alliance = v.alliance, let name = v.name, let defence = v.collectiveDefence else { return nil }
            return .alliance(AllianceDescription(alliance: alliance, name: name, collectiveDefence: defence, article: v.article))
        case .allianceJoined, .allianceSuspended, .allianceWithdrawalAnnounced, .allianceLeft:
            guard let alliance = v.alliance, let member = v.member else { return nil }
            return .membership(alliance: alliance, member: member)
        case .obligationInvoked:
            guard let alliance = v.alliance, let by = v.by else { return nil }
            return .invocation(alliance: alliance, by: by, against: v.against)
        case .obligationAnswered:
            guard let alliance = v.alliance, let to = v.to, let response = v.response,
                  let fulfilled = v.fulfilled
            else { return nil }
            return .answer(alliance: alliance, to: to, response: response, fulfilled: fulfilled)
        case .conflictStarted:
            guard let conflict = v.conflict, let name = v.name, let sides = v.sides else { return nil }
            return .conflictStarted(conflict: conflict, name: name, sides: sides)
        case .conflictEnded:
            guard let conflict = v.conflict else { return nil }
            return .conflictEnded(conflict: conflict)
        case .statementMade:
            guard let by = v.by, let speaker = v.speaker, let summary = v.summary else { return nil }
            return .statement(by: by, speaker: speaker, summary: summary, about: v.about ?? [])
        case .eventDisputed:
            guard let target = v.target, let reason = v.reason else { return nil }
            return .dispute(target: target, reason: reason, by: v.by)
        case .eventRetracted:
            guard let target = v.target, let reason = v.reason else { return nil }
            return .retraction(target: target, reason: reason, replacedBy: v.replacedBy)
        }
    }

    /// `{"amount":N,"currency":"XXX"}` in either order (`EventDecoder.decodeMoney`).
    private mutating func money() -> Money? {
        guard byte(UInt8(ascii: "{")) else { return nil }
        var amount: Int64?
        var currency: String?
        while true {
            guard let keyRange = string(), byte(UInt8(ascii: ":")) else { return nil }
            if equals(keyRange, "amount") {
                guard amount == nil, let n = integer() else { return nil }
                amount = n
            } else if equals(keyRange, "currency") {
                guard currency == nil, let range = string(), !isBlank(range) else { return nil }
                let code = text(range)
                guard ISOCurrencies.contains(code) else { return nil }
                currency = code
            } else {
                return nil
            }
            if byte(UInt8(ascii: ",")) { continue }
            guard byte(UInt8(ascii: "}")), let amount, let currency else { return nil }
            return Money(amount: amount, currency: currency)
        }
    }

    /// `[["A",…],["B",…]]`: two non-empty arrays of actor codes, no code twice (`EventDecoder.decodeSides`).
    private mutating func sides() -> [[ActorCode]]? {
        guard byte(UInt8(ascii: "[")) else { return nil }
        var result: [[ActorCode]] = []
        var seen = Set<ActorCode>()
        while true {
            guard byte(UInt8(ascii: "[")), !peek(UInt8(ascii: "]")) else { return nil }
            var codes: [ActorCode] = []
            while true {
                guard let range = string(), let code = ActorCode(text(range)), seen.insert(code).inserted else { return nil }
                codes.append(code)
                if byte(UInt8(ascii: ",")) { continue }
                guard byte(UInt8(ascii: "]")) else { return nil }
                break
            }
            result.append(codes)
            if byte(UInt8(ascii: ",")) { continue }
            guard byte(UInt8(ascii: "]")), result.count == 2 else { return nil }
            return result
        }
    }

    /// An array of event ids (`about`).
    private mutating func about() -> [String]? {
        guard byte(UInt8(ascii: "[")) else { return nil }
        var ids: [String] = []
        if byte(UInt8(ascii: "]")) { return ids }
        while true {
            guard let range = string(), Identifier.isValid(utf8: bytes(range)) else { return nil }
            ids.append(text(range))
            if byte(UInt8(ascii: ",")) { continue }
            guard byte(UInt8(ascii: "]")) else { return nil }
            return ids
        }
    }

    /// Whether a stream as written is ``EventDecoder/stream(of:)`` of `payload` (which the full
    /// path compares as `String`s): equal bytes settle it without making the expected stream;
    /// anything else goes to that comparison.
    private static func isStream(_ written: UnsafeRawBufferPointer, of payload: EventPayload) -> Bool {
        func matches(_ prefix: StaticString, _ name: String) -> Bool {
            var name = name
            let count = prefix.utf8CodeUnitCount
            let equal = name.withUTF8 { name in
                written.count == count + name.count && memcmp(written.baseAddress!, prefix.utf8Start, count) == 0
                    && (name.isEmpty || memcmp(written.baseAddress! + count, name.baseAddress!, name.count) == 0)
            }
            return equal || EventDecoder.stream(of: payload) == String(decoding: written, as: UTF8.self)
        }
        switch payload {
        case .actor(let d): return matches("actor:", d.actor.rawValue)
        case .system(let d): return matches("system:", d.system)
        case .transfer(let t): return matches("deal:", t.deal)
        case .alliance(let d): return matches("alliance:", d.alliance)
        case .membership(let alliance, _), .invocation(let alliance, _, _), .answer(let alliance, _, _, _): return matches("alliance:", alliance)
        case .conflictStarted(let conflict, _, _), .conflictEnded(let conflict): return matches("conflict:", conflict)
        case .statement(let by, _, _, _): return matches("actor:", by.rawValue)
        case .dispute, .retraction: return EventDecoder.stream(of: payload) == String(decoding: written, as: UTF8.self)
        }
    }

    // MARK: - JSON tokens of the compact layout

    /// The bytes of `range` as a buffer.
    private func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: line[range])
    }

    /// The string value of an escape-free range: exactly what ``JSONParser`` returns for it.
    private func text(_ range: Range<Int>) -> String {
        String(decoding: bytes(range), as: UTF8.self)
    }

    /// ``FieldReader/isBlank(_:)`` of a range, without making a `String` when its first byte
    /// settles it (the same first test ``FieldReader/isBlank(_:)`` makes).
    private func isBlank(_ range: Range<Int>) -> Bool {
        if !range.isEmpty, (0x21...0x7E).contains(line[range.lowerBound]) { return false }
        return FieldReader.isBlank(text(range))
    }

    /// ``EventDecoder/isWebURL(_:)`` of a range. For printable ASCII (each byte a character,
    /// lower-casing byte by byte) it decides on the bytes what that function decides on the
    /// text; anything else goes to that function.
    private func isWebURL(_ range: Range<Int>) -> Bool {
        guard range.allSatisfy({ (0x21...0x7E).contains(line[$0]) }) else { return EventDecoder.isWebURL(text(range)) }
        func hasPrefix(_ prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard range.count >= count else { return false }
            for i in 0..<count {
                var b = line[range.lowerBound + i]
                if (0x41...0x5A).contains(b) { b += 0x20 }
                if b != prefix.utf8Start[i] { return false }
            }
            return true
        }
        let restStart: Int
        if hasPrefix("https://") { restStart = range.lowerBound + 8 } else if hasPrefix("http://") { restStart = range.lowerBound + 7 } else { return false }
        guard restStart < range.upperBound, line[restStart] != UInt8(ascii: "/") else { return false }
        return !range.contains { [UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\")].contains(line[$0]) }
    }

    /// Whether the bytes of `range` are exactly `key`.
    private func equals(_ range: Range<Int>, _ key: StaticString) -> Bool {
        let count = key.utf8CodeUnitCount
        guard range.count == count else { return false }
        for i in 0..<count where line[range.lowerBound + i] != key.utf8Start[i] { return false }
        return true
    }

    /// Each value of an enum with its raw value's bytes; ``lookup(_:_:)`` finds a value by bytes
    /// (byte equality implies the `String` equality of `init(rawValue:)`).
    private static func table<E: RawRepresentable & CaseIterable>(_: E.Type) -> [([UInt8], E)] where E.RawValue == String {
        E.allCases.map { (Array($0.rawValue.utf8), $0) }
    }

    private static let eventTypes = table(EventType.self)
    private static let confidences = table(Confidence.self)
    private static let sourceKinds = table(SourceKind.self)
    private static let categories = table(Category.self)
    private static let serviceKinds = table(ServiceKind.self)
    private static let actorKinds = table(ActorKind.self)
    /// Each field's name as bytes, with the field and its name as a `String` (a `data` member's key).
    private static let fields: [([UInt8], (Field, String))] = Field.names.map { (Array($0.name.utf8), ($0.field, $0.name)) }

    /// The value whose bytes are those of `range`, or nil.
    private func lookup<Value>(_ range: Range<Int>, _ table: [([UInt8], Value)]) -> Value? {
        for (bytes, value) in table where bytes.count == range.count {
            if bytes.withUnsafeBytes({ memcmp($0.baseAddress!, line.baseAddress! + range.lowerBound, range.count) }) == 0 { return value }
        }
        return nil
    }

    private func peek(_ expected: UInt8) -> Bool {
        p < line.count && line[p] == expected
    }

    private mutating func byte(_ expected: UInt8) -> Bool {
        guard peek(expected) else { return false }
        p += 1
        return true
    }

    private mutating func literal(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard line.count - p >= count, memcmp(line.baseAddress! + p, text.utf8Start, count) == 0 else { return false }
        p += count
        return true
    }

    /// 64 lowercase hex digits and the closing quote of their string (the opening one is read).
    private mutating func hex64() -> SHA256Digest? {
        guard line.count - p >= 65, let digest = SHA256Digest(hexBytes: bytes(p..<(p + 64))),
              line[p + 64] == UInt8(ascii: "\"")
        else { return nil }
        p += 65
        return digest
    }

    /// `true` or `false`.
    private mutating func boolean() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    /// A non-negative integer of at most 18 digits without a leading zero, not followed by a
    /// fraction or exponent: it fits `Int64`, and ``JSONParser`` reads it as ``JSONValue/integer(_:)``.
    private mutating func integer() -> Int64? {
        let start = p
        var value: Int64 = 0
        while p < line.count, line[p] >= 0x30, line[p] <= 0x39 {
            if p - start == 18 { return nil }  // 19 digits or more: let the full path decide
            value = value * 10 + Int64(line[p] - 0x30)
            p += 1
        }
        let digits = p - start
        guard digits > 0, !(digits > 1 && line[start] == 0x30) else { return nil }
        if p < line.count, line[p] == UInt8(ascii: ".") || line[p] == UInt8(ascii: "e") || line[p] == UInt8(ascii: "E") { return nil }
        return value
    }

    /// A string with no escapes, starting at its opening quote: returns the range of its
    /// contents and moves past the closing quote. Nil on an escape, a control character, invalid
    /// UTF-8 (as ``JSONParser`` judges it) or the end of the line.
    private mutating func string() -> Range<Int>? {
        guard byte(UInt8(ascii: "\"")) else { return nil }
        let start = p
        // Skip eight plain bytes (printable ASCII other than `"` and `\`) at a time.
        if let base = line.baseAddress {
            while p + 8 <= line.count {
                let word = base.loadUnaligned(fromByteOffset: p, as: UInt64.self)
                let flagged = ByteWord.equal(word, 0x22) | ByteWord.equal(word, 0x5C) | ByteWord.controlOrNonASCII(word)
                if flagged != 0 {
                    p += ByteWord.firstFlagged(flagged)
                    break
                }
                p += 8
            }
        }
        while p < line.count {
            let byte = line[p]
            if byte == UInt8(ascii: "\"") {
                p += 1
                return start..<(p - 1)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            if byte < 0x80 {
                p += 1
            } else {
                guard let length = utf8ScalarLength(at: p) else { return nil }
                p += length
            }
        }
        return nil
    }

    /// The length of the valid multi-byte UTF-8 scalar at `offset`, by the rules of
    /// ``JSONParser`` (no overlong forms, surrogates or code points beyond U+10FFFF), or nil.
    private func utf8ScalarLength(at offset: Int) -> Int? {
        let lead = line[offset]
        let length: Int
        let minimum: UInt32
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(lead & 0x07)
        default: return nil
        }
        guard line.count - offset >= length else { return nil }
        for i in 1..<length {
            let next = line[offset + i]
            guard next & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) { return nil }
        return length
    }
}
