/// `history ID`: every event of one entity, in `seq` order, with the corrections aimed at
/// them (SPEC section 7).
///
/// An id matches, and the history gathers the events of, each of these it names (all at once
/// when it names several):
/// - a **deal** (`data.deal`): the deal's transfer and service events;
/// - a **system** designation: its `system.described` events and every deal event of that system;
/// - an **actor** code: events naming the actor as described actor, system origin, supplier,
///   recipient, declining or blocking party (`by`), member, invoker, target (`against`),
///   answered member (`to`), conflict side, speaker of a statement, or disputing party;
/// - an **alliance** id or a **conflict** id: the events of that alliance or conflict;
/// - an **event** id: that event.
///
/// To these it adds every `event.disputed` and `event.retracted` aimed at a gathered event,
/// every `statement.made` about one, and, in turn, the corrections aimed at those.
///
/// Unlike the projections, history shows all of these events whatever the clock, and says for
/// each how the clock treats it (``HistoryEntry/Standing``): counted, not yet happened, not yet
/// known, or retracted.
public struct History: Sendable {
    /// What kind of entity an id named.
    public enum Match: String, CaseIterable, Hashable, Sendable {
        case deal, system, actor, alliance, conflict, event
    }

    /// The id asked for.
    public let id: String
    /// What the id named, in the order of ``Match/allCases``.
    public let matches: [Match]
    /// The events, in `seq` order.
    public let entries: [HistoryEntry]

    /// Gathers the history of `id` in `replay`.
    ///
    /// - Parameters:
    ///   - replay: The replay whose events and clock to use.
    ///   - id: A deal, system, actor, alliance, conflict or event id, exactly as in the ledger.
    /// - Throws: ``HistoryError/unknownID(_:suggestion:)`` when nothing has that id, with the
    ///   closest id that exists when one is close enough.
    public init(_ replay: Replay, id: String) throws(HistoryError) {
        let actor = ActorCode(id)
        var matched: Set<Match> = []
        var included: Set<String> = []
        var selected: [Event] = []
        for event in replay.events {
            let hit = Self.matches(event, id: id, actor: actor)
            let aimed: Bool
            switch event.payload {
            case .dispute(let target, _, _), .retraction(let target, _, _): aimed = included.contains(target)
            case .statement(_, _, _, let about): aimed = about.contains(where: included.contains)
            default: aimed = false
            }
            if hit.isEmpty && !aimed { continue }
            matched.formUnion(hit)
            included.insert(event.id)
            selected.append(event)
        }
        guard !matched.isEmpty else {
            throw .unknownID(id, suggestion: Self.suggestion(for: id, in: replay.events))
        }
        self.id = id
        matches = Match.allCases.filter(matched.contains)
        entries = selected.map { Self.entry($0, replay: replay) }
    }

    /// How the replay treats one event.
    static func entry(_ event: Event, replay: Replay) -> HistoryEntry {
        let corrections = replay.corrections
        let disputes = (corrections.disputes[event.id] ?? []).filter { !corrections.isRetracted($0.id) }
        if !replay.clock.isKnown(event) {
            return HistoryEntry(event: event, standing: .notYetKnown)
        }
        if let retraction = corrections.retractions[event.id] {
            return HistoryEntry(event: event, standing: .retracted, disputedBy: disputes, retractedBy: retraction)
        }
        if let replayed = replay.replayed(event) {
            return HistoryEntry(event: event, standing: .counted, uncertainDate: replayed.uncertainDate, disputedBy: disputes)
        }
        return HistoryEntry(event: event, standing: .notYetHappened, disputedBy: disputes)
    }

    /// What `event` itself names that equals `id` (or `actor`, the id read as an actor code).
    static func matches(_ event: Event, id: String, actor: ActorCode?) -> Set<Match> {
        var hits: Set<Match> = []
        if event.id == id { hits.insert(.event) }
        func check(_ code: ActorCode?) { if let code, code == actor { hits.insert(.actor) } }
        switch event.payload {
        case .actor(let description):
            check(description.actor)
        case .system(let description):
            if description.system == id { hits.insert(.system) }
            check(description.origin)
        case .transfer(let facts):
            if facts.deal == id { hits.insert(.deal) }
            if facts.system == id { hits.insert(.system) }
            check(facts.supplier); check(facts.recipient); check(facts.by)
        case .alliance(let description):
            if description.alliance == id { hits.insert(.alliance) }
        case .membership(let alliance, let member):
            if alliance == id { hits.insert(.alliance) }
            check(member)
        case .invocation(let alliance, let by, let against):
            if alliance == id { hits.insert(.alliance) }
            check(by); check(against)
        case .answer(let alliance, let to, _, _):
            if alliance == id { hits.insert(.alliance) }
            check(to)
        case .conflictStarted(let conflict, _, let sides):
            if conflict == id { hits.insert(.conflict) }
            for side in sides { for member in side { check(member) } }
        case .conflictEnded(let conflict):
            if conflict == id { hits.insert(.conflict) }
        case .statement(let by, _, _, _):
            check(by)
        case .dispute(_, _, let by):
            check(by)
        case .retraction:
            break
        }
        return hits
    }

    /// The closest existing id of any kind, for a did-you-mean hint: an id equal to `id` but
    /// for letter case (`rus` → `RUS`), else the nearest by edit distance (at most 2).
    static func suggestion(for id: String, in events: [Event]) -> String? {
        var names: [String] = []
        var seen: Set<String> = []
        func add(_ name: String) { if seen.insert(name).inserted { names.append(name) } }
        for event in events {
            switch event.payload {
            case .actor(let d): add(d.actor.rawValue)
            case .system(let d): add(d.system)
            case .transfer(let f): add(f.deal); add(f.system); add(f.supplier.rawValue); add(f.recipient.rawValue)
            case .alliance(let d): add(d.alliance)
            case .membership(let a, let m): add(a); add(m.rawValue)
            case .conflictStarted(let c, _, let sides): add(c); for side in sides { for m in side { add(m.rawValue) } }
            default: break
            }
        }
        for event in events { add(event.id) }
        let folded = id.lowercased()
        if let sameButCase = names.first(where: { $0.lowercased() == folded }) { return sameButCase }
        return EditDistance.nearest(to: id, among: names)
    }
}
