/// The deals of a balances-only fold: a ``BalanceDeal`` each, their values in ``ValueCells``.
struct BalanceDeals: DealTable {
    static var keepsDeliveryDates: Bool { false }
    static var keepsCurrencyTexts: Bool { false }

    private(set) var deals: [BalanceDeal] = []
    private(set) var cells = ValueCells()

    mutating func open(deal: Int, supplier: Int, recipient: Int, system: Int, category: Category, status: DealStatus,
                       statusKey: (lower: Day, seq: Int)) {
        deals.append(BalanceDeal(categorySeq: 0, supplier: Int32(truncatingIfNeeded: supplier),
                                 recipient: Int32(truncatingIfNeeded: recipient), category: category))
    }

    @inline(__always)
    mutating func add(_ index: Int, status: DealStatus, fields: LineFields, lower: Day, dateID: Int,
                      sourceHashes: ArraySlice<UInt64>, marks: Marks, currency: (id: Int, text: String)?) {
        deals[index].add(status: status, fields: fields, marks: marks, currency: currency?.id, cells: &cells)
    }

    /// Moves the deals of a later part in: `dealMap` gives each of its deals' index here (an
    /// index equal to the current count opens a new deal), `nameMap` each of its name ids' id here
    /// (nil when both number their names alike, as the halves of a replay cache fold do).
    mutating func absorb(_ later: BalanceDeals, dealMap: [Int], nameMap: [Int]?) {
        @inline(__always) func name(_ id: Int) -> Int { nameMap?[id] ?? id }
        // Room for everything at once: growing by doubling would hold the old tables and ones
        // up to twice too large at the same time, the peak of a large replay's memory.
        deals.reserveCapacity(deals.count + later.deals.count)
        cells.reserveCapacity(cells.count + later.cells.count)
        for (index, deal) in later.deals.enumerated() {
            let target = dealMap[index]
            if target == deals.count {
                var moved = deal
                moved.supplier = Int32(truncatingIfNeeded: name(Int(deal.supplier)))
                moved.recipient = Int32(truncatingIfNeeded: name(Int(deal.recipient)))
                moved.values = -1
                later.cells.forEach(from: deal.values) { amount, id, ordered in
                    cells.add(amount, currency: name(id), ordered: ordered, head: &moved.values)
                }
                deals.append(moved)
            } else {
                deals[target].merge(deal, cells: &cells, otherCells: later.cells) { name($0) }
            }
        }
    }
}
