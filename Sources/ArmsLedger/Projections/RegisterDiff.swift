/// `diff`: what changed in the trade register between two replays of the same ledger
/// (SPEC section 7) — on the as-of clock (`--from D1 --to D2`: what happened in between) or on
/// the known-at clock (`--known-from K1 --known-to K2`: what became known, or was retracted,
/// in between).
///
/// One ``Change`` per changed fact of a deal, sorted by supplier, recipient, system, deal and
/// then kind in the order of ``ChangeKind/allCases``:
/// - a deal with a row only in the later register **appeared**; one with a row only in the
///   earlier **disappeared** (e.g. all its events retracted, or — going back in time — not yet
///   happened or known). Neither is followed by further changes of that deal.
/// - for a deal in both: **status**, **ordered** and **delivered** units (as table text, so
///   `12` → `12+?` is a change), and **marks** (e.g. a dispute becoming known).
public struct RegisterDiff: Sendable {
    /// What changed about a deal.
    public enum ChangeKind: String, CaseIterable, Hashable, Sendable {
        case appeared, disappeared, status, ordered, delivered, marks
    }

    /// One changed fact of one deal.
    public struct Change: Hashable, Sendable {
        public let deal: String
        public let supplier: ActorCode
        public let recipient: ActorCode
        public let system: String
        public let kind: ChangeKind
        /// The earlier value as display text (`ordered`, `12+?`, `D?`); nil for ``ChangeKind/appeared``.
        /// For ``ChangeKind/disappeared``, the deal's earlier status.
        public let before: String?
        /// The later value as display text; nil for ``ChangeKind/disappeared``. For
        /// ``ChangeKind/appeared``, the deal's later status.
        public let after: String?

        /// Creates a change.
        public init(deal: String, supplier: ActorCode, recipient: ActorCode, system: String, kind: ChangeKind,
                    before: String?, after: String?) {
            self.deal = deal
            self.supplier = supplier
            self.recipient = recipient
            self.system = system
            self.kind = kind
            self.before = before
            self.after = after
        }

        /// `{"deal", "supplier", "recipient", "system", "change", "before", "after"}`; `before`
        /// and `after` are the display strings, or null.
        public var json: JSONObject {
            JSONObject([
                ("deal", .string(deal)), ("supplier", .string(supplier.rawValue)),
                ("recipient", .string(recipient.rawValue)), ("system", .string(system)),
                ("change", .string(kind.rawValue)),
                ("before", before.map { .string($0) } ?? .null), ("after", after.map { .string($0) } ?? .null),
            ])
        }
    }

    /// The changes, sorted.
    public let changes: [Change]

    /// Compares two registers.
    ///
    /// - Parameters:
    ///   - before: The earlier register's rows.
    ///   - after: The later register's rows.
    public init(before: [DealRow], after: [DealRow]) {
        var old: [String: DealRow] = [:]
        for row in before { old[row.deal] = row }
        var new: [String: DealRow] = [:]
        for row in after { new[row.deal] = row }
        var changes: [Change] = []
        for deal in Set(old.keys).union(new.keys) {
            let a = old[deal], b = new[deal]
            let row = (b ?? a)!
            func change(_ kind: ChangeKind, _ x: String?, _ y: String?) {
                changes.append(Change(deal: deal, supplier: row.supplier, recipient: row.recipient, system: row.system,
                                      kind: kind, before: x, after: y))
            }
            guard let a, let b else {
                if let b { change(.appeared, nil, b.status.rawValue) }
                if let a { change(.disappeared, a.status.rawValue, nil) }
                continue
            }
            if a.status != b.status { change(.status, a.status.rawValue, b.status.rawValue) }
            if a.orderedText != b.orderedText { change(.ordered, a.orderedText, b.orderedText) }
            if a.deliveredText != b.deliveredText { change(.delivered, a.deliveredText, b.deliveredText) }
            if a.marks != b.marks { change(.marks, a.marks.compact, b.marks.compact) }
        }
        let rank = Dictionary(uniqueKeysWithValues: ChangeKind.allCases.enumerated().map { ($1, $0) })
        self.changes = changes.sorted {
            ($0.supplier.rawValue, $0.recipient.rawValue, $0.system, $0.deal, rank[$0.kind]!)
                < ($1.supplier.rawValue, $1.recipient.rawValue, $1.system, $1.deal, rank[$1.kind]!)
        }
    }

    /// Replays `events` at both clocks and compares the registers.
    ///
    /// - Parameters:
    ///   - events: The ledger's events.
    ///   - from: The earlier clock.
    ///   - to: The later clock.
    public init(events: [Event], from: ReplayClock, to: ReplayClock) {
        var before = RegisterProjection()
        Replay(events: events, clock: from).fold(&before)
        var after = RegisterProjection()
        Replay(events: events, clock: to).fold(&after)
        self.init(before: before.rows, after: after.rows)
    }
}
