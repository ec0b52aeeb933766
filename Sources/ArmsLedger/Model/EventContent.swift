/// An event as its author states it: everything but the store's bookkeeping (`seq`, `prev`,
/// `hash`). Produced by ``EventDecoder`` from an input line or a ledger line.
///
/// A value type whose fields live in one shared, immutable box: copying an event (replays hand
/// events from part to part, into projections, into rows) retains one reference instead of the
/// dozen its strings, sources, data and payload hold. Setting a field builds a new box.
public struct EventContent: Hashable, Sendable {
    /// The fields, shared by every copy and never changed in place.
    private final class Storage: Sendable {
        let id: String
        let type: EventType
        let stream: String
        let occurred: EDTFDate
        let recorded: Timestamp
        let confidence: Confidence
        let sources: [Source]
        let data: JSONObject
        let payload: EventPayload

        init(id: String, type: EventType, stream: String, occurred: EDTFDate, recorded: Timestamp,
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

        /// A copy with `id`, `stream` and `recorded` replaced.
        func with(id: String? = nil, stream: String? = nil, recorded: Timestamp? = nil) -> Storage {
            Storage(id: id ?? self.id, type: type, stream: stream ?? self.stream, occurred: occurred,
                    recorded: recorded ?? self.recorded, confidence: confidence, sources: sources, data: data, payload: payload)
        }
    }

    private var storage: Storage

    /// The event's id (given, or derived from the content on append).
    public var id: String {
        get { storage.id }
        set { storage = storage.with(id: newValue) }
    }
    public var type: EventType { storage.type }
    /// The entity the event belongs to (`deal:…`, `actor:…`, …).
    public var stream: String {
        get { storage.stream }
        set { storage = storage.with(stream: newValue) }
    }
    public var occurred: EDTFDate { storage.occurred }
    public var recorded: Timestamp {
        get { storage.recorded }
        set { storage = storage.with(recorded: newValue) }
    }
    public var confidence: Confidence { storage.confidence }
    public var sources: [Source] { storage.sources }
    /// The raw `data` object, unknown fields included, in the author's order.
    public var data: JSONObject { storage.data }
    /// The typed view of `data`.
    public var payload: EventPayload { storage.payload }

    public init(id: String, type: EventType, stream: String, occurred: EDTFDate, recorded: Timestamp,
                confidence: Confidence, sources: [Source], data: JSONObject, payload: EventPayload) {
        storage = Storage(id: id, type: type, stream: stream, occurred: occurred, recorded: recorded,
                          confidence: confidence, sources: sources, data: data, payload: payload)
    }

    public static func == (lhs: EventContent, rhs: EventContent) -> Bool {
        if lhs.storage === rhs.storage { return true }
        return lhs.id == rhs.id && lhs.type == rhs.type && lhs.stream == rhs.stream && lhs.occurred == rhs.occurred
            && lhs.recorded == rhs.recorded && lhs.confidence == rhs.confidence && lhs.sources == rhs.sources
            && lhs.data == rhs.data && lhs.payload == rhs.payload
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(type)
        hasher.combine(stream)
        hasher.combine(occurred)
        hasher.combine(recorded)
        hasher.combine(confidence)
        hasher.combine(sources)
        hasher.combine(data)
        hasher.combine(payload)
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
