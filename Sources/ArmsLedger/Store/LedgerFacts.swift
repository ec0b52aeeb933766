/// What validating an append needs to know about the ledger so far, without replaying it:
/// ids with their content hashes and streams, deals with their parties, described actors,
/// alliances, conflicts, per-stream counts, and the chain's end.
///
/// A full scan (verify, repair, an index rebuild) fills in every id. An append loads the
/// entity-level part from the side index (``SideIndex``) and only the ids its batch mentions,
/// resolved through the index's on-disk table (``MappedSideIndex/resolve(_:into:ledger:)``)
/// before ``check(_:)`` runs; ``apply(_:hash:lineLength:)`` then adds the batch's own ids.
public struct LedgerFacts: Sendable {
    /// The parties of a deal, fixed by its first event.
    public struct DealParties: Hashable, Sendable {
        public let supplier: String
        public let recipient: String
        public let system: String
    }

    /// What the checks need to know about an event already in the ledger.
    struct IDRecord: Hashable, Sendable {
        let contentHash: SHA256Digest
        let stream: String
    }

    /// The events the checks may ask about, by id: all of them after a full scan; after a load
    /// from the side index, those resolved so far and those applied since.
    var ids: [String: IDRecord] = [:]
    var deals: [String: DealParties] = [:]
    var describedActors: Set<String> = []
    var alliances: Set<String> = []
    var startedConflicts: Set<String> = []
    var endedConflicts: Set<String> = []
    var streamCounts: [String: Int] = [:]
    /// The number of events (the last `seq`).
    public internal(set) var count = 0
    /// The hash of the last line (zeros for an empty ledger).
    public internal(set) var lastHash = SHA256Digest.zero
    /// The ledger's length in bytes up to the end of the last valid line.
    public internal(set) var byteLength: Int64 = 0

    public init() {}

    /// Makes room for `count` more ids (an append about to apply a large batch).
    mutating func reserveCapacity(ids count: Int) {
        ids.reserveCapacity(ids.count + count)
    }

    /// How many events a stream holds.
    public func count(ofStream stream: String) -> Int { streamCounts[stream] ?? 0 }

    /// True when the ledger holds an event with this id (among ``ids``).
    public func contains(id: String) -> Bool { ids[id] != nil }

    /// Calls `body` with each id that checking and applying an event looks up: its own (`id`),
    /// then those its payload refers to, in that order.
    static func forEachIDMentioned(id: String, payload: EventPayload, _ body: (String) -> Void) {
        body(id)
        switch payload {
        case .statement(_, _, _, let about): about.forEach(body)
        case .dispute(let target, _, _): body(target)
        case .retraction(let target, _, let replacedBy):
            body(target)
            if let replacedBy { body(replacedBy) }
        default: break
        }
    }

    /// Checks what an event says against what the ledger holds; fills in a correction's
    /// stream from its target. Returns every problem found.
    func check(_ content: inout EventContent) -> [FieldIssue] {
        check(content.payload, stream: &content.stream)
    }

    /// ``check(_:)`` of an event's payload; sets `stream` to a correction's target's stream.
    func check(_ payload: EventPayload, stream: inout String) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        for (path, code) in EventDecoder.actors(in: payload) where !isKnown(code) {
            issues.append(FieldIssue(path, unknownActorReason(code)))
        }
        switch payload {
        case .actor(let description):
            _ = description
        case .system:
            break
        case .transfer(let t):
            if let parties = deals[t.deal] {
                if parties.supplier != t.supplier.rawValue {
                    issues.append(FieldIssue("data.supplier", "deal \"\(t.deal)\" has supplier \(parties.supplier), got \(t.supplier)"))
                }
                if parties.recipient != t.recipient.rawValue {
                    issues.append(FieldIssue("data.recipient", "deal \"\(t.deal)\" has recipient \(parties.recipient), got \(t.recipient)"))
                }
                if parties.system != t.system {
                    issues.append(FieldIssue("data.system", "deal \"\(t.deal)\" is for \"\(parties.system)\", got \"\(t.system)\"; a deal has one system"))
                }
            }
        case .alliance(let d):
            if alliances.contains(d.alliance) {
                issues.append(FieldIssue("data.alliance", "alliance \"\(d.alliance)\" is already described"))
            }
        case .membership(let alliance, _), .invocation(let alliance, _, _), .answer(let alliance, _, _, _):
            if !alliances.contains(alliance) {
                issues.append(FieldIssue("data.alliance", "unknown alliance \"\(alliance)\"; describe it first with alliance.described"))
            }
        case .conflictStarted(let conflict, _, _):
            if startedConflicts.contains(conflict) {
                issues.append(FieldIssue("data.conflict", "conflict \"\(conflict)\" has already started"))
            }
        case .conflictEnded(let conflict):
            if !startedConflicts.contains(conflict) {
                issues.append(FieldIssue("data.conflict", "unknown conflict \"\(conflict)\"; record conflict.started first"))
            } else if endedConflicts.contains(conflict) {
                issues.append(FieldIssue("data.conflict", "conflict \"\(conflict)\" has already ended"))
            }
        case .statement(_, _, _, let about):
            for (index, id) in about.enumerated() where ids[id] == nil {
                issues.append(FieldIssue("data.about[\(index)]", "no event \"\(id)\" in the ledger"))
            }
        case .dispute(let target, _, _):
            if let record = ids[target] { stream = record.stream } else {
                issues.append(FieldIssue("data.target", "no event \"\(target)\" in the ledger; a correction must follow its target"))
            }
        case .retraction(let target, _, let replacedBy):
            if let record = ids[target] { stream = record.stream } else {
                issues.append(FieldIssue("data.target", "no event \"\(target)\" in the ledger; a correction must follow its target"))
            }
            if let replacedBy, ids[replacedBy] == nil {
                issues.append(FieldIssue("data.replaced_by", "no event \"\(replacedBy)\" in the ledger"))
            }
        }
        return issues
    }

    private func isKnown(_ code: ActorCode) -> Bool {
        code.isISO || describedActors.contains(code.rawValue)
    }

    private func unknownActorReason(_ code: ActorCode) -> String {
        var reason = "unknown actor \(code): not a current ISO 3166-1 alpha-3 code and not introduced by actor.described"
        let candidates = ISOCountries.all.map(\.code) + Array(describedActors)
        if let near = EditDistance.nearest(to: code.rawValue, among: candidates, maxDistance: 1) {
            reason += "; did you mean \(near)?"
        }
        return reason
    }

    /// Records an event that has been (or is about to be) written.
    mutating func apply(_ content: EventContent, hash: SHA256Digest, lineLength: Int64) {
        apply(content, hash: hash, lineLength: lineLength, contentHash: content.contentHash)
    }

    /// ``apply(_:hash:lineLength:)`` with the content hash given (already computed, or zero
    /// when these facts will never serve an append: verify, repair).
    mutating func apply(_ content: EventContent, hash: SHA256Digest, lineLength: Int64, contentHash: SHA256Digest) {
        apply(id: content.id, type: content.type, payload: content.payload, stream: content.stream, hash: hash,
              lineLength: lineLength, contentHash: contentHash)
    }

    /// ``apply(_:hash:lineLength:contentHash:)`` from the parts of an event that it records.
    mutating func apply(id: String, type: EventType, payload: EventPayload, stream: String, hash: SHA256Digest,
                        lineLength: Int64, contentHash: SHA256Digest) {
        ids[id] = IDRecord(contentHash: contentHash, stream: stream)
        record(type: type, payload: payload, stream: stream)
        count += 1
        lastHash = hash
        byteLength += lineLength
    }

    /// The part of ``apply(_:hash:lineLength:)`` that the side index replays.
    mutating func record(type: EventType, payload: EventPayload, stream: String) {
        streamCounts[stream, default: 0] += 1
        switch payload {
        case .actor(let d): describedActors.insert(d.actor.rawValue)
        case .transfer(let t):
            if deals[t.deal] == nil {
                deals[t.deal] = DealParties(supplier: t.supplier.rawValue, recipient: t.recipient.rawValue, system: t.system)
            }
        case .alliance(let d): alliances.insert(d.alliance)
        case .conflictStarted(let conflict, _, _): startedConflicts.insert(conflict)
        case .conflictEnded(let conflict): endedConflicts.insert(conflict)
        default: break
        }
    }
}
