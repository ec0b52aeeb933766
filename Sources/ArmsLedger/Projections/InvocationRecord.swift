/// An `obligation.invoked` with the answer paired to it (SPEC section 7).
///
/// An `obligation.answered` pairs with the latest earlier invocation by the member it answers
/// (`to`): earlier by the lower bound of `occurred`, ties by `seq`, and strictly before the
/// answer. When several answers pair with one invocation, the latest (same order) gives
/// ``response`` and ``fulfilled``; all of them are in ``answers``.
public struct InvocationRecord: Sendable {
    /// The alliance invoked.
    public let alliance: String
    /// The counted `obligation.invoked` event.
    public let invocation: ReplayedEvent
    /// The invoking member.
    public let by: ActorCode
    /// Whom the invocation names as the aggressor, if anyone.
    public let against: ActorCode?
    /// The answers paired with this invocation, oldest first.
    public let answers: [ReplayedEvent]

    /// Creates a record.
    public init(alliance: String, invocation: ReplayedEvent, by: ActorCode, against: ActorCode?, answers: [ReplayedEvent]) {
        self.alliance = alliance
        self.invocation = invocation
        self.by = by
        self.against = against
        self.answers = answers
    }

    /// The latest paired answer, or nil when none is counted yet.
    public var answer: ReplayedEvent? { answers.last }

    /// The latest answer's `response`, or nil when unanswered.
    public var response: String? {
        if case .answer(_, _, let response, _)? = answer?.event.payload { return response }
        return nil
    }

    /// The latest answer's `fulfilled`, or nil when unanswered.
    public var fulfilled: Bool? {
        if case .answer(_, _, _, let fulfilled)? = answer?.event.payload { return fulfilled }
        return nil
    }

    /// The marks of the invocation and its answers together.
    public var marks: Marks {
        answers.reduce(Marks(invocation)) { $0.union(Marks($1)) }
    }
}
