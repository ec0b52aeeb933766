/// The payload shared by every transfer and service event of a deal.
public struct TransferFacts: Hashable, Sendable {
    /// The deal the event belongs to.
    public let deal: String
    public let supplier: ActorCode
    public let recipient: ActorCode
    /// The system's designation, e.g. `Polonez`.
    public let system: String
    public let category: Category
    /// Units; nil when the source gives none (unknown, never zero).
    public let quantity: Int64?
    /// True when the source estimates the quantity.
    public let quantityEstimated: Bool
    public let value: Money?
    /// Who declined or blocked (for `transfer.declined` and `transfer.blocked`).
    public let by: ActorCode?
    /// What the service was (for `service.delivered`).
    public let service: ServiceKind?

    public init(deal: String, supplier: ActorCode, recipient: ActorCode, system: String, category: Category,
                quantity: Int64? = nil, quantityEstimated: Bool = false, value: Money? = nil,
                by: ActorCode? = nil, service: ServiceKind? = nil) {
        self.deal = deal
        self.supplier = supplier
        self.recipient = recipient
        self.system = system
        self.category = category
        self.quantity = quantity
        self.quantityEstimated = quantityEstimated
        self.value = value
        self.by = by
        self.service = service
    }
}
