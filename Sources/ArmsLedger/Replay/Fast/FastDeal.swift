/// One deal's running totals in the replay's fast path: the same fold as
/// `RegisterProjection`'s accumulator, keyed by `(occurred lower bound, seq)` wherever that one
/// relies on arrival order, so that two halves of a ledger folded apart merge into the same
/// result.
struct FastDeal {
    var deal: Int                      // ids in the fold's string interner
    var supplier: Int
    var recipient: Int
    var system: Int
    var category: Category
    var categorySeq: Int
    var status: DealStatus
    var statusKey: (lower: Day, seq: Int)
    var ordered: Int64 = 0
    var delivered: Int64 = 0
    var orderedUnknown = false
    var deliveredUnknown = false
    var first: (lower: Day, seq: Int, date: Int)?   // date: id in the part's date cache
    var last: (lower: Day, seq: Int, date: Int)?
    /// The texts of `first` and `last`, filled in when a part's fold is resolved.
    var firstText: String?
    var lastText: String?
    var orderedValues: [(currency: String, amount: Int64)] = []
    var deliveredValues: [(currency: String, amount: Int64)] = []
    var hasOrderedValue = false
    var hasDeliveredValue = false
    var confidence = Confidence.confirmed
    var sources: Set<UInt64> = []
    var events = 0
    var marks = Marks()

    /// Folds one counted event of the deal.
    mutating func add(status eventStatus: DealStatus, fields f: LineFields, lower: Day, dateID: Int,
                      sourceHashes: ArraySlice<UInt64>, marks eventMarks: Marks, currency: String?) {
        if f.seq > categorySeq, let category = f.category {
            self.category = category
            categorySeq = f.seq
        }
        if (lower, f.seq) > statusKey {
            status = eventStatus
            statusKey = (lower, f.seq)
        }
        switch eventStatus {
        case .ordered:
            if let quantity = f.quantity { ordered = Units.add(ordered, quantity) } else { orderedUnknown = true }
            if let amount = f.valueAmount, let currency { Self.add(amount, currency, to: &orderedValues); hasOrderedValue = true }
        case .delivered, .serviced:
            if let quantity = f.quantity { delivered = Units.add(delivered, quantity) } else { deliveredUnknown = true }
            if let amount = f.valueAmount, let currency { Self.add(amount, currency, to: &deliveredValues); hasDeliveredValue = true }
            if first == nil || (lower, f.seq) < (first!.lower, first!.seq) { first = (lower, f.seq, dateID) }
            if last == nil || (lower, f.seq) > (last!.lower, last!.seq) { last = (lower, f.seq, dateID) }
        default:
            break
        }
        confidence = max(confidence, f.confidence)
        sources.formUnion(sourceHashes)
        events += 1
        marks.formUnion(eventMarks)
    }

    static func add(_ amount: Int64, _ currency: String, to totals: inout [(currency: String, amount: Int64)]) {
        if let index = totals.firstIndex(where: { $0.currency == currency }) {
            totals[index].amount = Units.add(totals[index].amount, amount)
        } else {
            totals.append((currency, amount))
        }
    }

    /// Merges the same deal folded from a later part of the ledger.
    mutating func merge(_ other: FastDeal) {
        if other.categorySeq > categorySeq { category = other.category; categorySeq = other.categorySeq }
        if other.statusKey > statusKey { status = other.status; statusKey = other.statusKey }
        ordered = Units.add(ordered, other.ordered)
        delivered = Units.add(delivered, other.delivered)
        orderedUnknown = orderedUnknown || other.orderedUnknown
        deliveredUnknown = deliveredUnknown || other.deliveredUnknown
        if let o = other.first, first == nil || (o.lower, o.seq) < (first!.lower, first!.seq) { first = o; firstText = other.firstText }
        if let o = other.last, last == nil || (o.lower, o.seq) > (last!.lower, last!.seq) { last = o; lastText = other.lastText }
        for (currency, amount) in other.orderedValues { Self.add(amount, currency, to: &orderedValues) }
        for (currency, amount) in other.deliveredValues { Self.add(amount, currency, to: &deliveredValues) }
        hasOrderedValue = hasOrderedValue || other.hasOrderedValue
        hasDeliveredValue = hasDeliveredValue || other.hasDeliveredValue
        confidence = max(confidence, other.confidence)
        sources.formUnion(other.sources)
        events += other.events
        marks.formUnion(other.marks)
    }
}
