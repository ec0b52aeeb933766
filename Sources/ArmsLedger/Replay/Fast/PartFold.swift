/// The fold of one part (a byte range) of the ledger in the fast path: checks the `seq` and
/// `prev` links inside the part, applies the clocks and corrections, and accumulates deals.
struct PartFold {
    let clock: ReplayClock
    let corrections: CorrectionLookup
    let countSources: Bool

    private var dates = DateCache()
    private var dealIDs = ByteInterner()
    private var names = ByteInterner()
    private var deals: [FastDeal] = []
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

    init(clock: ReplayClock, corrections: CorrectionLookup, countSources: Bool) {
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
        let currency = f.valueAmount == nil ? nil : String(decoding: f.valueCurrency.bytes(in: line), as: UTF8.self)

        // The date's text is kept (as an id) only where a delivery may become the first or last.
        let dateID = status == .delivered || status == .serviced ? dates.lookup(occurredBytes).id : -1
        let (index, isNew) = dealIDs.intern(f.deal.bytes(in: line))
        if isNew {
            deals.append(FastDeal(
                deal: index, supplier: names.intern(f.supplier.bytes(in: line)).id,
                recipient: names.intern(f.recipient.bytes(in: line)).id, system: names.intern(f.system.bytes(in: line)).id,
                category: category, categorySeq: 0, status: status, statusKey: (bounds.lower, f.seq)))
        }
        deals[index].add(status: status, fields: f, lower: bounds.lower, dateID: dateID,
                         sourceHashes: sourceHashes[...], marks: marks, currency: currency)
        return true
    }

    /// The part's deals with their names and date texts resolved, in first-seen order.
    func resolved() -> [(key: String, deal: FastDeal, names: (String, String, String))] {
        deals.map { deal in
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
