/// A delivery that cuts across an alliance obligation (SPEC section 7): at its date, the
/// supplier and a fellow member (``against``) both belonged to a collective-defence alliance, and
/// the recipient was on the other side of an open conflict with that fellow member.
///
/// One row per delivery and fellow member; when several conflicts between the recipient and the
/// fellow member were open that day, ``conflict`` is the one that started first (ties by `seq`)
/// and ``otherConflicts`` names up to ``otherConflictsShown`` of the rest (``otherConflictCount``
/// counts them all), so a delivery is never counted twice against one member and a ledger with
/// many overlapping conflicts cannot make every row carry them all.
public struct ConflictingTransfer: Sendable {
    /// The alliance whose obligation the delivery cuts across.
    public let alliance: String
    /// The counted `transfer.delivered` or `service.delivered` event.
    public let replayed: ReplayedEvent
    /// Its deal facts.
    public let facts: TransferFacts
    /// The fellow member the delivery cuts against.
    public let against: ActorCode
    /// The open conflict between the recipient and ``against`` (the earliest started).
    public let conflict: ConflictRecord
    /// Ids of other conflicts between them open on the same day (at most ``otherConflictsShown``).
    public let otherConflicts: [String]
    /// How many other conflicts between them were open that day.
    public let otherConflictCount: Int
    /// The most other-conflict ids a row keeps.
    public static let otherConflictsShown = 3
    /// The delivery's marks, plus *disputed* when the membership or conflict events the row
    /// rests on are disputed.
    public let marks: Marks

    /// Creates a row.
    public init(alliance: String, replayed: ReplayedEvent, facts: TransferFacts, against: ActorCode,
                conflict: ConflictRecord, otherConflicts: [String], otherConflictCount: Int? = nil, marks: Marks) {
        self.alliance = alliance
        self.replayed = replayed
        self.facts = facts
        self.against = against
        self.conflict = conflict
        self.otherConflicts = Array(otherConflicts.prefix(Self.otherConflictsShown))
        self.otherConflictCount = otherConflictCount ?? otherConflicts.count
        self.marks = marks
    }

    /// The delivery's date as written.
    public var date: EDTFDate { replayed.event.occurred }

    /// The day the rule places the delivery on: the lower bound of its date.
    public var day: Day { replayed.event.occurred.lower }
}
