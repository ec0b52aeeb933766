/// An amount of money in an ISO 4217 currency, as `{"amount": 5000000000, "currency": "USD"}`.
public struct Money: Hashable, Sendable {
    /// The amount in whole units of the currency, ≥ 0.
    public let amount: Int64
    /// The ISO 4217 code.
    public let currency: String

    public init(amount: Int64, currency: String) {
        self.amount = amount
        self.currency = currency
    }
}
