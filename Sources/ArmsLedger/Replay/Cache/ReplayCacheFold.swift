#if canImport(Glibc)
import Glibc
#endif

/// Folds the entries of a ``ReplayCache`` on a clock into the register's deals: the warm
/// replay. The same rules as ``PartFold`` (which reads ledger lines), applied to fixed-size
/// records: corrections first (one pass gathers them and the strings), then every deal record.
struct ReplayCacheFold {
    let clock: ReplayClock
    let countSources: Bool
    /// The id bytes of the ledger line at an offset with a length, read only when a correction's
    /// target may be that line (its id hash matches).
    let idAt: (Int64, Int) -> [UInt8]?

    /// A string's place: which chunk, and where in it.
    private struct StringSpan {
        var chunk: Int
        var start: Int
        var count: Int
    }

    /// The deals of `chunks` (the cache's entries, then those encoded from the ledger's newer
    /// lines) with their names resolved, or nil when an entry is malformed.
    func deals(_ chunks: [UnsafeRawBufferPointer], stringCount: Int) -> [FastRegister.ResolvedDeal]? {
        // Pass 1: strings (each given its canonical number) and corrections.
        var interner = ByteInterner()
        var canonical: [Int32] = []
        canonical.reserveCapacity(stringCount)
        var corrections: [CorrectionFact] = []
        for chunk in chunks {
            var p = 0
            while p < chunk.count {
                switch chunk[p] {
                case 1:
                    guard p + ReplayCacheEncoder.recordLength <= chunk.count else { return nil }
                    p += ReplayCacheEncoder.recordLength + 8 * Int(chunk[p + 5])
                case 2:
                    guard p + 8 <= chunk.count else { return nil }
                    let length = Int(Self.u32(chunk, p + 4))
                    guard p + 8 + length <= chunk.count else { return nil }
                    canonical.append(Int32(interner.intern(UnsafeRawBufferPointer(rebasing: chunk[(p + 8)..<(p + 8 + length)])).id))
                    p += 8 + length
                case 3:
                    guard p + 16 <= chunk.count else { return nil }
                    let idLength = Int(Self.u32(chunk, p + 8)), targetLength = Int(Self.u32(chunk, p + 12))
                    let end = p + 16 + idLength + targetLength
                    guard end <= chunk.count else { return nil }
                    corrections.append(CorrectionFact(
                        id: String(decoding: chunk[(p + 16)..<(p + 16 + idLength)], as: UTF8.self),
                        target: String(decoding: chunk[(p + 16 + idLength)..<end], as: UTF8.self),
                        isRetraction: chunk[p + 1] == 1, known: Day(ordinal: Int32(bitPattern: Self.u32(chunk, p + 4)))))
                    p = end
                default:
                    return nil
                }
            }
            guard p == chunk.count else { return nil }
        }
        guard canonical.count == stringCount else { return nil }
        let lookup = CorrectionLookup(corrections, clock: clock)

        // Pass 2: the deal records.
        var deals: [FastDeal] = []
        var dealOf = [Int32](repeating: -1, count: interner.count)
        var currencies = [String?](repeating: nil, count: interner.count)
        var fields = LineFields()
        var hashes: [UInt64] = []
        let statuses = DealStatus.allCases, categories = Category.allCases, confidences = Confidence.allCases
        for chunk in chunks {
            var p = 0
            while p < chunk.count {
                let tag = chunk[p]
                if tag == 2 { p += 8 + Int(Self.u32(chunk, p + 4)); continue }
                if tag == 3 { p += 16 + Int(Self.u32(chunk, p + 8)) + Int(Self.u32(chunk, p + 12)); continue }
                let sources = Int(chunk[p + 5])
                let record = p
                p += ReplayCacheEncoder.recordLength + 8 * sources
                guard p <= chunk.count else { return nil }
                let statusIndex = Int(chunk[record + 1]), categoryIndex = Int(chunk[record + 2]) - 1, confidenceIndex = Int(chunk[record + 3])
                guard statusIndex < statuses.count, categoryIndex >= 0, categoryIndex < categories.count, confidenceIndex < confidences.count
                else { return nil }
                let status = statuses[statusIndex]

                var disputed = false
                if lookup.mayMatch(Self.u64(chunk, record + 16)) {
                    guard let id = idAt(Int64(bitPattern: Self.u64(chunk, record + 24)), Int(Self.u32(chunk, record + 32))) else { return nil }
                    let (retracted, isDisputed) = id.withUnsafeBytes { lookup.lookup($0) }
                    if retracted { continue }
                    disputed = isDisputed
                }
                if let knownAt = clock.knownAt, Day(ordinal: Int32(bitPattern: Self.u32(chunk, record + 44))) > knownAt { continue }
                let lower = Day(ordinal: Int32(bitPattern: Self.u32(chunk, record + 36)))
                let upper = Day(ordinal: Int32(bitPattern: Self.u32(chunk, record + 40)))
                var uncertain = false
                if let asOf = clock.asOf {
                    if lower > asOf { continue }
                    if upper > asOf {
                        if clock.strictDates { continue }
                        uncertain = true
                    }
                }
                let flags = chunk[record + 4]
                fields.seq = Int(Self.u64(chunk, record + 8))
                fields.category = categories[categoryIndex]
                fields.confidence = confidences[confidenceIndex]
                fields.quantity = flags & 1 != 0 ? Int64(bitPattern: Self.u64(chunk, record + 72)) : nil
                fields.quantityEstimated = flags & 2 != 0
                fields.valueAmount = flags & 4 != 0 ? Int64(bitPattern: Self.u64(chunk, record + 80)) : nil

                /// The canonical number of the string in a slot: -1 for none, nil when out of range.
                func name(_ slot: Int) -> Int? {
                    let number = Self.u32(chunk, record + 48 + 4 * slot)
                    if number == ReplayCacheEncoder.none { return -1 }
                    return Int(number) < canonical.count ? Int(canonical[Int(number)]) : nil
                }
                guard let deal = name(0), let supplier = name(1), let recipient = name(2), let system = name(3),
                      let date = name(4), let currencyName = name(5), deal >= 0, supplier >= 0, recipient >= 0, system >= 0
                else { return nil }
                var currency: String?
                if fields.valueAmount != nil {
                    guard currencyName >= 0 else { return nil }
                    if currencies[currencyName] == nil { currencies[currencyName] = interner.string(currencyName) }
                    currency = currencies[currencyName]
                }
                let quantityUnknown = (status == .ordered || status == .delivered || status == .serviced) && fields.quantity == nil
                let marks = Marks(disputed: disputed, uncertainDate: uncertain, quantityUnknown: quantityUnknown, estimated: fields.quantityEstimated)
                hashes.removeAll(keepingCapacity: true)
                if countSources {
                    for s in 0..<sources { hashes.append(Self.u64(chunk, record + ReplayCacheEncoder.recordLength + 8 * s)) }
                }
                var index = Int(dealOf[deal])
                if index < 0 {
                    index = deals.count
                    dealOf[deal] = Int32(index)
                    deals.append(FastDeal(deal: deal, supplier: supplier, recipient: recipient, system: system,
                                          category: fields.category!, categorySeq: 0, status: status, statusKey: (lower, fields.seq)))
                }
                deals[index].add(status: status, fields: fields, lower: lower, dateID: date, sourceHashes: hashes[...],
                                 marks: marks, currency: currency)
            }
        }
        return deals.map { deal in
            var copy = deal
            copy.firstText = deal.first.map { interner.string($0.date) }
            copy.lastText = deal.last.map { interner.string($0.date) }
            return (interner.string(deal.deal), copy, (interner.string(deal.supplier), interner.string(deal.recipient), interner.string(deal.system)))
        }
    }

    @inline(__always) static func u32(_ chunk: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(littleEndian: chunk.loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }

    @inline(__always) static func u64(_ chunk: UnsafeRawBufferPointer, _ at: Int) -> UInt64 {
        UInt64(littleEndian: chunk.loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }
}
