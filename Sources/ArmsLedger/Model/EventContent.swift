/// An event as its author states it: everything but the store's bookkeeping (`seq`, `prev`,
/// `hash`). Produced by ``EventDecoder`` from an input line or a ledger line.
public struct EventContent: Hashable, Sendable {
    /// The event's id (given, or derived from the content on append).
    public var id: String
    public let type: EventType
    /// The entity the event belongs to (`deal:…`, `actor:…`, …).
    public var stream: String
    public let occurred: EDTFDate
    public var recorded: Timestamp
    public let confidence: Confidence
    public let sources: [Source]
    /// The raw `data` object, unknown fields included, in the author's order.
    public let data: JSONObject
    /// The typed view of `data`.
    public let payload: EventPayload

    public init(id: String, type: EventType, stream: String, occurred: EDTFDate, recorded: Timestamp,
                confidence: Confidence, sources: [Source], data: JSONObject, payload: EventPayload) {
        self.id = id
        self.type = type
        self.stream = stream
        self.occurred = occurred
        self.recorded = recorded
        self.confidence = confidence
        self.sources = sources
        self.data = data
        self.payload = payload
    }

    /// Since when the fact could be publicly known: the earliest lower bound of its sources'
    /// dates, or the day it was recorded when it has no sources (SPEC section 2).
    public var knownDate: Day {
        sources.map(\.date.lower).min() ?? recorded.day
    }

    /// SHA-256 of the content that identifies a fact — `type`, `occurred`, `confidence`,
    /// `sources`, `data` — written as compact JSON with sorted keys, so key order and spacing
    /// do not matter. Two appends of the same fact have the same content hash.
    public var contentHash: SHA256Digest {
        var object = JSONObject()
        object["type"] = .string(type.rawValue)
        object["occurred"] = .string(occurred.text)
        object["confidence"] = .string(confidence.rawValue)
        object["sources"] = .array(sources.map { .object($0.json) })
        object["data"] = .object(data)
        var writer = JSONWriter(sortsKeys: true)
        writer.write(object)
        return SHA256.hash(writer.bytes)
    }

    /// The id derived from the content when the author gives none:
    /// `<type>-<first 16 hex digits of the content hash>`, e.g. `transfer.delivered-3fa2…`.
    public var derivedID: String {
        type.rawValue + "-" + contentHash.hex.prefix(16)
    }
}
