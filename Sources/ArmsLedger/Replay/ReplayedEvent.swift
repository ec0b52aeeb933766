/// An event as a replay counts it: the event and the marks every output must show.
public struct ReplayedEvent: Sendable {
    /// The event.
    public let event: Event
    /// Its `occurred` range reaches past the as-of date.
    public let uncertainDate: Bool
    /// The `event.disputed` events aimed at it that are known at K.
    public let disputes: [Event]

    public init(event: Event, uncertainDate: Bool, disputes: [Event]) {
        self.event = event
        self.uncertainDate = uncertainDate
        self.disputes = disputes
    }

    /// True when at least one known dispute is aimed at the event.
    public var isDisputed: Bool { !disputes.isEmpty }
}
