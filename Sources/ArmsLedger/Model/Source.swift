/// Where a fact was reported (SPEC section 2).
public struct Source: Hashable, Sendable {
    /// Who published it; never empty.
    public let publisher: String
    /// The headline or document title.
    public let title: String?
    /// When it was published: an EDTF day, month or year.
    public let date: EDTFDate
    /// An `http` or `https` address.
    public let url: String?
    /// What kind of publication it is.
    public let kind: SourceKind?

    /// Creates a source. Validation happens in ``EventDecoder``.
    public init(publisher: String, title: String? = nil, date: EDTFDate, url: String? = nil, kind: SourceKind? = nil) {
        self.publisher = publisher
        self.title = title
        self.date = date
        self.url = url
        self.kind = kind
    }

    /// The source as a JSON object, fields in the ledger's order: publisher, title, date, url, kind.
    public var json: JSONObject {
        var object = JSONObject()
        object["publisher"] = .string(publisher)
        if let title { object["title"] = .string(title) }
        object["date"] = .string(date.text)
        if let url { object["url"] = .string(url) }
        if let kind { object["kind"] = .string(kind.rawValue) }
        return object
    }

    /// Writes ``json`` as ``JSONPrettyWriter`` writes it at `indent`, without building it (the
    /// rows of the long JSON views write thousands of sources).
    func writeJSON(indent: Int, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        JSONPrettyWriter.writeKey("publisher", indent: indent + 2, first: true, into: &out)
        JSONPrettyWriter.writeString(publisher, into: &out)
        if let title {
            JSONPrettyWriter.writeKey("title", indent: indent + 2, into: &out)
            JSONPrettyWriter.writeString(title, into: &out)
        }
        JSONPrettyWriter.writeKey("date", indent: indent + 2, into: &out)
        JSONPrettyWriter.writeString(date.text, into: &out)
        if let url {
            JSONPrettyWriter.writeKey("url", indent: indent + 2, into: &out)
            JSONPrettyWriter.writeString(url, into: &out)
        }
        if let kind {
            JSONPrettyWriter.writeKey("kind", indent: indent + 2, into: &out)
            JSONPrettyWriter.writeString(kind.rawValue, into: &out)
        }
        JSONPrettyWriter.newline(indent, &out)
        out.append(UInt8(ascii: "}"))
    }

    /// A one-line citation: `Publisher, "Title", 2017-11-09, https://…`.
    public var citation: String {
        var parts = [publisher]
        if let title { parts.append("\u{201C}\(title)\u{201D}") }
        parts.append(date.text)
        if let url { parts.append(url) }
        return parts.joined(separator: ", ")
    }
}
