/// One line of the ledger: the author's content plus the store's `seq` and hash chain.
public struct Event: Hashable, Sendable {
    /// The line number, from 1.
    public let seq: Int
    public let content: EventContent
    /// The hash of the line before (64 zeros on line 1).
    public let prev: SHA256Digest
    /// The hash of this line's bytes before `,"hash":`.
    public let hash: SHA256Digest

    public init(seq: Int, content: EventContent, prev: SHA256Digest, hash: SHA256Digest) {
        self.seq = seq
        self.content = content
        self.prev = prev
        self.hash = hash
    }

    public var id: String { content.id }
    public var type: EventType { content.type }
    public var stream: String { content.stream }
    public var occurred: EDTFDate { content.occurred }
    public var recorded: Timestamp { content.recorded }
    public var confidence: Confidence { content.confidence }
    public var sources: [Source] { content.sources }
    public var data: JSONObject { content.data }
    public var payload: EventPayload { content.payload }
    /// See ``EventContent/knownDate``.
    public var knownDate: Day { content.knownDate }
}
