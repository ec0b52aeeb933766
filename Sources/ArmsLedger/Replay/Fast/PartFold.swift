/// The fold of one part (a byte range) of the ledger in the fast path: checks the `seq` and
/// `prev` links inside the part, applies the clocks and corrections, and accumulates deals in
/// a ``DealTable`` (``FastDeals`` for the register, ``BalanceDeals`` for balances alone).
struct PartFold<Table: DealTable> {
    let clock: ReplayClock
    let corrections: CorrectionLookup
    let countSources: Bool

    private var dates: DateCache
    private var dealIDs = ByteInterner()
    private var names = ByteInterner()
    private var deals: Table
    /// The text of each currency seen, by its id in `names`.
    private var currencyTexts: [String?] = []
    private var fields = LineFields()
    private var sourceHashes: [UInt64] = []

    /// The first line's seq and prev, and the last line's seq and hash: for linking the parts.
    private(set) var firstSeq: Int?
    private(set) var firstPrev: [UInt8] = []
    private(set) var lastSeq = 0
    private(set) var lastHash: [UInt8] = []
    private var lastHashSpanBytes = [UInt8](repeating: 0, count: 64)
    /// The part ends in an unterminated line (only allowed in the last part).
    private(set) var tornTail = false

    init(clock: ReplayClock, corrections: CorrectionLookup, countSources: Bool, deals: Table) {
        self.deals = deals
        // Without delivery texts to keep, the date cache can forget (its memory stays bounded).
        dates = DateCache(limit: Table.keepsDeliveryDates ? nil : 1 << 13)
        self.clock = clock
        self.corrections = corrections
        self.countSources = countSources
    }

    /// Folds the lines of `range`; false when the fast path must give up.
    mutating func run(_ handle: LedgerFileHandle, range: Range<Int64>, isLast: Bool) throws(LedgerError) -> Bool {
        var ok = true
        let reader = LineReader(descriptor: handle.descriptor, path: handle.path, limit: range.upperBound, start: range.lowerBound)
        try reader.forEachLine { (_, bytes, terminated, _) throws(LedgerError) -> Bool in
            guard terminated else {
                if isLast { tornTail = true } else { ok = false }
                return false
            }
            if !fold(bytes) { ok = false; return false }
            return true
        }
        if firstSeq != nil { lastHash = lastHashSpanBytes }
        return ok
    }

    private mutating func fold(_ line: UnsafeRawBufferPointer) -> Bool {
        sourceHashes.removeAll(keepingCapacity: true)
        let countSources = countSources
        let scanned = withUnsafeMutablePointer(to: &sourceHashes) { hashes in
            LineFieldScanner.scan(line, into: &fields, sourceHashes: countSources ? hashes : nil, dates: &dates)
        }
        guard scanned else { return false }
        let f = fields
        // Links: seq continues, prev is the previous line's hash.
        let prev = f.prev.bytes(in: line)
        if let _ = firstSeq {
            guard f.seq == lastSeq + 1, memcmp(prev.baseAddress!, lastHashSpanBytes, 64) == 0 else { return false }
        } else {
            firstSeq = f.seq
            firstPrev = Array(prev)
        }
        lastSeq = f.seq
        lastHashSpanBytes.withUnsafeMutableBytes { $0.copyMemory(from: f.hash.bytes(in: line)) }

        guard f.type.isDealEvent, let status = DealStatus(f.type) else { return true }
        let (retracted, disputed) = corrections.lookup(f.id.bytes(in: line))
        if retracted { return true }
        if let knownAt = clock.knownAt {
            let known: Day
            if let lower = f.knownLower { known = lower } else {
                guard f.recorded.count >= 10, let day = Day(iso: String(decoding: f.recorded.bytes(in: line).prefix(10), as: UTF8.self)) else { return false }
                known = day
            }
            if known > knownAt { return true }
        }
        let occurredBytes = f.occurred.bytes(in: line)
        guard let bounds = dates.bounds(occurredBytes), let category = f.category,
              f.deal.count > 0, f.supplier.count > 0, f.recipient.count > 0, f.system.count > 0
        else { return false }
        var uncertain = false
        if let asOf = clock.asOf {
            if bounds.lower > asOf { return true }
            if bounds.upper > asOf {
                if clock.strictDates { return true }
                uncertain = true
            }
        }
        let quantityUnknown = (status == .ordered || status == .delivered || status == .serviced) && f.quantity == nil
        let marks = Marks(disputed: disputed, uncertainDate: uncertain, quantityUnknown: quantityUnknown, estimated: f.quantityEstimated)
        var currency: (id: Int, text: String)?
        if f.valueAmount != nil {
            let bytes = f.valueCurrency.bytes(in: line)
            let id = names.intern(bytes).id
            if Table.keepsCurrencyTexts {
                if id >= currencyTexts.count { currencyTexts += Array(repeating: nil, count: id + 1 - currencyTexts.count) }
                if currencyTexts[id] == nil { currencyTexts[id] = String(decoding: bytes, as: UTF8.self) }
                currency = (id, currencyTexts[id]!)
            } else {
                currency = (id, "")
            }
        }

        // The date's text is kept (as an id) only where a delivery may become the first or last.
        let dateID = Table.keepsDeliveryDates && (status == .delivered || status == .serviced) ? dates.lookup(occurredBytes).id : -1
        let (index, isNew) = dealIDs.intern(f.deal.bytes(in: line))
        if isNew {
            deals.open(deal: index, supplier: names.intern(f.supplier.bytes(in: line)).id,
                       recipient: names.intern(f.recipient.bytes(in: line)).id, system: names.intern(f.system.bytes(in: line)).id,
                       category: category, status: status, statusKey: (bounds.lower, f.seq))
        }
        deals.add(index, status: status, fields: f, lower: bounds.lower, dateID: dateID,
                  sourceHashes: sourceHashes[...], marks: marks, currency: currency)
        return true
    }
}

extension PartFold where Table == FastDeals {
    /// A register fold of a part.
    init(clock: ReplayClock, corrections: CorrectionLookup, countSources: Bool) {
        self.init(clock: clock, corrections: corrections, countSources: countSources, deals: FastDeals())
    }

    /// The part's deals with their names and date texts resolved, in first-seen order.
    func resolved() -> [(key: String, deal: FastDeal, names: (String, String, String))] {
        deals.deals.map { deal in
            var copy = deal
            copy.firstText = deal.first.map { dates.text($0.date) }
            copy.lastText = deal.last.map { dates.text($0.date) }
            return (dealIDs.string(deal.deal), copy, (names.string(deal.supplier), names.string(deal.recipient), names.string(deal.system)))
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension PartFold where Table == BalanceDeals {
    /// A balances-only fold of a part.
    init(clock: ReplayClock, corrections: CorrectionLookup) {
        self.init(clock: clock, corrections: corrections, countSources: false, deals: BalanceDeals())
    }

    /// The deals folded so far, with their values.
    var balanceDeals: BalanceDeals { deals }

    /// True when every deal id and name is ASCII: byte-equal is then `String`-equal, as the
    /// ordinary replay compares them (Unicode-equivalent spellings would group apart here).
    var keysAreASCII: Bool { dealIDs.isASCII && names.isASCII }

    /// The text of a name id (an actor or a currency).
    func name(_ id: Int) -> String { names.string(id) }

    /// Moves the deals of the part that follows this one in the ledger into this fold, which
    /// then holds the deals of both (the later part's memory can go).
    mutating func absorb(_ later: PartFold<BalanceDeals>) {
        var nameMap: [Int] = []
        nameMap.reserveCapacity(later.names.count)
        for id in 0..<later.names.count { nameMap.append(later.names.withBytes(id) { names.intern($0).id }) }
        var dealMap: [Int] = []
        dealMap.reserveCapacity(later.dealIDs.count)
        for id in 0..<later.dealIDs.count { dealMap.append(later.dealIDs.withBytes(id) { dealIDs.intern($0).id }) }
        deals.absorb(later.deals, dealMap: dealMap, nameMap: nameMap)
    }
}
