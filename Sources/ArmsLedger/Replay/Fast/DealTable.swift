/// Where a fast path's fold (``PartFold``) keeps its deals: each deal has a dense index (its
/// id in the fold's deal interner), is opened by its first counted event and then takes every
/// counted event, the first one included.
///
/// ``FastDeals`` keeps everything the register shows; ``BalanceDeals`` keeps only what
/// `balances` needs, in a few dozen bytes a deal.
protocol DealTable: Sendable {
    /// Whether ``add(_:status:fields:lower:dateID:sourceHashes:marks:currency:)`` needs the
    /// id of a delivery's date text (the register prints first and last deliveries).
    static var keepsDeliveryDates: Bool { get }

    /// Whether ``add(_:status:fields:lower:dateID:sourceHashes:marks:currency:)`` reads the
    /// text of a value's currency (else it is given as `""` and only the id counts).
    static var keepsCurrencyTexts: Bool { get }

    /// Starts the deal with index `count` (the next one) from its first counted event.
    /// `supplier`, `recipient` and `system` are ids in the fold's name interner.
    mutating func open(deal: Int, supplier: Int, recipient: Int, system: Int, category: Category, status: DealStatus,
                       statusKey: (lower: Day, seq: Int))

    /// Folds one counted event into the deal at `index`. `currency` is the value's currency
    /// (its id in the fold's name interner and its text) when the event gives a value.
    mutating func add(_ index: Int, status: DealStatus, fields: LineFields, lower: Day, dateID: Int,
                      sourceHashes: ArraySlice<UInt64>, marks: Marks, currency: (id: Int, text: String)?)
}
