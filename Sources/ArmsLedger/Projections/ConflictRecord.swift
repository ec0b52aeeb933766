/// A conflict as the obligations projection folds it: its sides and the days it was open.
///
/// A conflict is open from the day it started (the lower bound of `conflict.started`'s
/// `occurred`) until the day before it ended (the lower bound of `conflict.ended`'s), a
/// half-open range (SPEC section 7). Without a counted `conflict.ended` it is still open.
public struct ConflictRecord: Sendable {
    /// The conflict id.
    public let id: String
    /// Its name, from `conflict.started`.
    public let name: String
    /// The two sides (each one or more actors).
    public let sides: [[ActorCode]]
    /// The counted `conflict.started` event.
    public let started: ReplayedEvent
    /// The counted `conflict.ended` event, if any.
    public internal(set) var ended: ReplayedEvent?

    /// Creates a record from a counted `conflict.started`.
    public init(id: String, name: String, sides: [[ActorCode]], started: ReplayedEvent, ended: ReplayedEvent? = nil) {
        self.id = id
        self.name = name
        self.sides = sides
        self.started = started
        self.ended = ended
    }

    /// The first day the conflict is open.
    public var start: Day { started.event.occurred.lower }

    /// The first day the conflict is no longer open, or nil while it is open.
    public var end: Day? { ended?.event.occurred.lower }

    /// True when the conflict is open on `day`: start ≤ day < end.
    public func isOpen(on day: Day) -> Bool {
        start <= day && end.map { day < $0 } ?? true
    }

    /// True when `a` and `b` stand on different sides of the conflict.
    public func opposes(_ a: ActorCode, _ b: ActorCode) -> Bool {
        for (i, side) in sides.enumerated() where side.contains(a) {
            for (j, other) in sides.enumerated() where j != i && other.contains(b) { return true }
        }
        return false
    }
}
