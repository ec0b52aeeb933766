/// Tells from a delivery's supplier, recipient and day alone, before it is decoded, whether it
/// can matter to the obligations view: give a row of ``ObligationsProjection/conflictingTransfers(in:)``
/// or an entry of ``ObligationsProjection/unplaceableTransfers(in:)``. It asks exactly what
/// those ask of a delivery, against the same counted alliances, memberships and conflicts, so
/// the deliveries it turns away are ones that neither would use.
struct DeliveryScreen {
    private let contexts: [ObligationsProjection.RowContext]
    /// Per context, its ever-members.
    private let members: [Set<ActorCode>]
    /// The UTF-8 codes of the actors that some conflict sets against someone.
    private let opposed: [[UInt8]]

    /// A screen over the alliances and conflicts folded into `projection` (its deliveries are
    /// not looked at).
    init(_ projection: ObligationsProjection) {
        contexts = projection.collectiveDefenceAlliances.compactMap { projection.rowContext($0.id) }
        members = contexts.map { Set($0.everMembers) }
        let conflicts = projection.chronologicalConflicts
        opposed = Set(conflicts.flatMap { $0.sides.joined() }).map { Array($0.rawValue.utf8) }
    }

    /// False when no conflict sets anyone against the actor of these UTF-8 bytes: a delivery
    /// to it cannot matter (a cheap first look, before the actor is read as a code).
    func mayBeOpposed(_ recipient: UnsafeRawBufferPointer) -> Bool {
        opposed.contains { $0.elementsEqual(recipient) }
    }

    /// True when a delivery from `supplier` to `recipient` placed on `day` (the lower bound of
    /// its date; ``Day/distantPast`` for an open start) may give a row or an unplaceable entry
    /// in some collective-defence alliance.
    func mayMatter(supplier: ActorCode, recipient: ActorCode, day: Day) -> Bool {
        for (context, everMembers) in zip(contexts, members) {
            // Only the recipient's opponents in some conflict can be the fellow member.
            let fellows = context.conflicts.opponents(of: recipient).filter { $0 != supplier && everMembers.contains($0) }
            if fellows.isEmpty { continue }
            if day == .distantPast {
                if everMembers.contains(supplier) { return true }
                continue
            }
            guard context.timeline.decidingChange(for: supplier, on: day)?.kind == .joined else { continue }
            for fellow in fellows where context.timeline.decidingChange(for: fellow, on: day)?.kind == .joined {
                if context.conflicts.anyOpen(between: fellow, and: recipient, on: day) { return true }
            }
        }
        return false
    }
}
