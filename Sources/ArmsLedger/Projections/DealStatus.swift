/// Where a deal stands: the type of its latest counted event (SPEC section 7).
///
/// "Latest" is by `occurred` lower bound; among events with the same lower bound, the one with
/// the higher `seq` (written later) wins. A deal that was blocked and later delivered is
/// therefore `delivered`; one offered and then declined is `declined`.
public enum DealStatus: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// Latest event `transfer.offered`.
    case offered
    /// Latest event `transfer.declined`.
    case declined
    /// Latest event `transfer.blocked`.
    case blocked
    /// Latest event `transfer.ordered`.
    case ordered
    /// Latest event `transfer.delivered`.
    case delivered
    /// Latest event `transfer.cancelled`.
    case cancelled
    /// Latest event `service.delivered`.
    case serviced

    /// The status a deal event sets, or nil for a type that does not belong to a deal.
    ///
    /// - Parameter type: An event type.
    public init?(_ type: EventType) {
        switch type {
        case .transferOffered: self = .offered
        case .transferDeclined: self = .declined
        case .transferBlocked: self = .blocked
        case .transferOrdered: self = .ordered
        case .transferDelivered: self = .delivered
        case .transferCancelled: self = .cancelled
        case .serviceDelivered: self = .serviced
        default: return nil
        }
    }

    /// The JSON and table spelling (`"delivered"`).
    public var description: String { rawValue }
}
