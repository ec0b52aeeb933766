/// One deal's running totals in the balances-only fast path: just what `balances` takes from a
/// register row (``BalancesProjection/rows(from:)``), in 40 bytes — interned actor ids, the
/// category with the seq that set it, the unit sums, the flags, and the head of the deal's
/// value list in ``ValueCells`` (values are per currency and per basis, so they live apart).
///
/// Folds as ``FastDeal`` does, field for field, for the fields it keeps.
struct BalanceDeal {
    /// The seq of the event that set ``category`` (the highest seen).
    var categorySeq: Int
    var ordered: Int64 = 0
    var delivered: Int64 = 0
    /// Ids in the fold's name interner.
    var supplier: Int32
    var recipient: Int32
    /// The first of the deal's cells in ``ValueCells``; -1 for none.
    var values: Int32 = -1
    var category: Category
    var flags: Flags = []

    /// What a deal has seen, with its marks.
    struct Flags: OptionSet {
        let rawValue: UInt16
        static let orderedUnknown = Flags(rawValue: 1 << 0)
        static let deliveredUnknown = Flags(rawValue: 1 << 1)
        /// A counted delivery or service (the register row has a last delivery).
        static let hasDelivery = Flags(rawValue: 1 << 2)
        static let hasOrderedValue = Flags(rawValue: 1 << 3)
        static let hasDeliveredValue = Flags(rawValue: 1 << 4)
        static let disputed = Flags(rawValue: 1 << 5)
        static let uncertainDate = Flags(rawValue: 1 << 6)
        static let quantityUnknown = Flags(rawValue: 1 << 7)
        static let estimated = Flags(rawValue: 1 << 8)

        /// The flags of a set of marks.
        init(_ marks: Marks) {
            var raw: UInt16 = 0
            if marks.disputed { raw |= Self.disputed.rawValue }
            if marks.uncertainDate { raw |= Self.uncertainDate.rawValue }
            if marks.quantityUnknown { raw |= Self.quantityUnknown.rawValue }
            if marks.estimated { raw |= Self.estimated.rawValue }
            rawValue = raw
        }

        init(rawValue: UInt16) { self.rawValue = rawValue }

        /// The marks among the flags.
        var marks: Marks {
            Marks(disputed: contains(.disputed), uncertainDate: contains(.uncertainDate),
                  quantityUnknown: contains(.quantityUnknown), estimated: contains(.estimated))
        }
    }

    /// Folds one counted event of the deal (as ``FastDeal/add(status:fields:lower:dateID:sourceHashes:marks:currency:)``).
    /// - Parameter currency: the id of the value's currency when the event gives a value.
    @inline(__always)
    mutating func add(status: DealStatus, fields f: LineFields, marks: Marks, currency: Int?, cells: inout ValueCells) {
        if f.seq > categorySeq, let category = f.category {
            self.category = category
            categorySeq = f.seq
        }
        switch status {
        case .ordered:
            if let quantity = f.quantity { ordered = Units.add(ordered, quantity) } else { flags.insert(.orderedUnknown) }
            if let amount = f.valueAmount, let currency {
                cells.add(amount, currency: currency, ordered: true, head: &values)
                flags.insert(.hasOrderedValue)
            }
        case .delivered, .serviced:
            if let quantity = f.quantity { delivered = Units.add(delivered, quantity) } else { flags.insert(.deliveredUnknown) }
            if let amount = f.valueAmount, let currency {
                // Delivered values count only for a deal without an ordered value: once it has
                // one, they are not kept.
                if !flags.contains(.hasOrderedValue) { cells.add(amount, currency: currency, ordered: false, head: &values) }
                flags.insert(.hasDeliveredValue)
            }
            flags.insert(.hasDelivery)
        default:
            break
        }
        flags.formUnion(Flags(marks))
    }

    /// Merges the same deal folded from a later part of the ledger, whose cells are in
    /// `otherCells` and whose currency ids `currency` translates into this part's.
    mutating func merge(_ other: BalanceDeal, cells: inout ValueCells, otherCells: ValueCells, currency: (Int) -> Int) {
        if other.categorySeq > categorySeq { category = other.category; categorySeq = other.categorySeq }
        ordered = Units.add(ordered, other.ordered)
        delivered = Units.add(delivered, other.delivered)
        flags.formUnion(other.flags)
        let ordersOnly = flags.contains(.hasOrderedValue)
        otherCells.forEach(from: other.values) { amount, id, ordered in
            if ordered || !ordersOnly { cells.add(amount, currency: currency(id), ordered: ordered, head: &values) }
        }
    }
}
