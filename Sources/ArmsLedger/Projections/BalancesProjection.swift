/// Supplier × recipient balances (SPEC section 7 `balances`): per pair, the deals, units
/// ordered and delivered, value, units by category and marks, and each supplier's share of
/// the units its recipient received.
///
/// The projection folds a ``RegisterProjection`` and groups its rows by pair, so balances and
/// register always agree.
public struct BalancesProjection: Projection, Sendable {
    private var register = RegisterProjection()

    /// Empty balances.
    public init() {}

    /// Folds one counted event (deal events only; others are ignored).
    public mutating func apply(_ event: ReplayedEvent) {
        register.apply(event)
    }

    /// Every pair, sorted by supplier then recipient, with shares over each recipient's whole
    /// intake.
    public var rows: [BalanceRow] { Self.rows(from: register.rows) }

    /// The pairs with the given supplier and/or recipient (nil: any). Shares still refer to
    /// the recipient's intake from every supplier.
    ///
    /// - Parameters:
    ///   - supplier: Keep only this supplier's pairs.
    ///   - recipient: Keep only this recipient's pairs.
    public func rows(supplier: ActorCode?, recipient: ActorCode?) -> [BalanceRow] {
        rows.filter { (supplier == nil || $0.supplier == supplier) && (recipient == nil || $0.recipient == recipient) }
    }

    /// Groups register rows into pairs and computes the shares.
    static func rows(from deals: [DealRow]) -> [BalanceRow] {
        struct Pair: Hashable { let supplier: ActorCode, recipient: ActorCode }
        // Rows are grouped by index, so that no row is copied.
        var groups: [Pair: [Int]] = [:]
        for (index, deal) in deals.enumerated() { groups[Pair(supplier: deal.supplier, recipient: deal.recipient), default: []].append(index) }
        var intake: [ActorCode: Int64] = [:]
        for deal in deals { intake[deal.recipient] = Units.add(intake[deal.recipient] ?? 0, deal.delivered) }
        return deals.withUnsafeBufferPointer { all in groups.map { pair, indices in
            var ordered: Int64 = 0, delivered: Int64 = 0
            var orderedUnknown = false, deliveredUnknown = false
            var categories: [Category: Int64] = [:]
            var categoriesUnknown: Set<Category> = []
            var marks = Marks()
            var values: [Money] = []
            for index in indices {
                // Fields read through the buffer: no row is copied.
                ordered = Units.add(ordered, all[index].ordered)
                delivered = Units.add(delivered, all[index].delivered)
                orderedUnknown = orderedUnknown || all[index].orderedQuantityUnknown
                deliveredUnknown = deliveredUnknown || all[index].deliveredQuantityUnknown
                if all[index].lastDelivery != nil {
                    let category = all[index].category
                    categories[category] = Units.add(categories[category] ?? 0, all[index].delivered)
                    if all[index].deliveredQuantityUnknown { categoriesUnknown.insert(category) }
                }
                marks.formUnion(all[index].marks)
                values += all[index].value
            }
            let total = intake[pair.recipient] ?? 0
            let share: Double? = total > 0 ? (Double(delivered) / Double(total) * 1000).rounded() / 1000 : nil
            return BalanceRow(
                supplier: pair.supplier, recipient: pair.recipient, deals: indices.count, ordered: ordered,
                delivered: delivered, orderedQuantityUnknown: orderedUnknown, deliveredQuantityUnknown: deliveredUnknown,
                share: share, categories: categories, categoriesQuantityUnknown: categoriesUnknown, value: Units.sum(values), marks: marks)
        } }
        .sorted { ($0.supplier.rawValue, $0.recipient.rawValue) < ($1.supplier.rawValue, $1.recipient.rawValue) }
    }
}
