/// The register's deals: one ``FastDeal`` each.
struct FastDeals: DealTable {
    static var keepsDeliveryDates: Bool { true }
    static var keepsCurrencyTexts: Bool { true }

    var deals: [FastDeal] = []

    mutating func open(deal: Int, supplier: Int, recipient: Int, system: Int, category: Category, status: DealStatus,
                       statusKey: (lower: Day, seq: Int)) {
        deals.append(FastDeal(deal: deal, supplier: supplier, recipient: recipient, system: system,
                              category: category, categorySeq: 0, status: status, statusKey: statusKey))
    }

    @inline(__always)
    mutating func add(_ index: Int, status: DealStatus, fields: LineFields, lower: Day, dateID: Int,
                      sourceHashes: ArraySlice<UInt64>, marks: Marks, currency: (id: Int, text: String)?) {
        deals[index].add(status: status, fields: fields, lower: lower, dateID: dateID, sourceHashes: sourceHashes,
                         marks: marks, currency: currency?.text)
    }
}
