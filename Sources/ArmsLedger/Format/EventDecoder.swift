/// Turns a parsed JSON object into a validated ``EventContent``: the shape checks of SPEC
/// sections 1–4 that need nothing but the line itself (types, required fields, dates, codes,
/// URLs). Checks that need the ledger (known actors, references, deal consistency, unique ids)
/// are ``LedgerFacts``' job.
public enum EventDecoder {
    /// The top-level fields of a ledger line, in their required order.
    public static let lineFields = ["seq", "id", "type", "stream", "occurred", "recorded", "confidence", "sources", "data", "prev", "hash"]

    /// The outcome of decoding one line.
    public struct Decoded: Sendable {
        public var content: EventContent
        /// `seq`, `prev` and `hash` when the line gave them (ledger lines always do).
        public var seq: Int?
        public var prev: SHA256Digest?
        public var hash: SHA256Digest?
    }

    /// Decodes an `append` input line. `id` and `recorded` may be absent (filled in from the
    /// content and `now`); `seq`, `prev` and `hash` are accepted and ignored, since the store
    /// computes them (so `log --format jsonl` output can be imported); `stream` must match the
    /// stream the type implies (a correction's stream is filled in later from its target).
    public static func decodeInput(_ value: JSONValue, now: Timestamp) -> Result<EventContent, FieldIssues> {
        guard case .object(let object) = value else {
            return .failure(FieldIssues([FieldIssue("", "an event must be a JSON object, got \(value.typeName)")]))
        }
        var issues: [FieldIssue] = []
        for key in object.keys where !lineFields.contains(key) {
            var reason = "unknown field; an event has \(lineFields.joined(separator: ", "))"
            if let near = EditDistance.nearest(to: key, among: lineFields) { reason = "unknown field; did you mean \"\(near)\"?" }
            issues.append(FieldIssue(key, reason))
        }
        // `type`, `occurred` and `confidence` are reported missing by decodeCommon; listing them
        // here too printed each such error twice.
        for key in ["sources", "data"] where object[key] == nil {
            issues.append(FieldIssue(key, "is required"))
        }
        let decoded = decodeCommon(object, recordedRequired: false, now: now, issues: &issues)
        if let content = decoded, let given = object["stream"], given != .string(content.stream),
           content.payload.correctionTarget == nil {
            issues.append(FieldIssue("stream", "must be \"\(content.stream)\" for this event (or be left out), got \(JSONWriter.compact(given))"))
        }
        guard issues.isEmpty, let content = decoded else { return .failure(FieldIssues(issues)) }
        return .success(content)
    }

    /// Decodes a ledger line: all eleven fields, in order.
    public static func decodeLine(_ value: JSONValue) -> Result<Decoded, FieldIssues> {
        guard case .object(let object) = value else {
            return .failure(FieldIssues([FieldIssue("", "a line must be a JSON object, got \(value.typeName)")]))
        }
        var issues: [FieldIssue] = []
        if object.keys != lineFields {
            for key in object.keys where !lineFields.contains(key) { issues.append(FieldIssue(key, "unknown field")) }
            for key in lineFields where object[key] == nil { issues.append(FieldIssue(key, "is required")) }
            if issues.isEmpty {
                issues.append(FieldIssue("", "fields are out of order; a line has \(lineFields.joined(separator: ", ")) in this order"))
            }
            return .failure(FieldIssues(issues))
        }
        var seq: Int?
        var reader = FieldReader(object, path: "")
        if let n = reader.count("seq") {
            if n >= 1 { seq = Int(n) } else { reader.fail("seq", "must be ≥ 1") }
        }
        let prev = digest(object["prev"], "prev", &reader.issues)
        let hash = digest(object["hash"], "hash", &reader.issues)
        _ = reader.string("stream")
        issues += reader.issues
        let decoded = decodeCommon(object, recordedRequired: true, now: Timestamp(secondsSinceEpoch: 0), issues: &issues)
        if let content = decoded, case .string(let stream)? = object["stream"], content.payload.correctionTarget == nil, stream != content.stream {
            issues.append(FieldIssue("stream", "must be \"\(content.stream)\", got \"\(stream)\""))
        }
        guard issues.isEmpty, var content = decoded, let seq, let prev, let hash else { return .failure(FieldIssues(issues)) }
        if case .string(let stream)? = object["stream"] { content.stream = stream }
        return .success(Decoded(content: content, seq: seq, prev: prev, hash: hash))
    }

    private static func digest(_ value: JSONValue?, _ key: String, _ issues: inout [FieldIssue]) -> SHA256Digest? {
        guard case .string(let text)? = value, let digest = SHA256Digest(hex: text) else {
            issues.append(FieldIssue(key, "must be 64 lowercase hex digits"))
            return nil
        }
        return digest
    }

    private static func decodeCommon(_ object: JSONObject, recordedRequired: Bool, now: Timestamp, issues: inout [FieldIssue]) -> EventContent? {
        var reader = FieldReader(object, path: "")
        var id: String?
        if object["id"] != nil || recordedRequired { id = reader.identifier("id") }
        let type = reader.choice("type", EventType.self)
        let occurred = date(object["occurred"], at: "occurred", dayMonthYearOnly: false, issues: &reader.issues)
        var recorded: Timestamp? = now
        if let value = object["recorded"] {
            if case .string(let text) = value, let stamp = Timestamp(rfc3339: text) {
                recorded = stamp
            } else {
                reader.fail("recorded", "must be an RFC 3339 UTC time such as \"2026-11-23T10:00:00Z\", got \(JSONWriter.compact(value))")
                recorded = nil
            }
        } else if recordedRequired {
            reader.fail("recorded", "is required")
        }
        let confidence = reader.choice("confidence", Confidence.self)
        issues += reader.issues

        var sources: [Source] = []
        switch object["sources"] {
        case .array(let elements)?:
            for (index, element) in elements.enumerated() {
                if let source = decodeSource(element, path: "sources[\(index)]", issues: &issues) { sources.append(source) }
            }
            if elements.isEmpty, let type, !type.mayOmitSources {
                issues.append(FieldIssue("sources", "needs at least one source for \(type.rawValue)"))
            }
        case nil: break
        case let other?: issues.append(FieldIssue("sources", "must be an array of source objects, got \(other.typeName)"))
        }

        var payload: EventPayload?
        var data = JSONObject()
        switch object["data"] {
        case .object(let object)?:
            data = object
            if let type { payload = decodePayload(type, data, issues: &issues) }
        case nil: break
        case let other?: issues.append(FieldIssue("data", "must be an object, got \(other.typeName)"))
        }

        guard let type, let occurred, let recorded, let confidence, let payload, issues.isEmpty else { return nil }
        var content = EventContent(id: id ?? "", type: type, stream: stream(of: payload), occurred: occurred, recorded: recorded,
                                   confidence: confidence, sources: sources, data: data, payload: payload)
        if id == nil { content.id = content.derivedID }
        return content
    }

    /// The stream a payload belongs to; corrections get `""` here and their target's stream later.
    static func stream(of payload: EventPayload) -> String {
        switch payload {
        case .actor(let d): "actor:\(d.actor)"
        case .system(let d): "system:\(d.system)"
        case .transfer(let t): "deal:\(t.deal)"
        case .alliance(let d): "alliance:\(d.alliance)"
        case .membership(let alliance, _), .invocation(let alliance, _, _), .answer(let alliance, _, _, _): "alliance:\(alliance)"
        case .conflictStarted(let conflict, _, _), .conflictEnded(let conflict): "conflict:\(conflict)"
        case .statement(let by, _, _, _): "actor:\(by)"
        case .dispute, .retraction: ""
        }
    }

    static func date(_ value: JSONValue?, at path: String, dayMonthYearOnly: Bool, issues: inout [FieldIssue]) -> EDTFDate? {
        guard let value else {
            issues.append(FieldIssue(path, "is required"))
            return nil
        }
        guard case .string(let text) = value else {
            issues.append(FieldIssue(path, "must be an EDTF date string such as \"2018-06-14\", got \(value.typeName)"))
            return nil
        }
        do {
            let date = try EDTFDate(parsing: text)
            if dayMonthYearOnly && !date.isDayMonthOrYear {
                issues.append(FieldIssue(path, "must be a day, month or year (e.g. \"2017-11-09\", \"2017-11\", \"2017\"), got \"\(text)\""))
                return nil
            }
            return date
        } catch {
            issues.append(FieldIssue(path, error.description))
            return nil
        }
    }

    static let sourceFields = ["publisher", "title", "date", "url", "kind"]

    private static func decodeSource(_ value: JSONValue, path: String, issues: inout [FieldIssue]) -> Source? {
        guard case .object(let object) = value else {
            issues.append(FieldIssue(path, "must be a source object, got \(value.typeName)"))
            return nil
        }
        var reader = FieldReader(object, path: path)
        for key in object.keys where !sourceFields.contains(key) {
            var reason = "unknown source field; a source has \(sourceFields.joined(separator: ", "))"
            if let near = EditDistance.nearest(to: key, among: sourceFields) { reason += "; did you mean \"\(near)\"?" }
            reader.fail(key, reason)
        }
        let publisher = reader.string("publisher")
        let title = reader.string("title", required: false)
        let url = reader.string("url", required: false)
        if let url, !isWebURL(url) {
            reader.fail("url", "must be an http:// or https:// address, got \(reader.quoted(url))")
        }
        let kind = reader.choice("kind", SourceKind.self, required: false)
        issues += reader.issues
        let date = date(object["date"], at: "\(path).date", dayMonthYearOnly: true, issues: &issues)
        guard let publisher, let date, reader.issues.isEmpty else { return nil }
        return Source(publisher: publisher, title: title, date: date, url: url, kind: kind)
    }

    /// True for `http://host…` and `https://host…` with no spaces or control characters.
    static func isWebURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") { rest = text.dropFirst(8) } else if lower.hasPrefix("http://") { rest = text.dropFirst(7) } else { return false }
        guard let first = rest.first, first != "/" else { return false }
        return !text.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "\\" }
    }
}
