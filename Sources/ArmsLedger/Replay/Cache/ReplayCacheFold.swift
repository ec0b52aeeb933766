import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Folds the entries of a ``ReplayCache`` on a clock into the register's deals: the warm
/// replay. The same rules as ``PartFold`` (which reads ledger lines), applied to fixed-size
/// records: a first pass gathers the strings and the corrections, then the deal records are
/// folded in two halves on two threads, and the halves merge as ``FastRegister``'s do.
struct ReplayCacheFold: @unchecked Sendable {
    let clock: ReplayClock
    let countSources: Bool
    /// The id bytes of the ledger line at an offset with a length, read only when a correction's
    /// target may be that line (its id hash matches). Called from both threads.
    let idAt: @Sendable (Int64, Int) -> [UInt8]?

    /// A string's place: which chunk, and where in it.
    private struct StringSpan {
        var chunk: Int
        var start: Int
        var count: Int
    }

    /// What the first pass learns and both halves read.
    private struct Strings {
        var spans: [StringSpan] = []
        /// Per string number: the canonical number of a key string (equal keys defined in
        /// several appends share one), -1 for a text string.
        var canonical: [Int32] = []
        var keys = ByteInterner()
    }

    /// One half's deals, with the canonical key number of each.
    private struct Half<Table: DealTable> {
        var deals: Table
        var keys: [Int32] = []
        var failed = false
    }

    /// The deals of `chunks` (the cache's entries, then those encoded from the ledger's newer
    /// lines) with their names resolved, or nil when an entry is malformed.
    /// - Parameter splitAbove: the entries' size from which the records are folded in two halves.
    func deals(_ chunks: [UnsafeRawBufferPointer], stringCount: Int, splitAbove: Int = 1 << 20) -> [FastRegister.ResolvedDeal]? {
        guard let (halves, strings) = folded(chunks, stringCount: stringCount, splitAbove: splitAbove, empty: FastDeals()) else { return nil }
        // Merge in order, then resolve the names.
        var merged: [FastDeal] = []
        var mergedOf = [Int32](repeating: -1, count: strings.keys.count)
        for half in halves {
            for deal in half.deals.deals {
                let index = Int(mergedOf[deal.deal])
                if index < 0 {
                    mergedOf[deal.deal] = Int32(merged.count)
                    merged.append(deal)
                } else {
                    merged[index].merge(deal)
                }
            }
        }
        func text(_ number: Int) -> String {
            let span = strings.spans[number]
            return String(decoding: chunks[span.chunk][span.start..<(span.start + span.count)], as: UTF8.self)
        }
        return merged.map { deal in
            var copy = deal
            copy.firstText = deal.first.map { text($0.date) }
            copy.lastText = deal.last.map { text($0.date) }
            return (strings.keys.string(deal.deal), copy,
                    (strings.keys.string(deal.supplier), strings.keys.string(deal.recipient), strings.keys.string(deal.system)))
        }
    }

    /// The balance rows of `chunks`, grouped from compact deals (``BalanceDeals``, ``PairTotals``)
    /// without register rows; nil when an entry is malformed or a name is not fit (as
    /// ``FastBalances`` declines).
    func balanceRows(_ chunks: [UnsafeRawBufferPointer], stringCount: Int, splitAbove: Int = 1 << 20) -> [BalanceRow]? {
        guard let (halves, strings) = folded(chunks, stringCount: stringCount, splitAbove: splitAbove, empty: BalanceDeals()),
              strings.keys.isASCII, var merged = halves.first?.deals
        else { return nil }
        // Names are canonical key numbers in every half: only the deals need matching.
        var mergedOf = [Int32](repeating: -1, count: strings.keys.count)
        for (index, key) in halves[0].keys.enumerated() { mergedOf[Int(key)] = Int32(index) }
        let names = Array(0..<strings.keys.count)
        for half in halves.dropFirst() {
            var next = merged.deals.count
            let dealMap = half.keys.map { key -> Int in
                if mergedOf[Int(key)] < 0 { mergedOf[Int(key)] = Int32(next); next += 1 }
                return Int(mergedOf[Int(key)])
            }
            merged.absorb(half.deals, dealMap: dealMap, nameMap: names)
        }
        return PairTotals.rows(merged, name: strings.keys.string)
    }

    /// Both passes over `chunks` into tables like `empty`: the halves' tables in order, with
    /// the strings; nil when an entry is malformed.
    private func folded<Table: DealTable>(_ chunks: [UnsafeRawBufferPointer], stringCount: Int, splitAbove: Int,
                                          empty: Table) -> (halves: [Half<Table>], strings: Strings)? {
        // Pass 1: strings and corrections, and the record nearest the middle of the entries.
        var strings = Strings()
        strings.spans.reserveCapacity(stringCount)
        strings.canonical.reserveCapacity(stringCount)
        var corrections = CorrectionFacts()
        var middle: (chunk: Int, offset: Int)?
        for (c, chunk) in chunks.enumerated() {
            var p = 0
            while p < chunk.count {
                if c == 0, middle == nil, p >= chunk.count / 2 { middle = (0, p) }
                switch chunk[p] {
                case 1:
                    guard p + ReplayCacheEncoder.recordLength <= chunk.count else { return nil }
                    p += ReplayCacheEncoder.recordLength + 8 * Int(chunk[p + 5])
                case 2, 4:
                    guard p + 8 <= chunk.count else { return nil }
                    let length = Int(Self.u32(chunk, p + 4))
                    guard p + 8 + length <= chunk.count else { return nil }
                    strings.spans.append(StringSpan(chunk: c, start: p + 8, count: length))
                    strings.canonical.append(chunk[p] == 4 ? -1
                        : Int32(strings.keys.intern(UnsafeRawBufferPointer(rebasing: chunk[(p + 8)..<(p + 8 + length)])).id))
                    p += 8 + length
                case 3:
                    guard p + 16 <= chunk.count else { return nil }
                    let idLength = Int(Self.u32(chunk, p + 8)), targetLength = Int(Self.u32(chunk, p + 12))
                    let end = p + 16 + idLength + targetLength
                    guard end <= chunk.count else { return nil }
                    corrections.append(id: UnsafeRawBufferPointer(rebasing: chunk[(p + 16)..<(p + 16 + idLength)]),
                                       target: UnsafeRawBufferPointer(rebasing: chunk[(p + 16 + idLength)..<end]),
                                       isRetraction: chunk[p + 1] == 1, known: Day(ordinal: Int32(bitPattern: Self.u32(chunk, p + 4))))
                    p = end
                default:
                    return nil
                }
            }
            guard p == chunk.count else { return nil }
        }
        guard strings.canonical.count == stringCount else { return nil }
        let lookup = CorrectionLookup(corrections, clock: clock)

        // Pass 2: the deal records, in two halves.
        var segments: [[(chunk: Int, range: Range<Int>)]] = [chunks.indices.map { ($0, 0..<chunks[$0].count) }]
        if let middle, chunks[0].count > splitAbove {
            segments = [[(0, 0..<middle.offset)], [(0, middle.offset..<chunks[0].count)] + chunks.indices.dropFirst().map { ($0, 0..<chunks[$0].count) }]
        }
        let shared = strings
        let halves = SendableBox<[Half<Table>?]>(Array(repeating: nil, count: segments.count))
        let input = UncheckedSendable((chunks, segments, empty))
        DispatchQueue.concurrentPerform(iterations: segments.count) { part in
            var half = Half(deals: input.value.2)
            var dealOf = [Int32](repeating: -1, count: shared.keys.count)
            for (c, range) in input.value.1[part] where !half.failed {
                half.failed = !fold(input.value.0[c], range: range, strings: shared, lookup: lookup, into: &half.deals,
                                    keys: &half.keys, dealOf: &dealOf)
            }
            halves.set(part, half)
        }
        var result: [Half<Table>] = []
        for part in segments.indices {
            guard let half = halves.take(part), !half.failed else { return nil }
            result.append(half)
        }
        return (result, strings)
    }

    /// Folds the deal records in `range` of `chunk` into `deals` (indexed through `dealOf` by
    /// canonical deal number). False on a malformed record.
    private func fold<Table: DealTable>(_ chunk: UnsafeRawBufferPointer, range: Range<Int>, strings: Strings, lookup: CorrectionLookup,
                                        into deals: inout Table, keys: inout [Int32], dealOf: inout [Int32]) -> Bool {
        var fields = LineFields()
        var hashes: [UInt64] = []
        var currencies = [String?](repeating: nil, count: strings.keys.count)
        let statuses = DealStatus.allCases, categories = Category.allCases, confidences = Confidence.allCases
        let canonical = strings.canonical
        /// The canonical number of the key string in a record's slot; nil when out of range or not a key.
        func key(_ record: Int, _ slot: Int) -> Int? {
            let number = Int(Self.u32(chunk, record + 48 + 4 * slot))
            guard number < canonical.count, canonical[number] >= 0 else { return nil }
            return Int(canonical[number])
        }
        var p = range.lowerBound
        while p < range.upperBound {
            let tag = chunk[p]
            if tag == 2 || tag == 4 { p += 8 + Int(Self.u32(chunk, p + 4)); continue }
            if tag == 3 { p += 16 + Int(Self.u32(chunk, p + 8)) + Int(Self.u32(chunk, p + 12)); continue }
            let sources = Int(chunk[p + 5])
            let record = p
            p += ReplayCacheEncoder.recordLength + 8 * sources
            let statusIndex = Int(chunk[record + 1]), categoryIndex = Int(chunk[record + 2]) - 1, confidenceIndex = Int(chunk[record + 3])
            guard statusIndex < statuses.count, categoryIndex >= 0, categoryIndex < categories.count, confidenceIndex < confidences.count
            else { return false }
            let status = statuses[statusIndex]

            var disputed = false
            if lookup.mayMatch(Self.u64(chunk, record + 16)) {
                guard let id = idAt(Int64(bitPattern: Self.u64(chunk, record + 24)), Int(Self.u32(chunk, record + 32))) else { return false }
                let (retracted, isDisputed) = id.withUnsafeBytes { lookup.lookup($0) }
                if retracted { continue }
                disputed = isDisputed
            }
            if let knownAt = clock.knownAt, Day(ordinal: Int32(bitPattern: Self.u32(chunk, record + 44))) > knownAt { continue }
            let lower = Day(ordinal: Int32(bitPattern: Self.u32(chunk, record + 36)))
            var uncertain = false
            if let asOf = clock.asOf {
                if lower > asOf { continue }
                if Day(ordinal: Int32(bitPattern: Self.u32(chunk, record + 40))) > asOf {
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

            var currency: (id: Int, text: String)?
            if fields.valueAmount != nil {
                guard let name = key(record, 5) else { return false }
                if currencies[name] == nil { currencies[name] = strings.keys.string(name) }
                currency = (name, currencies[name]!)
            }
            var date = -1
            if status == .delivered || status == .serviced {
                date = Int(Self.u32(chunk, record + 64))
                guard date < canonical.count, canonical[date] < 0 else { return false }
            }
            let quantityUnknown = (status == .ordered || status == .delivered || status == .serviced) && fields.quantity == nil
            let marks = Marks(disputed: disputed, uncertainDate: uncertain, quantityUnknown: quantityUnknown, estimated: fields.quantityEstimated)
            hashes.removeAll(keepingCapacity: true)
            if countSources {
                for s in 0..<sources { hashes.append(Self.u64(chunk, record + ReplayCacheEncoder.recordLength + 8 * s)) }
            }
            guard let deal = key(record, 0) else { return false }
            var index = Int(dealOf[deal])
            if index < 0 {
                guard let supplier = key(record, 1), let recipient = key(record, 2), let system = key(record, 3) else { return false }
                index = keys.count
                dealOf[deal] = Int32(index)
                keys.append(Int32(deal))
                deals.open(deal: deal, supplier: supplier, recipient: recipient, system: system,
                           category: fields.category!, status: status, statusKey: (lower, fields.seq))
            }
            deals.add(index, status: status, fields: fields, lower: lower, dateID: date, sourceHashes: hashes[...],
                      marks: marks, currency: currency)
        }
        return true
    }

    @inline(__always) static func u32(_ chunk: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(littleEndian: chunk.loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }

    @inline(__always) static func u64(_ chunk: UnsafeRawBufferPointer, _ at: Int) -> UInt64 {
        UInt64(littleEndian: chunk.loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }
}
