import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Folds the entries of a ``ReplayCache`` on a clock into the register's deals: the warm
/// replay. The same rules as ``PartFold`` (which reads ledger lines), applied to fixed-size
/// records: a first pass walks the blocks' dictionaries only and gathers the strings and the
/// corrections, then the blocks' deal records are folded in two halves (runs of whole blocks)
/// on two threads, and the halves merge as ``FastRegister``'s do.
struct ReplayCacheFold: @unchecked Sendable {
    let clock: ReplayClock
    let countSources: Bool

    /// A string's place: which chunk, and where in it.
    private struct StringSpan {
        var chunk: Int
        var start: Int
        var count: Int
    }

    /// What the first pass learns and both halves read.
    private struct Strings {
        var spans: [StringSpan] = []
        /// Per string number: the canonical number of a key string — the first string with
        /// the same bytes, as equal keys defined in several sessions share one — or -1 for a
        /// text string.
        var canonical: [Int32] = []
        /// Every key string is ASCII (so that byte equality is `String` equality).
        var isASCII = true

        /// The number of strings.
        var count: Int { spans.count }

        /// The string with `number`.
        func text(_ number: Int, in chunks: [UnsafeRawBufferPointer]) -> String {
            let span = spans[number]
            return String(decoding: chunks[span.chunk][span.start..<(span.start + span.count)], as: UTF8.self)
        }

        /// The bytes of the string with `number`.
        func bytes(_ number: Int, in chunks: [UnsafeRawBufferPointer]) -> UnsafeRawBufferPointer {
            let span = spans[number]
            return UnsafeRawBufferPointer(rebasing: chunks[span.chunk][span.start..<(span.start + span.count)])
        }

        /// Points each key string defined from `number` `laterFrom` on (by sessions after the
        /// first, each of whose key strings are distinct) at the first key string with its bytes.
        /// Only the later strings are interned; the first session's are looked up in them.
        mutating func canonicalize(laterFrom: Int, chunks: [UnsafeRawBufferPointer]) {
            guard laterFrom < count else { return }
            var later = ByteInterner()
            var first: [Int32] = []
            for number in laterFrom..<count where canonical[number] >= 0 {
                let (id, isNew) = later.intern(bytes(number, in: chunks))
                if isNew { first.append(Int32(number)) }
                canonical[number] = Int32(id)
            }
            for number in 0..<laterFrom where canonical[number] >= 0 {
                if let id = later.find(bytes(number, in: chunks)) { first[id] = Int32(number) }
            }
            for number in laterFrom..<count where canonical[number] >= 0 { canonical[number] = first[Int(canonical[number])] }
        }
    }

    /// Where a block's deal records and their ids are.
    private struct RecordPart {
        var chunk: Int
        var records: Range<Int>
        var ids: Range<Int>
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
        var mergedOf = [Int32](repeating: -1, count: strings.count)
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
        func text(_ number: Int) -> String { strings.text(number, in: chunks) }
        return merged.map { deal in
            var copy = deal
            copy.firstText = deal.first.map { text($0.date) }
            copy.lastText = deal.last.map { text($0.date) }
            return (text(deal.deal), copy, (text(deal.supplier), text(deal.recipient), text(deal.system)))
        }
    }

    /// The balance rows of `chunks`, grouped from compact deals (``BalanceDeals``, ``PairTotals``)
    /// without register rows; nil when an entry is malformed or a name is not fit (as
    /// ``FastBalances`` declines).
    func balanceRows(_ chunks: [UnsafeRawBufferPointer], stringCount: Int, splitAbove: Int = 1 << 20) -> [BalanceRow]? {
        guard let (halves, strings) = folded(chunks, stringCount: stringCount, splitAbove: splitAbove, empty: BalanceDeals()),
              strings.isASCII, var merged = halves.first?.deals
        else { return nil }
        // Names are canonical key numbers in every half: only the deals need matching.
        var mergedOf = [Int32](repeating: -1, count: strings.count)
        for (index, key) in halves[0].keys.enumerated() { mergedOf[Int(key)] = Int32(index) }
        for half in halves.dropFirst() {
            var next = merged.deals.count
            let dealMap = half.keys.map { key -> Int in
                if mergedOf[Int(key)] < 0 { mergedOf[Int(key)] = Int32(next); next += 1 }
                return Int(mergedOf[Int(key)])
            }
            merged.absorb(half.deals, dealMap: dealMap, nameMap: nil)
        }
        return PairTotals.rows(merged) { strings.text($0, in: chunks) }
    }

    /// Both passes over `chunks` into tables like `empty`: the halves' tables in order, with
    /// the strings; nil when an entry is malformed.
    private func folded<Table: DealTable>(_ chunks: [UnsafeRawBufferPointer], stringCount: Int, splitAbove: Int,
                                          empty: Table) -> (halves: [Half<Table>], strings: Strings)? {
        // Pass 1: the blocks' dictionaries; pass 2: their records, in two halves of about equal
        // size (whole blocks each).
        guard let (strings, corrections, recordParts) = dictionaries(chunks, stringCount: stringCount) else { return nil }
        let lookup = CorrectionLookup(corrections, clock: clock)

        var segments = [recordParts]
        let total = recordParts.reduce(0) { $0 + $1.records.count }
        if total > splitAbove {
            var before = 0, cut = 0
            while cut < recordParts.count, before + recordParts[cut].records.count / 2 < total / 2 {
                before += recordParts[cut].records.count
                cut += 1
            }
            if cut > 0, cut < recordParts.count { segments = [Array(recordParts[..<cut]), Array(recordParts[cut...])] }
        }
        let shared = strings
        let halves = SendableBox<[Half<Table>?]>(Array(repeating: nil, count: segments.count))
        let input = UncheckedSendable((chunks, segments, empty))
        DispatchQueue.concurrentPerform(iterations: segments.count) { part in
            var half = Half(deals: input.value.2)
            half.failed = !fold(input.value.0, parts: input.value.1[part], strings: shared, lookup: lookup, into: &half.deals,
                                keys: &half.keys)
            halves.set(part, half)
        }
        var result: [Half<Table>] = []
        for part in segments.indices {
            guard let half = halves.take(part), !half.failed else { return nil }
            result.append(half)
        }
        return (result, strings)
    }

    /// The first pass: walks the blocks of `chunks`, reading only their dictionaries (the strings,
    /// made canonical across sessions, and the corrections) and noting where their records are;
    /// nil when a block or an entry is malformed or the strings are not `stringCount`.
    private func dictionaries(_ chunks: [UnsafeRawBufferPointer], stringCount: Int)
        -> (strings: Strings, corrections: CorrectionFacts, recordParts: [RecordPart])? {
        var strings = Strings()
        strings.spans.reserveCapacity(stringCount)
        strings.canonical.reserveCapacity(stringCount)
        var corrections = CorrectionFacts()
        var recordParts: [RecordPart] = []
        var currentSession: UInt64 = 0
        /// The first string defined by a session after the first.
        var laterFrom: Int?
        for (c, chunk) in chunks.enumerated() {
            var block = 0
            while block < chunk.count {
                let header = ReplayCacheEncoder.blockHeaderLength
                guard block + header <= chunk.count, chunk[block] == 5 else { return nil }
                let dictionaryLength = Self.u64(chunk, block + 8), recordsLength = Self.u64(chunk, block + 16)
                let idsLength = Self.u64(chunk, block + 24)
                guard dictionaryLength <= UInt64(chunk.count - block - header),
                      recordsLength <= UInt64(chunk.count - block - header) - dictionaryLength,
                      idsLength <= UInt64(chunk.count - block - header) - dictionaryLength - recordsLength
                else { return nil }
                let dictionaryEnd = block + header + Int(dictionaryLength), recordsEnd = dictionaryEnd + Int(recordsLength)
                let end = recordsEnd + Int(idsLength)
                let definedBefore = strings.spans.count
                // A block continues its session, or opens one at the strings defined so far.
                let session = Self.u64(chunk, block + 32)
                if session != currentSession {
                    guard session == UInt64(definedBefore) else { return nil }
                    if session > 0, laterFrom == nil { laterFrom = definedBefore }
                    currentSession = session
                }
                var p = block + header
                while p < dictionaryEnd {
                    switch chunk[p] {
                    case 2, 4:
                        guard p + 8 <= dictionaryEnd else { return nil }
                        let length = Int(Self.u32(chunk, p + 4))
                        guard p + 8 + length <= dictionaryEnd else { return nil }
                        let number = strings.spans.count
                        strings.spans.append(StringSpan(chunk: c, start: p + 8, count: length))
                        if chunk[p] == 4 {
                            strings.canonical.append(-1)
                        } else {
                            strings.canonical.append(Int32(truncatingIfNeeded: number))
                            if strings.isASCII { strings.isASCII = Self.isASCII(chunk, p + 8, length) }
                        }
                        p += 8 + length
                    case 3:
                        guard p + 16 <= dictionaryEnd else { return nil }
                        let idLength = Int(Self.u32(chunk, p + 8)), targetLength = Int(Self.u32(chunk, p + 12))
                        let entryEnd = p + 16 + idLength + targetLength
                        guard entryEnd <= dictionaryEnd else { return nil }
                        corrections.append(id: UnsafeRawBufferPointer(rebasing: chunk[(p + 16)..<(p + 16 + idLength)]),
                                           target: UnsafeRawBufferPointer(rebasing: chunk[(p + 16 + idLength)..<entryEnd]),
                                           isRetraction: chunk[p + 1] == 1, known: Day(ordinal: Int32(bitPattern: Self.u32(chunk, p + 4))))
                        p = entryEnd
                    default:
                        return nil
                    }
                }
                guard strings.spans.count - definedBefore == Int(Self.u32(chunk, block + 4)) else { return nil }
                if recordsLength > 0 { recordParts.append(RecordPart(chunk: c, records: dictionaryEnd..<recordsEnd, ids: recordsEnd..<end)) }
                block = end
            }
        }
        guard strings.canonical.count == stringCount, stringCount < Int(Int32.max) else { return nil }
        if let laterFrom { strings.canonicalize(laterFrom: laterFrom, chunks: chunks) }
        return (strings, corrections, recordParts)
    }

    /// Folds the deal records in `parts` (ranges of `chunks`) into `deals`, whose canonical deal
    /// numbers go to `keys`. False on a malformed record.
    private func fold<Table: DealTable>(_ chunks: [UnsafeRawBufferPointer], parts: [RecordPart], strings: Strings,
                                        lookup: CorrectionLookup, into deals: inout Table, keys: inout [Int32]) -> Bool {
        var fields = LineFields()
        var hashes: [UInt64] = []
        // Per canonical number: the deal's index in `deals`, the currency's in `currencyTexts`.
        var dealOf = [Int32](repeating: -1, count: strings.count)
        var currencyOf = [Int32](repeating: -1, count: strings.count)
        var currencyTexts: [String] = []
        let statuses = DealStatus.allCases, categories = Category.allCases, confidences = Confidence.allCases
        let canonical = strings.canonical
        for part in parts {
            let chunk = chunks[part.chunk], range = part.records
            /// The canonical number of the key string in a record's slot; nil when out of range or not a key.
            func key(_ record: Int, _ slot: Int) -> Int? {
                let number = Int(Self.u32(chunk, record + 48 + 4 * slot))
                guard number < canonical.count, canonical[number] >= 0 else { return nil }
                return Int(canonical[number])
            }
            var p = range.lowerBound
            while p < range.upperBound {
                guard chunk[p] == 1, p + ReplayCacheEncoder.recordLength <= range.upperBound else { return false }
                let sources = Int(chunk[p + 5])
                let record = p
                p += ReplayCacheEncoder.recordLength + 8 * sources
                guard p <= range.upperBound else { return false }
                let statusIndex = Int(chunk[record + 1]), categoryIndex = Int(chunk[record + 2]) - 1, confidenceIndex = Int(chunk[record + 3])
                guard statusIndex < statuses.count, categoryIndex >= 0, categoryIndex < categories.count, confidenceIndex < confidences.count
                else { return false }
                let status = statuses[statusIndex]

                var disputed = false
                if lookup.mayMatch(Self.u64(chunk, record + 16)) {
                    let idStart = Self.u64(chunk, record + 24), idLength = Int(Self.u32(chunk, record + 32))
                    guard idStart <= UInt64(part.ids.count), idLength <= part.ids.count - Int(idStart) else { return false }
                    let from = part.ids.lowerBound + Int(idStart)
                    let (retracted, isDisputed) = lookup.lookup(UnsafeRawBufferPointer(rebasing: chunk[from..<(from + idLength)]))
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
                    if !Table.keepsCurrencyTexts {
                        currency = (name, "")
                    } else {
                        if currencyOf[name] < 0 {
                            currencyOf[name] = Int32(currencyTexts.count)
                            currencyTexts.append(strings.text(name, in: chunks))
                        }
                        currency = (name, currencyTexts[Int(currencyOf[name])])
                    }
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
        }
        return true
    }

    /// True when the `count` bytes at `start` of `chunk` are ASCII (eight at a time).
    static func isASCII(_ chunk: UnsafeRawBufferPointer, _ start: Int, _ count: Int) -> Bool {
        var p = start
        let end = start + count
        while p + 8 <= end {
            if chunk.loadUnaligned(fromByteOffset: p, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            p += 8
        }
        while p < end {
            if chunk[p] >= 0x80 { return false }
            p += 1
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
