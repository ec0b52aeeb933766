/// The alliance-obligations view (SPEC section 7, `obligations`): alliances with their
/// memberships, invocations and answers, the conflicts with their sides, and every delivery —
/// folded once, then queried per alliance.
///
/// The rule: a `transfer.delivered` or `service.delivered` conflicts with an alliance obligation
/// when, on its date (the lower bound of `occurred`), the supplier and a fellow member both
/// belong to a collective-defence alliance and the recipient is on the other side of a conflict
/// open with that fellow member. Membership and conflicts are half-open day ranges
/// (``AllianceRecord``, ``ConflictRecord``). The replay hands events over in `seq` order, but the
/// rule is about dates, so nothing is decided in ``apply(_:)``: the queries look at everything
/// folded, whatever order the facts were recorded in.
///
/// A delivery whose date has an open start (`../1999`) cannot be placed in time: it is never
/// counted as conflicting, and ``unplaceableTransfers(in:)`` lists it when its supplier was ever a
/// member and its recipient ever fought a fellow member.
///
/// ```swift
/// var obligations = ObligationsProjection()
/// replay.fold(&obligations)
/// for alliance in obligations.collectiveDefenceAlliances {
///     print(alliance.id, obligations.conflictingTransfers(in: alliance.id).count)
/// }
/// ```
public struct ObligationsProjection: Projection, Sendable {
    /// The alliances by id.
    public private(set) var alliances: [String: AllianceRecord] = [:]
    /// The conflicts with a counted `conflict.started`, by id.
    public private(set) var conflicts: [String: ConflictRecord] = [:]
    /// Counted `transfer.delivered` and `service.delivered` events, in `seq` order.
    public private(set) var deliveries: [ReplayedEvent] = []
    /// What ``rowReferences(_:only:)`` asks of each delivery, in the order of ``deliveries``:
    /// it looks at every delivery once per alliance, and reading these from the events would
    /// copy each one's payload every time.
    private var parties: [DeliveryParties] = []
    /// Counted `conflict.ended` events whose start is not (yet) counted.
    private var pendingEnds: [String: ReplayedEvent] = [:]

    /// An empty projection.
    public init() {}

    /// Folds one counted event; events other than alliance, conflict and delivery events are ignored.
    /// The event types this projection folds; a streaming replay need decode no others.
    public static let relevantTypes: Set<EventType> = [
        .allianceDescribed, .allianceJoined, .allianceSuspended, .allianceWithdrawalAnnounced, .allianceLeft,
        .obligationInvoked, .obligationAnswered, .conflictStarted, .conflictEnded, .transferDelivered, .serviceDelivered,
    ]

    public mutating func apply(_ replayed: ReplayedEvent) {
        let event = replayed.event
        switch event.payload {
        case .alliance(let description):
            alliances[description.alliance, default: AllianceRecord(id: description.alliance)].description = description
        case .membership(let alliance, let member):
            guard let kind = MembershipChange.Kind(event.type) else { return }
            alliances[alliance, default: AllianceRecord(id: alliance)].changes
                .append(MembershipChange(member: member, kind: kind, replayed: replayed))
        case .invocation(let alliance, _, _):
            alliances[alliance, default: AllianceRecord(id: alliance)].invocationEvents.append(replayed)
        case .answer(let alliance, _, _, _):
            alliances[alliance, default: AllianceRecord(id: alliance)].answerEvents.append(replayed)
        case .conflictStarted(let conflict, let name, let sides):
            conflicts[conflict] = ConflictRecord(id: conflict, name: name, sides: sides, started: replayed,
                                                 ended: pendingEnds.removeValue(forKey: conflict))
        case .conflictEnded(let conflict):
            if conflicts[conflict] != nil { conflicts[conflict]!.ended = replayed } else { pendingEnds[conflict] = replayed }
        case .transfer(let facts):
            if event.type == .transferDelivered || event.type == .serviceDelivered {
                deliveries.append(replayed)
                parties.append(DeliveryParties(supplier: facts.supplier, recipient: facts.recipient, day: event.occurred.lower))
            }
        default:
            break
        }
    }

    /// The described collective-defence alliances, sorted by id.
    public var collectiveDefenceAlliances: [AllianceRecord] {
        alliances.values.filter(\.isCollectiveDefence).sorted { $0.id < $1.id }
    }

    /// The conflicts sorted by the day they started, ties by `seq`.
    public var chronologicalConflicts: [ConflictRecord] {
        conflicts.values.sorted { ($0.start, $0.started.event.seq) < ($1.start, $1.started.event.seq) }
    }

    /// The deliveries that cut across the obligations of `alliance`, ordered by date (lower
    /// bound), then `seq`, then the fellow member. Empty when the alliance is unknown or not
    /// a collective-defence alliance.
    ///
    /// - Parameter alliance: The alliance id.
    public func conflictingTransfers(in alliance: String) -> [ConflictingTransfer] {
        conflictingTransfers(in: alliance, only: nil)
    }

    /// The rows of ``conflictingTransfers(in:)`` that `only` accepts, given a delivery's facts
    /// and the fellow member; rows it rejects are never built (balance of power wants the few
    /// rows between its two sides, not every row of the alliance).
    func conflictingTransfers(in alliance: String, only: ((TransferFacts, ActorCode) -> Bool)?) -> [ConflictingTransfer] {
        guard let context = rowContext(alliance) else { return [] }
        return rowReferences(context, only: only).compactMap { row($0, context) }
    }

    /// What the rows of one alliance are computed from: its ever-members, its membership
    /// timeline and the conflicts by pair.
    struct RowContext {
        let alliance: String
        let everMembers: [ActorCode]
        let timeline: MembershipTimeline
        let conflicts: ConflictIndex
    }

    /// A row of ``conflictingTransfers(in:)`` kept small: the delivery (an index into
    /// ``deliveries``) and the fellow member, with the sort key. The full row is built by
    /// ``row(_:_:)`` when it is needed, so that a ledger with millions of rows never holds
    /// millions of full rows.
    struct RowReference {
        let delivery: Int
        let day: Day
        let seq: Int
        let against: ActorCode
    }

    /// The context of a described collective-defence alliance, else nil.
    func rowContext(_ alliance: String) -> RowContext? {
        guard let record = alliances[alliance], record.isCollectiveDefence else { return nil }
        return RowContext(alliance: alliance, everMembers: record.everMembers, timeline: MembershipTimeline(record),
                          conflicts: ConflictIndex(chronologicalConflicts))
    }

    /// A delivery's supplier, recipient and date (lower bound).
    private struct DeliveryParties {
        let supplier: ActorCode
        let recipient: ActorCode
        let day: Day
    }

    /// The references of the alliance's rows, ordered by date (lower bound), then `seq`, then
    /// the fellow member.
    func rowReferences(_ context: RowContext, only: ((TransferFacts, ActorCode) -> Bool)? = nil) -> [RowReference] {
        var references: [RowReference] = []
        // Each member's changes looked up once, not once per delivery and member.
        let memberChanges = context.everMembers.map { context.timeline.changes(of: $0) }
        let memberIndex = Dictionary(uniqueKeysWithValues: context.everMembers.enumerated().map { ($0.element, $0.offset) })
        for (index, delivery) in parties.enumerated() {
            // Only the recipient's opponents in some conflict can be the fellow member.
            let opponents = context.conflicts.opponents(of: delivery.recipient)
            guard !opponents.isEmpty else { continue }
            let day = delivery.day
            guard day != .distantPast, context.timeline.decidingChange(for: delivery.supplier, on: day)?.kind == .joined else { continue }
            for fellow in opponents where fellow != delivery.supplier {
                guard let member = memberIndex[fellow] else { continue }
                if let only, let facts = deliveries[index].event.payload.transfer, !only(facts, fellow) { continue }
                guard MembershipTimeline.decidingChange(in: memberChanges[member], on: day)?.kind == .joined,
                      context.conflicts.anyOpen(between: fellow, and: delivery.recipient, on: day) else { continue }
                references.append(RowReference(delivery: index, day: day, seq: deliveries[index].event.seq, against: fellow))
            }
        }
        references.sort { ($0.day, $0.seq, $0.against) < ($1.day, $1.seq, $1.against) }
        return references
    }

    /// The full row a reference stands for.
    func row(_ reference: RowReference, _ context: RowContext) -> ConflictingTransfer? {
        let replayed = deliveries[reference.delivery]
        guard let facts = replayed.event.payload.transfer,
              let supplierChange = context.timeline.decidingChange(for: facts.supplier, on: reference.day),
              let fellowChange = context.timeline.decidingChange(for: reference.against, on: reference.day),
              let (first, others, otherCount) = context.conflicts.firstOpen(
                  between: reference.against, and: facts.recipient, on: reference.day, keep: ConflictingTransfer.otherConflictsShown)
        else { return nil }
        var marks = Marks(replayed)
        if supplierChange.replayed.isDisputed || fellowChange.replayed.isDisputed || first.started.isDisputed {
            marks.disputed = true
        }
        return ConflictingTransfer(alliance: context.alliance, replayed: replayed, facts: facts, against: reference.against,
                                   conflict: first, otherConflicts: others, otherConflictCount: otherCount, marks: marks)
    }

    /// Deliveries with an open-start date (`../1999`) that cannot be placed in time, so are not
    /// counted as conflicting, but might be: the supplier was at some time a member of `alliance`
    /// and the recipient at some time on the other side of a conflict from another member. In `seq` order.
    ///
    /// - Parameter alliance: The alliance id.
    public func unplaceableTransfers(in alliance: String) -> [ReplayedEvent] {
        guard let record = alliances[alliance], record.isCollectiveDefence else { return [] }
        let everMembers = record.everMembers
        let index = ConflictIndex(chronologicalConflicts)
        return deliveries.filter { replayed in
            guard replayed.event.occurred.lower == .distantPast, let facts = replayed.event.payload.transfer,
                  everMembers.contains(facts.supplier) else { return false }
            return everMembers.contains { fellow in
                fellow != facts.supplier && index.opposes(fellow, facts.recipient)
            }
        }
    }

    /// The invocations of `alliance` with their paired answers, ordered by date (lower bound), then `seq`.
    ///
    /// - Parameter alliance: The alliance id.
    public func invocations(in alliance: String) -> [InvocationRecord] {
        invocationsAndUnpairedAnswers(in: alliance).invocations
    }

    /// ``invocations(in:)`` and ``unpairedAnswers(in:)`` from one pairing of the answers (the
    /// JSON view shows both).
    func invocationsAndUnpairedAnswers(in alliance: String) -> (invocations: [InvocationRecord], unpaired: [ReplayedEvent]) {
        guard let record = alliances[alliance] else { return ([], []) }
        let pairing = AnswerPairing(record)
        var answers: [Int: [ReplayedEvent]] = [:]
        for (answer, paired) in pairing.answers {
            if let paired { answers[paired, default: []].append(answer) }
        }
        let invocations = pairing.invocations.enumerated().compactMap { index, invocation -> InvocationRecord? in
            guard case .invocation(_, let by, let against) = invocation.event.payload else { return nil }
            return InvocationRecord(alliance: alliance, invocation: invocation, by: by, against: against,
                                    answers: answers[index] ?? [])
        }
        return (invocations, pairing.answers.filter { $0.paired == nil }.map(\.answer))
    }

    /// Answers of `alliance` that pair with no earlier invocation, in date order.
    ///
    /// - Parameter alliance: The alliance id.
    public func unpairedAnswers(in alliance: String) -> [ReplayedEvent] {
        invocationsAndUnpairedAnswers(in: alliance).unpaired
    }

    /// An alliance's invocations and answers in date order, each answer paired with the latest
    /// invocation by the actor it answers that comes before it (``chronological(_:_:)``), found by
    /// a binary search among that actor's invocations rather than a scan of all of them.
    private struct AnswerPairing {
        /// The invocations, ordered by date (lower bound), then `seq`.
        let invocations: [ReplayedEvent]
        /// The answers in the same order, each with the index in ``invocations`` it pairs with.
        let answers: [(answer: ReplayedEvent, paired: Int?)]

        init(_ record: AllianceRecord) {
            invocations = record.invocationEvents.sorted(by: ObligationsProjection.chronological)
            var byActor: [ActorCode: [Int]] = [:]
            for (index, invocation) in invocations.enumerated() {
                if case .invocation(_, let by, _) = invocation.event.payload { byActor[by, default: []].append(index) }
            }
            let invocations = invocations
            answers = record.answerEvents.sorted(by: ObligationsProjection.chronological).map { answer in
                guard case .answer(_, let to, _, _) = answer.event.payload, let candidates = byActor[to] else { return (answer, nil) }
                // The first of the actor's invocations (in order) that does not come before the answer.
                var low = 0, high = candidates.count
                while low < high {
                    let mid = (low + high) / 2
                    if ObligationsProjection.chronological(invocations[candidates[mid]], answer) { low = mid + 1 } else { high = mid }
                }
                return (answer, low == 0 ? nil : candidates[low - 1])
            }
        }
    }

    /// One tally per actor that was ever a member of `alliance`, sorted by code.
    ///
    /// - Parameter alliance: The alliance id.
    public func tallies(in alliance: String) -> [ObligationTally] {
        tallies(in: alliance, rows: conflictingTransfers(in: alliance))
    }

    /// The tallies from rows already computed by ``conflictingTransfers(in:)``.
    func tallies(in alliance: String, rows: [ConflictingTransfer]) -> [ObligationTally] {
        guard let record = alliances[alliance] else { return [] }
        var builder = TallyBuilder()
        for row in rows { builder.add(row) }
        return builder.tallies(record.everMembers)
    }

    /// Sums the rows of one alliance per supplier as they go by (in row order), so that the
    /// rows need not be kept: each delivery counts once per supplier, with the marks of its
    /// first row.
    struct TallyBuilder {
        /// What a row adds to its supplier's tally (plain values, so that the threads that build
        /// rows can hand these over and drop the rows).
        struct Entry {
            let supplier: ActorCode
            let seq: Int
            let units: Int64
            let startYear: Int
            let endYear: Int
            let marks: Marks

            init(_ row: ConflictingTransfer) {
                let date = row.date
                supplier = row.facts.supplier
                seq = row.replayed.event.seq
                units = row.facts.quantity ?? 0
                startYear = date.lower.year
                endYear = date.upper.isOpenEnd ? startYear : date.upper.year
                marks = row.marks
            }
        }

        private struct Sum {
            var seen: Set<Int> = []
            var units: Int64 = 0
            var first: Int?
            var last: Int?
            var marks = Marks()
        }

        private var sums: [ActorCode: Sum] = [:]

        mutating func add(_ row: ConflictingTransfer) {
            add(Entry(row))
        }

        mutating func add(_ entry: Entry) {
            // One lookup, the sum changed in place.
            Self.add(entry, to: &sums[entry.supplier, default: Sum()])
        }

        private static func add(_ entry: Entry, to sum: inout Sum) {
            guard sum.seen.insert(entry.seq).inserted else { return }
            sum.units += entry.units
            sum.marks.formUnion(entry.marks)
            sum.first = min(sum.first ?? entry.startYear, entry.startYear)
            sum.last = max(sum.last ?? entry.endYear, entry.endYear)
        }

        /// One tally per member, in the order given.
        func tallies(_ members: [ActorCode]) -> [ObligationTally] {
            members.map { member in
                let sum = sums[member] ?? Sum()
                return ObligationTally(member: member, transfers: sum.seen.count, units: sum.units, firstYear: sum.first,
                                       lastYear: sum.last, marks: sum.marks)
            }
        }
    }

    /// Orders events by the lower bound of `occurred`, ties by `seq`.
    static func chronological(_ a: ReplayedEvent, _ b: ReplayedEvent) -> Bool {
        (a.event.occurred.lower, a.event.seq) < (b.event.occurred.lower, b.event.seq)
    }
}
