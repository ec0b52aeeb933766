/// Tells from a delivery's supplier, recipient and day alone, before it is decoded, whether it
/// can matter to the obligations view: give a row of ``ObligationsProjection/conflictingTransfers(in:)``
/// or an entry of ``ObligationsProjection/unplaceableTransfers(in:)``. It asks exactly what
/// those ask of a delivery, against the same counted alliances, memberships and conflicts, so
/// the deliveries it turns away are ones that neither would use, and those it lets through are
/// ones that one of them uses.
///
/// It is asked once for every delivery of the ledger, so everything it needs is laid out
/// beforehand in flat arrays of plain values, keyed by ``ActorKey``: a question allocates
/// nothing and compares integers.
struct DeliveryScreen {
    /// A collective-defence alliance as a delivery to one recipient meets it: the fellow
    /// members (``fellows``) are its ever-members that some conflict sets against the recipient.
    private struct Candidate {
        let alliance: Int
        let fellows: Range<Int>
    }

    /// A fellow member of a ``Candidate``: its membership changes and the conflicts that set it
    /// against the recipient, as ranges of ``changes`` and ``openings``.
    private struct Fellow {
        let key: ActorKey
        let changes: Range<Int>
        let openings: Range<Int>
    }

    /// A membership change as ``MembershipTimeline/decidingChange(in:on:)`` weighs it.
    private struct Change {
        let day: Day
        let joined: Bool
    }

    /// The days a conflict was open: `start` ≤ day < `end` (``ConflictRecord/isOpen(on:)``).
    private struct Opening {
        let start: Day
        let end: Day?
    }

    /// The recipients some conflict sets against an ever-member of a collective-defence
    /// alliance, each with its ``candidates`` (those of other recipients are turned away).
    private let recipients: ActorKeyTable<Range<Int>>
    private let candidates: [Candidate]
    private let fellows: [Fellow]
    /// Per alliance, its ever-members' changes (ranges of ``changes``).
    private let members: [ActorKeyTable<Range<Int>>]
    private let changes: [Change]
    private let openings: [Opening]

    /// A screen over the alliances and conflicts folded into `projection` (its deliveries are
    /// not looked at).
    init(_ projection: ObligationsProjection) {
        let contexts = projection.collectiveDefenceAlliances.compactMap { projection.rowContext($0.id) }
        let sides = projection.chronologicalConflicts.flatMap { $0.sides.joined() }
        var changes: [Change] = [], openings: [Opening] = []
        var members: [[ActorKey: Range<Int>]] = []
        for context in contexts {
            var ranges: [ActorKey: Range<Int>] = [:]
            for member in context.everMembers {
                let start = changes.count
                changes += context.timeline.changes(of: member).map { Change(day: $0.day, joined: $0.kind == .joined) }
                ranges[ActorKey(member)] = start..<changes.count
            }
            members.append(ranges)
        }
        var recipients: [ActorKey: Range<Int>] = [:], candidates: [Candidate] = [], fellows: [Fellow] = []
        for recipient in Set(sides).sorted() {
            let first = candidates.count
            for (alliance, context) in contexts.enumerated() {
                let start = fellows.count
                for fellow in context.conflicts.opponents(of: recipient) {
                    guard let memberChanges = members[alliance][ActorKey(fellow)] else { continue }
                    let from = openings.count
                    openings += context.conflicts.conflicts(between: fellow, and: recipient).map { Opening(start: $0.start, end: $0.end) }
                    fellows.append(Fellow(key: ActorKey(fellow), changes: memberChanges, openings: from..<openings.count))
                }
                if fellows.count > start { candidates.append(Candidate(alliance: alliance, fellows: start..<fellows.count)) }
            }
            if candidates.count > first { recipients[ActorKey(recipient)] = first..<candidates.count }
        }
        self.recipients = ActorKeyTable(recipients)
        self.candidates = candidates
        self.fellows = fellows
        self.members = members.map(ActorKeyTable.init)
        self.changes = changes
        self.openings = openings
    }

    /// False when no conflict sets an ever-member of a collective-defence alliance against the
    /// actor of these UTF-8 bytes: ``mayMatter(supplier:recipient:day:)`` is then false for any
    /// delivery to it (a cheap first look, before the rest of the line is read).
    func mayBeOpposed(_ recipient: UnsafeRawBufferPointer) -> Bool {
        ActorKey(recipient).map { recipients[$0] != nil } ?? false
    }

    /// True when a delivery from `supplier` to `recipient` placed on `day` (the lower bound of
    /// its date; ``Day/distantPast`` for an open start) gives a row or an unplaceable entry
    /// in some collective-defence alliance.
    func mayMatter(supplier: ActorKey, recipient: ActorKey, day: Day) -> Bool {
        guard let range = recipients[recipient] else { return false }
        for candidate in candidates[range] {
            // Only the recipient's opponents other than the supplier can be the fellow member.
            let others = fellows[candidate.fellows].lazy.filter { $0.key != supplier }
            if others.isEmpty { continue }
            guard let supplierChanges = members[candidate.alliance][supplier] else { continue }
            if day == .distantPast { return true }
            guard isMember(supplierChanges, on: day) else { continue }
            for fellow in others where isMember(fellow.changes, on: day) {
                if openings[fellow.openings].contains(where: { $0.start <= day && $0.end.map { day < $0 } ?? true }) { return true }
            }
        }
        return false
    }

    /// ``mayMatter(supplier:recipient:day:)`` for codes.
    func mayMatter(supplier: ActorCode, recipient: ActorCode, day: Day) -> Bool {
        mayMatter(supplier: ActorKey(supplier), recipient: ActorKey(recipient), day: day)
    }

    /// True when the deciding change among `range` of ``changes`` (the latest on or before
    /// `day`, as ``MembershipTimeline/decidingChange(in:on:)`` finds it) is a join.
    private func isMember(_ range: Range<Int>, on day: Day) -> Bool {
        var low = range.lowerBound, high = range.upperBound  // first index whose day is after `day`
        while low < high {
            let mid = (low + high) / 2
            if changes[mid].day <= day { low = mid + 1 } else { high = mid }
        }
        return low > range.lowerBound && changes[low - 1].joined
    }
}
