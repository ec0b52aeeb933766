/// One supplier × recipient pair's running totals while ``BalanceDeals`` are grouped into
/// balance rows: the same sums as ``BalancesProjection/rows(from:)`` takes over register rows.
struct PairTotals {
    var supplier: Int
    var recipient: Int
    var deals = 0
    var ordered: Int64 = 0
    var delivered: Int64 = 0
    var orderedUnknown = false
    var deliveredUnknown = false
    var categories: [Category: Int64] = [:]
    var categoriesUnknown: Set<Category> = []
    var marks = Marks()
    /// Sums by currency id.
    var values: [Int: Int64] = [:]

    /// Adds one whole deal.
    mutating func add(_ deal: BalanceDeal, cells: ValueCells) {
        deals += 1
        ordered = Units.add(ordered, deal.ordered)
        delivered = Units.add(delivered, deal.delivered)
        orderedUnknown = orderedUnknown || deal.flags.contains(.orderedUnknown)
        deliveredUnknown = deliveredUnknown || deal.flags.contains(.deliveredUnknown)
        if deal.flags.contains(.hasDelivery) {
            categories[deal.category] = Units.add(categories[deal.category] ?? 0, deal.delivered)
            if deal.flags.contains(.deliveredUnknown) { categoriesUnknown.insert(deal.category) }
        }
        marks.formUnion(deal.flags.marks)
        // The register's value basis: ordered values when the deal has any, else delivered ones.
        let basis: Bool? = deal.flags.contains(.hasOrderedValue) ? true : deal.flags.contains(.hasDeliveredValue) ? false : nil
        if let basis {
            cells.forEach(from: deal.values) { amount, currency, ordered in
                if ordered == basis { values[currency] = Units.add(values[currency] ?? 0, amount) }
            }
        }
    }

    /// Every pair of `deals` as balance rows, sorted by supplier then recipient, with shares
    /// over each recipient's whole intake; nil when a supplier or recipient is not an actor code.
    /// - Parameter name: the text of a name id.
    static func rows(_ deals: BalanceDeals, name: (Int) -> String) -> [BalanceRow]? {
        var pairs: [PairTotals] = []
        var pairOf: [Int64: Int] = [:]
        for deal in deals.deals {
            let key = Int64(deal.supplier) << 32 | Int64(UInt32(bitPattern: deal.recipient))
            let index: Int
            if let known = pairOf[key] { index = known } else {
                index = pairs.count
                pairOf[key] = index
                pairs.append(PairTotals(supplier: Int(deal.supplier), recipient: Int(deal.recipient)))
            }
            pairs[index].add(deal, cells: deals.cells)
        }
        var intake: [Int: Int64] = [:]
        for pair in pairs { intake[pair.recipient] = Units.add(intake[pair.recipient] ?? 0, pair.delivered) }
        var rows: [BalanceRow] = []
        rows.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let supplier = ActorCode(name(pair.supplier)), let recipient = ActorCode(name(pair.recipient)) else { return nil }
            let total = intake[pair.recipient] ?? 0
            let share: Double? = total > 0 ? (Double(pair.delivered) / Double(total) * 1000).rounded() / 1000 : nil
            let value = Units.sum(pair.values.map { Money(amount: $0.value, currency: name($0.key)) })
            rows.append(BalanceRow(
                supplier: supplier, recipient: recipient, deals: pair.deals, ordered: pair.ordered, delivered: pair.delivered,
                orderedQuantityUnknown: pair.orderedUnknown, deliveredQuantityUnknown: pair.deliveredUnknown, share: share,
                categories: pair.categories, categoriesQuantityUnknown: pair.categoriesUnknown, value: value, marks: pair.marks))
        }
        return rows.sorted { ($0.supplier.rawValue, $0.recipient.rawValue) < ($1.supplier.rawValue, $1.recipient.rawValue) }
    }
}
