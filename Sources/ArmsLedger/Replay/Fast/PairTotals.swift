/// One supplier × recipient pair's running totals while ``BalanceDeals`` are grouped into
/// balance rows: the same sums as ``BalancesProjection/rows(from:)`` takes over register rows.
///
/// Kept in flat arrays rather than dictionaries, since every deal of the ledger passes through
/// ``add(_:cells:)``: units per category in a fixed array indexed by ``Category/ordinal``, the
/// categories seen as bit sets, and the value sums as a short list searched in place (a pair
/// rarely has more than two currencies).
struct PairTotals {
    var supplier: Int
    var recipient: Int
    var deals = 0
    var ordered: Int64 = 0
    var delivered: Int64 = 0
    var orderedUnknown = false
    var deliveredUnknown = false
    /// Delivered units per category, indexed by ``Category/ordinal``.
    var categoryUnits = [Int64](repeating: 0, count: Category.allCases.count)
    /// Bit `ordinal` set: the pair has a delivery in the category.
    var categoriesSeen: UInt32 = 0
    /// Bit `ordinal` set: some delivered quantity in the category is unknown.
    var categoriesUnknown: UInt32 = 0
    var marks = Marks()
    /// Sums by currency id, in the order first seen.
    var values: [(currency: Int, amount: Int64)] = []

    init(supplier: Int, recipient: Int) {
        self.supplier = supplier
        self.recipient = recipient
    }

    /// Adds one whole deal.
    @inline(__always)
    mutating func add(_ deal: BalanceDeal, cells: ValueCells) {
        deals += 1
        ordered = Units.add(ordered, deal.ordered)
        delivered = Units.add(delivered, deal.delivered)
        orderedUnknown = orderedUnknown || deal.flags.contains(.orderedUnknown)
        deliveredUnknown = deliveredUnknown || deal.flags.contains(.deliveredUnknown)
        if deal.flags.contains(.hasDelivery) {
            let slot = deal.category.ordinal
            categoryUnits[slot] = Units.add(categoryUnits[slot], deal.delivered)
            categoriesSeen |= 1 << slot
            if deal.flags.contains(.deliveredUnknown) { categoriesUnknown |= 1 << slot }
        }
        marks.formUnion(deal.flags.marks)
        // The register's value basis: ordered values when the deal has any, else delivered ones.
        let basis: Bool? = deal.flags.contains(.hasOrderedValue) ? true : deal.flags.contains(.hasDeliveredValue) ? false : nil
        if let basis {
            cells.forEach(from: deal.values) { amount, currency, ordered in
                guard ordered == basis else { return }
                if let index = values.firstIndex(where: { $0.currency == currency }) {
                    values[index].amount = Units.add(values[index].amount, amount)
                } else {
                    values.append((currency, amount))
                }
            }
        }
    }

    /// The units per category of the categories with a delivery, as the row holds them.
    var categories: [Category: Int64] {
        var result: [Category: Int64] = [:]
        for category in Category.allCases where categoriesSeen & (1 << category.ordinal) != 0 {
            result[category] = categoryUnits[category.ordinal]
        }
        return result
    }

    /// The categories with some delivered quantity unknown.
    var categoriesWithUnknownQuantity: Set<Category> {
        Set(Category.allCases.filter { categoriesUnknown & (1 << $0.ordinal) != 0 })
    }

    /// Every pair of `deals` as balance rows, sorted by supplier then recipient, with shares
    /// over each recipient's whole intake; nil when a supplier or recipient is not an actor code.
    /// - Parameter name: the text of a name id.
    static func rows(_ deals: BalanceDeals, name: (Int) -> String) -> [BalanceRow]? {
        var pairs: [PairTotals] = []
        var slots = PairSlots()
        for deal in deals.deals {
            let index = slots.index(deal.supplier, deal.recipient, next: pairs.count)
            if index == pairs.count { pairs.append(PairTotals(supplier: Int(deal.supplier), recipient: Int(deal.recipient))) }
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
            let value = Units.sum(pair.values.map { Money(amount: $0.amount, currency: name($0.currency)) })
            rows.append(BalanceRow(
                supplier: supplier, recipient: recipient, deals: pair.deals, ordered: pair.ordered, delivered: pair.delivered,
                orderedQuantityUnknown: pair.orderedUnknown, deliveredQuantityUnknown: pair.deliveredUnknown, share: share,
                categories: pair.categories, categoriesQuantityUnknown: pair.categoriesWithUnknownQuantity, value: value, marks: pair.marks))
        }
        return rows.sorted { ($0.supplier.rawValue, $0.recipient.rawValue) < ($1.supplier.rawValue, $1.recipient.rawValue) }
    }
}
