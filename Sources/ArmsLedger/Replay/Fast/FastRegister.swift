import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The register's rows computed straight from the ledger file: the replay's fast path for
/// `register` and `balances`.
///
/// It gives exactly the rows that ``Replay`` folded into ``RegisterProjection`` gives (tests
/// compare the two on every clock), but it never builds an ``Event``: a first pass over the
/// file picks out the corrections (the only lines decoded in full), a second pass reads each
/// deal event's fields in place (``LineFieldScanner``), and both passes run on the two halves
/// of the file in parallel and merge. Memory grows with the number of deals, not of events.
///
/// Whenever something is out of the ordinary — a line the scanner does not expect, a broken
/// `seq` or `prev` link — it returns nil, and the caller replays the ordinary way, which
/// reports any problem precisely.
public enum FastRegister {
    /// The outcome: the rows, and the line number of an unterminated last line left out.
    public struct Result: Sendable {
        public let rows: [DealRow]
        public let ignoredTail: Int?
    }

    /// The register rows of the ledger at `path` on `clock`, or nil when the fast path declines.
    /// - Parameter countSources: count distinct sources per deal (the register shows them;
    ///   balances do not need them).
    ///   - inRegisterOrder: sort the rows (balances, which group them, do not need it).
    public static func rows(ledgerPath path: String, clock: ReplayClock, countSources: Bool = true,
                            inRegisterOrder: Bool = true) throws(LedgerError) -> Result? {
        let handle = try LedgerFileHandle.open(path, flags: O_RDONLY)
        let size = try handle.size()
        // Four parts on two cores rather than halves: on a million events one half took 0.2 s
        // longer than the other, with the other core idle.
        let ranges = try split(handle, size: size, parts: Self.registerParts)

        // Pass 1: the corrections, decoded in full and kept as bare facts.
        guard let marks = Self.corrections(handle, ranges, clock: clock) else { return nil }

        // Pass 2: the deal events, in place.
        let folds = SendableBox<[PartFold<FastDeals>?]>(Array(repeating: nil, count: ranges.count))
        DispatchQueue.concurrentPerform(iterations: ranges.count) { part in
            var fold = PartFold<FastDeals>(clock: clock, corrections: marks, countSources: countSources)
            let ok = (try? fold.run(handle, range: ranges[part], isLast: part == ranges.count - 1)) ?? false
            folds.set(part, ok ? fold : nil)
        }
        // Merge the parts in order, one at a time, each released once merged (memory holds
        // one part's deals and the merged ones, not every copy at once).
        var merged: [ResolvedDeal] = []
        var position: [String: Int] = [:]
        var chain = ChainJoin()
        var tornTail = false
        for part in ranges.indices {
            guard let fold = folds.take(part),
                  chain.join(firstSeq: fold.firstSeq, firstPrev: fold.firstPrev, lastSeq: fold.lastSeq, lastHash: fold.lastHash)
            else { return nil }
            for resolved in fold.resolved() {
                if let index = position[resolved.key] {
                    merged[index].deal.merge(resolved.deal)
                } else {
                    position[resolved.key] = merged.count
                    merged.append(resolved)
                }
            }
            tornTail = fold.tornTail
        }
        position = [:]
        guard let rows = Self.rows(merged, inRegisterOrder: inRegisterOrder) else { return nil }
        return Result(rows: rows, ignoredTail: tornTail ? chain.lastSeq + 1 : nil)
    }

    /// The parts the register's fast path splits a file into (each at least 1 MB).
    static let registerParts = 4

    /// A deal folded by a fast path, with its id and its supplier, recipient and system.
    typealias ResolvedDeal = (key: String, deal: FastDeal, names: (String, String, String))

    /// The register's rows of whole deals (each deal once), in register order unless
    /// `inRegisterOrder` is false; nil when an actor code is not one.
    static func rows(_ deals: [ResolvedDeal], inRegisterOrder: Bool = true) -> [DealRow]? {
        var rows: [DealRow] = []
        rows.reserveCapacity(deals.count)
        for (key, deal, (supplier, recipient, system)) in deals {
            guard let supplierCode = ActorCode(supplier), let recipientCode = ActorCode(recipient) else { return nil }
            let basis: DealRow.ValueBasis? = deal.hasOrderedValue ? .ordered : deal.hasDeliveredValue ? .delivered : nil
            let values = basis == .ordered ? deal.orderedValues : deal.deliveredValues
            rows.append(DealRow(
                deal: key, supplier: supplierCode, recipient: recipientCode, system: system,
                category: deal.category, status: deal.status, ordered: deal.ordered, delivered: deal.delivered,
                orderedQuantityUnknown: deal.orderedUnknown, deliveredQuantityUnknown: deal.deliveredUnknown,
                firstDelivery: deal.firstText.flatMap { try? EDTFDate(parsing: $0) },
                lastDelivery: deal.lastText.flatMap { try? EDTFDate(parsing: $0) },
                value: Units.sum(values.map { Money(amount: $0.amount, currency: $0.currency) }), valueBasis: basis,
                confidence: deal.confidence, sources: deal.sources.count, events: deal.events, marks: deal.marks))
        }
        return inRegisterOrder ? DealRow.sortedInRegisterOrder(rows) : rows
    }

    /// Splits the file into up to `parts` ranges of about the same size, each ending on a line
    /// boundary (a file of at most `smallest` bytes is one range).
    static func split(_ handle: LedgerFileHandle, size: Int64, parts: Int = 2, smallest: Int64 = 1 << 20) throws(LedgerError) -> [Range<Int64>] {
        guard size > smallest, parts > 1 else { return [0..<size] }
        var ranges: [Range<Int64>] = []
        var start: Int64 = 0
        for part in 1..<parts {
            let middle = max(start, size * Int64(part) / Int64(parts))
            guard middle < size else { break }
            let probe = try handle.read(count: 1 << 20, at: middle)
            guard let newline = probe.firstIndex(of: 0x0A) else { break }
            let cut = middle + Int64(newline) + 1
            guard cut < size else { break }
            ranges.append(start..<cut)
            start = cut
        }
        ranges.append(start..<size)
        return ranges
    }

    /// `read` of each range on its own thread, the results in order and not joined (a caller
    /// that takes only some of the elements copies no others); nil when any part gives nil or throws.
    static func partsInParallel<T>(_ handle: LedgerFileHandle, _ ranges: [Range<Int64>],
                                   _ read: @Sendable (LedgerFileHandle, Range<Int64>) throws(LedgerError) -> [T]?) -> [[T]]? {
        let parts = SendableBox<[[T]?]>(Array(repeating: nil, count: ranges.count))
        DispatchQueue.concurrentPerform(iterations: ranges.count) { part in
            parts.set(part, try? read(handle, ranges[part]))
        }
        var results: [[T]] = []
        results.reserveCapacity(ranges.count)
        for index in ranges.indices {
            guard let part = parts.take(index) else { return nil }
            results.append(part)
        }
        return results
    }

    /// The corrections of the ledger that `clock` knows, settled, from its parts read in
    /// parallel (pass 1 of the fast paths); nil when a correction line does not decode.
    /// The facts are gone once settled: only the targets stay.
    static func corrections(_ handle: LedgerFileHandle, _ ranges: [Range<Int64>], clock: ReplayClock) -> CorrectionLookup? {
        let parts = SendableBox<[CorrectionFacts?]>(Array(repeating: nil, count: ranges.count))
        DispatchQueue.concurrentPerform(iterations: ranges.count) { part in
            parts.set(part, try? corrections(handle, range: ranges[part]))
        }
        var facts = CorrectionFacts()
        for part in ranges.indices {
            guard let part = parts.take(part) else { return nil }
            facts.append(contentsOf: part)
        }
        return CorrectionLookup(facts, clock: clock)
    }

    /// The corrections in a range, each decoded in full and kept in ``CorrectionFacts``;
    /// throws or returns nil on a bad line.
    static func corrections(_ handle: LedgerFileHandle, range: Range<Int64>) throws(LedgerError) -> CorrectionFacts? {
        var facts = CorrectionFacts()
        let read: [Void]? = try correctionLines(handle, range: range) { line in
            guard let fact = CorrectionFact(line: line) else { return nil }
            facts.append(fact)
            return ()
        }
        return read == nil ? nil : facts
    }

    /// The correction events in a range, decoded in full (for the ordinary replay's
    /// ``CorrectionIndex``), followed by the lines of the `also` types; throws or returns nil
    /// on a bad line.
    static func correctionEvents(_ handle: LedgerFileHandle, range: Range<Int64>,
                                 also: Set<EventType> = []) throws(LedgerError) -> [Event]? {
        try correctionLines(handle, range: range, also: also, decode: Ledger.decode)
    }

    /// `decode` of every correction line in a range (and of every line of the `also` types);
    /// nil when one does not decode.
    private static func correctionLines<T>(_ handle: LedgerFileHandle, range: Range<Int64>, also: Set<EventType> = [],
                                           decode: (UnsafeRawBufferPointer) -> T?) throws(LedgerError) -> [T]? {
        var results: [T] = []
        var failed = false
        let alsoTypes = EventTypeSet(also)
        let reader = LineReader(descriptor: handle.descriptor, path: handle.path, limit: range.upperBound, start: range.lowerBound)
        try reader.forEachLine { (_, bytes, terminated, _) throws(LedgerError) -> Bool in
            guard terminated else { return false }
            guard let type = Ledger.type(bytes), type.isCorrection || alsoTypes.contains(type) else { return true }
            guard let result = decode(bytes) else {
                failed = true
                return false
            }
            results.append(result)
            return true
        }
        return failed ? nil : results
    }

    /// True when the line's type is `event.disputed` or `event.retracted`.
    static func isCorrection(_ line: UnsafeRawBufferPointer) -> Bool {
        Ledger.type(line)?.isCorrection ?? false
    }
}

/// A value handed to the parallel parts as is: raw buffers or closures that the caller keeps
/// alive and that no two parts use at once.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A value shared by the parallel parts, each writing only its own slot.
final class SendableBox<Value>: @unchecked Sendable {
    private(set) var value: Value
    private let lock = NSLockLike()
    init(_ value: Value) { self.value = value }
    func set<Element>(_ index: Int, _ element: Element) where Value == [Element] {
        lock.withLock { value[index] = element }
    }
    /// Takes an element out, leaving nil (so that its memory can go).
    func take<Element>(_ index: Int) -> Element? where Value == [Element?] {
        lock.withLock {
            let element = value[index]
            value[index] = nil
            return element
        }
    }
}

/// A tiny mutex over `pthread_mutex_t`.
final class NSLockLike: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}
