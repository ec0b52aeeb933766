/// An alliance's membership changes per member in chronological order, so that "which change
/// decides whether X was a member on day D" is a binary search instead of a scan of every change.
struct MembershipTimeline {
    private var byMember: [ActorCode: [MembershipChange]] = [:]

    init(_ record: AllianceRecord) {
        for change in record.changes where change.kind != .withdrawalAnnounced {
            byMember[change.member, default: []].append(change)
        }
        for member in byMember.keys { byMember[member] = MembershipChange.chronologicallySorted(byMember[member]!) }
    }

    /// The latest change of `actor` on or before `day` (same-day changes in `seq` order); the
    /// same answer as ``AllianceRecord/decidingChange(for:on:)``.
    func decidingChange(for actor: ActorCode, on day: Day) -> MembershipChange? {
        guard let changes = byMember[actor] else { return nil }
        return Self.decidingChange(in: changes, on: day)
    }

    /// The changes of `actor` in chronological order (for callers that look one actor up many times).
    func changes(of actor: ActorCode) -> [MembershipChange] {
        byMember[actor] ?? []
    }

    /// The latest of `changes` (chronological) on or before `day`.
    static func decidingChange(in changes: [MembershipChange], on day: Day) -> MembershipChange? {
        var low = 0, high = changes.count  // first index whose day is after `day`
        while low < high {
            let mid = (low + high) / 2
            if changes[mid].day <= day { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : changes[low - 1]
    }
}

/// Conflicts by the pair of actors they oppose, in chronological order, so that "which conflicts
/// set A against B on day D" looks only at the conflicts between A and B.
struct ConflictIndex {
    private struct Pair: Hashable {
        let a: ActorCode
        let b: ActorCode
    }

    private var byPair: [Pair: [ConflictRecord]] = [:]
    private var opponentsByActor: [ActorCode: [ActorCode]] = [:]

    /// `conflicts` in chronological order.
    init(_ conflicts: [ConflictRecord]) {
        for conflict in conflicts {
            var seen = Set<Pair>()
            for (i, side) in conflict.sides.enumerated() {
                for (j, other) in conflict.sides.enumerated() where j != i {
                    for a in side {
                        for b in other where seen.insert(Pair(a: a, b: b)).inserted {
                            if byPair[Pair(a: a, b: b)] == nil { opponentsByActor[b, default: []].append(a) }
                            byPair[Pair(a: a, b: b), default: []].append(conflict)
                        }
                    }
                }
            }
        }
    }

    /// Every actor that some conflict, at any time, sets against `actor` (each once): the only
    /// `a` for which ``opposes(_:_:)``, ``anyOpen(between:and:on:)`` or
    /// ``firstOpen(between:and:on:keep:)`` can hold with `b` = `actor`.
    func opponents(of actor: ActorCode) -> [ActorCode] {
        opponentsByActor[actor] ?? []
    }

    /// True when some conflict, at any time, sets `a` against `b`.
    func opposes(_ a: ActorCode, _ b: ActorCode) -> Bool {
        byPair[Pair(a: a, b: b)] != nil
    }

    /// The earliest-started conflict open on `day` that sets `a` against `b`, the ids of up to
    /// `keep` others open that day, and how many others there are — without collecting them all.
    func firstOpen(between a: ActorCode, and b: ActorCode, on day: Day, keep: Int) -> (first: ConflictRecord, others: [String], otherCount: Int)? {
        guard let conflicts = byPair[Pair(a: a, b: b)] else { return nil }
        var first: ConflictRecord?
        var others: [String] = []
        var count = 0
        for conflict in conflicts where conflict.isOpen(on: day) {
            if first == nil {
                first = conflict
            } else {
                count += 1
                if others.count < keep { others.append(conflict.id) }
            }
        }
        return first.map { ($0, others, count) }
    }

    /// The conflicts that set `a` against `b` at any time, in chronological order.
    func conflicts(between a: ActorCode, and b: ActorCode) -> [ConflictRecord] {
        byPair[Pair(a: a, b: b)] ?? []
    }

    /// True when some conflict open on `day` sets `a` against `b`.
    func anyOpen(between a: ActorCode, and b: ActorCode, on day: Day) -> Bool {
        byPair[Pair(a: a, b: b)]?.contains { $0.isOpen(on: day) } ?? false
    }

    /// The conflicts open on `day` that set `a` against `b`, in chronological order.
    func open(between a: ActorCode, and b: ActorCode, on day: Day) -> [ConflictRecord] {
        (byPair[Pair(a: a, b: b)] ?? []).filter { $0.isOpen(on: day) }
    }
}
