/// Reads typed fields out of a JSON object and collects a ``FieldIssue`` for every field that is
/// missing or ill-typed, so that one pass reports all problems of a line.
struct FieldReader {
    let object: JSONObject
    /// The path prefix, e.g. `data` or `sources[0]`.
    let path: String
    var issues: [FieldIssue] = []

    init(_ object: JSONObject, path: String) {
        self.object = object
        self.path = path
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    mutating func fail(_ key: String, _ reason: String) {
        issues.append(FieldIssue(fieldPath(key), reason))
    }

    /// A string field; required ones must be present and non-empty.
    mutating func string(_ key: String, required: Bool = true) -> String? {
        guard let value = object[key] else {
            if required { fail(key, "is required") }
            return nil
        }
        guard case .string(let text) = value else {
            fail(key, "must be a string, got \(value.typeName)")
            return nil
        }
        if Self.isBlank(text) {
            fail(key, "must not be empty")
            return nil
        }
        return text
    }

    /// True for text that ``string(_:required:)`` rejects as empty: no characters, or only whitespace.
    static func isBlank(_ text: String) -> Bool {
        // A first byte that is printable ASCII other than a space starts a character that is not
        // whitespace (Character.isWhitespace looks at the first scalar): no need to walk characters.
        let first = text.utf8.first ?? 0
        return !(0x21...0x7E).contains(first) && (text.isEmpty || text.allSatisfy(\.isWhitespace))
    }

    /// An id-pattern field (deal, alliance, conflict, target …).
    mutating func identifier(_ key: String, required: Bool = true) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard Identifier.isValid(text) else {
            fail(key, "\(Identifier.rule), got \(quoted(text))")
            return nil
        }
        return text
    }

    /// An actor code field (shape only; whether it is known is checked against the ledger).
    mutating func actor(_ key: String, required: Bool = true) -> ActorCode? {
        guard let text = string(key, required: required) else { return nil }
        return actorCode(text, at: fieldPath(key))
    }

    /// Checks an actor code's shape, adding an issue at `path` when it is wrong.
    mutating func actorCode(_ text: String, at path: String) -> ActorCode? {
        guard let code = ActorCode(text) else {
            let hint = ActorCode(text.uppercased()) != nil ? "; actor codes are upper case, e.g. \(quoted(text.uppercased()))" : ""
            issues.append(FieldIssue(path, "must be an actor code (ISO 3166-1 alpha-3 such as \"ARM\", or one introduced by actor.described), got \(quoted(text))\(hint)"))
            return nil
        }
        return code
    }

    /// A field whose value is one of an enum's raw values.
    mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, required: Bool = true) -> E? where E.RawValue == String {
        guard let text = string(key, required: required) else { return nil }
        if let value = E(rawValue: text) { return value }
        let options = E.allCases.map(\.rawValue)
        var reason = "must be one of \(options.joined(separator: ", ")), got \(quoted(text))"
        if let near = EditDistance.nearest(to: text, among: options) { reason += "; did you mean \(quoted(near))?" }
        fail(key, reason)
        return nil
    }

    mutating func bool(_ key: String, required: Bool = true) -> Bool? {
        guard let value = object[key] else {
            if required { fail(key, "is required") }
            return nil
        }
        guard case .bool(let b) = value else {
            fail(key, "must be true or false, got \(value.typeName)")
            return nil
        }
        return b
    }

    /// A non-negative integer that fits in 64 bits.
    mutating func count(_ key: String) -> Int64? {
        guard let value = object[key] else { return nil }
        return nonNegativeInteger(value, at: fieldPath(key))
    }

    mutating func nonNegativeInteger(_ value: JSONValue, at path: String) -> Int64? {
        switch value {
        case .integer(let n) where n >= 0: return n
        case .integer(let n): issues.append(FieldIssue(path, "must be a non-negative integer, got \(n)"))
        case .number(let text) where text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }):
            issues.append(FieldIssue(path, "integer \(text) does not fit in 64 bits"))
        case .number(let text): issues.append(FieldIssue(path, "must be a non-negative integer, got \(text)"))
        default: issues.append(FieldIssue(path, "must be a non-negative integer, got \(value.typeName)"))
        }
        return nil
    }

    /// A non-negative number (integer or decimal).
    mutating func nonNegativeNumber(_ key: String) -> Double? {
        guard let value = object[key] else { return nil }
        switch value {
        case .integer(let n) where n >= 0: return Double(n)
        case .number(let text):
            if let d = Double(text), d >= 0, d.isFinite { return d }
            fail(key, "must be a non-negative number, got \(text)")
        default: fail(key, "must be a non-negative number, got \(value.typeName == "a number" ? JSONWriter.compact(value) : value.typeName)")
        }
        return nil
    }

    /// A string or integer field kept as text (e.g. `article`).
    mutating func label(_ key: String) -> String? {
        guard let value = object[key] else { return nil }
        switch value {
        case .string(let s) where !s.isEmpty: return s
        case .integer(let n): return String(n)
        default: fail(key, "must be a non-empty string or an integer, got \(value.typeName)")
        }
        return nil
    }

    func quoted(_ text: String) -> String {
        JSONWriter.compact(.string(text.count > 60 ? String(text.prefix(60)) + "…" : text))
    }
}
