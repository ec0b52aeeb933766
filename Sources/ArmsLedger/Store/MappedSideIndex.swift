#if canImport(Glibc)
import Glibc
#endif

/// A side index that matched its ledger, opened for one append: the header, id table and bucket
/// directory mapped into memory, so that looking up an id touches only its slots and an entity
/// only its bucket.
final class MappedSideIndex {
    let index: SideIndex
    let header: SideIndex.Header
    private let file: LedgerFileHandle
    private let mapping: UnsafeMutableRawBufferPointer
    private let table: IDTable
    private let writable: Bool
    /// The buckets decoded so far.
    private var loadedBuckets: Set<Int> = []

    init?(index: SideIndex, file: LedgerFileHandle, header: SideIndex.Header, writable: Bool) {
        let length = Int(header.heapStart)
        let address = mmap(nil, length, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, file.descriptor, 0)
        guard let address, address != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        mapping = UnsafeMutableRawBufferPointer(start: address, count: length)
        table = IDTable(slots: UnsafeMutableRawBufferPointer(rebasing: mapping[SideIndex.headerLength..<Int(header.tableEnd)]))
        self.writable = writable
        self.index = index
        self.file = file
        self.header = header
    }

    deinit {
        munmap(mapping.baseAddress, mapping.count)
    }

    /// Facts holding the chain's end and no entities or ids yet.
    var emptyFacts: LedgerFacts {
        var facts = LedgerFacts()
        facts.count = header.count
        facts.lastHash = header.lastHash
        facts.byteLength = header.ledgerLength
        return facts
    }

    // MARK: Ids

    /// Adds to `facts.ids` each of `ids` that the ledger holds and `facts` does not know yet:
    /// probes the table, and confirms a matching slot by reading and decoding its ledger line
    /// (which also gives the event's stream and content hash).
    /// - Throws: ``SideIndexDamage`` when a slot or the line it points to is not what it should be.
    func resolve(_ ids: some Sequence<String>, into facts: inout LedgerFacts, ledger: LedgerFileHandle) throws(SideIndexDamage) {
        for id in ids where facts.ids[id] == nil {
            let hash = index.idHash(id)
            var found: LedgerFacts.IDRecord?
            _ = try table.find(hash) { (offset) throws(SideIndexDamage) -> Bool in
                let content = try event(at: offset, ledger: ledger)
                if content.id == id {
                    found = LedgerFacts.IDRecord(contentHash: content.contentHash, stream: content.stream)
                    return true
                }
                guard index.idHash(content.id) == hash else { throw SideIndexDamage("a slot points to the line of another id") }
                return false  // a true collision: keep probing
            }
            if let found { facts.ids[id] = found }
        }
    }

    /// The event whose line starts at `offset` in the ledger.
    private func event(at offset: Int64, ledger: LedgerFileHandle) throws(SideIndexDamage) -> EventContent {
        guard offset < header.ledgerLength else { throw SideIndexDamage("a slot points past the ledger's end") }
        let start = max(offset - 1, 0)
        var chunk = 4096
        while true {
            let count = Int(min(Int64(chunk), header.ledgerLength - start))
            guard let bytes = try? ledger.read(count: count, at: start), bytes.count == count else {
                throw SideIndexDamage("cannot read the ledger line a slot points to")
            }
            let lineStart = Int(offset - start)
            guard offset == 0 || bytes[0] == 0x0A else { throw SideIndexDamage("a slot points inside a line") }
            if let end = bytes[lineStart...].firstIndex(of: 0x0A) {
                let decoded = bytes[lineStart..<end].withUnsafeBytes { line -> EventDecoder.Decoded? in
                    guard let value = try? JSONParser.parse(line), case .success(let decoded) = EventDecoder.decodeLine(value) else { return nil }
                    return decoded
                }
                guard let decoded else { throw SideIndexDamage("a slot points to a line that is not an event") }
                return decoded.content
            }
            guard start + Int64(count) < header.ledgerLength else { throw SideIndexDamage("a slot points to an unterminated line") }
            chunk *= 2
        }
    }

    // MARK: Entities

    /// Decodes into `facts` the buckets that hold `keys` (entity keys, ``LedgerFacts/entityKeys(of:)``).
    func loadEntities(_ keys: some Sequence<String>, into facts: inout LedgerFacts) throws(SideIndexDamage) {
        for key in keys {
            try loadBucket(LedgerFacts.bucket(of: key, count: header.bucketCount), into: &facts)
        }
    }

    /// Notes that the facts given to ``extend(with:touching:facts:)`` hold every entity (after a full scan).
    func assumeAllEntitiesLoaded() {
        loadedBuckets = Set(0..<header.bucketCount)
    }

    /// Decodes every bucket into `facts`.
    func loadAllEntities(into facts: inout LedgerFacts) throws(SideIndexDamage) {
        for bucket in 0..<header.bucketCount { try loadBucket(bucket, into: &facts) }
    }

    private func loadBucket(_ bucket: Int, into facts: inout LedgerFacts) throws(SideIndexDamage) {
        guard !loadedBuckets.contains(bucket) else { return }
        let entry = directoryEntry(bucket)
        guard entry.offset >= 0, entry.offset + Int64(entry.length) <= header.heapLength,
              let bytes = try? file.read(count: entry.length, at: header.heapStart + entry.offset), bytes.count == entry.length,
              SideIndex.checksum(bytes) == entry.checksum, facts.mergeEntities(bytes)
        else { throw SideIndexDamage("bucket \(bucket) is damaged") }
        loadedBuckets.insert(bucket)
    }

    private func directoryEntry(_ bucket: Int) -> SideIndex.Bucket {
        let base = Int(header.tableEnd) + bucket * SideIndex.directoryEntrySize
        func load<T: FixedWidthInteger>(_ at: Int, _: T.Type) -> T { T(littleEndian: mapping.loadUnaligned(fromByteOffset: base + at, as: T.self)) }
        return SideIndex.Bucket(offset: Int64(load(0, UInt64.self) & (1 << 62 - 1)), length: Int(load(8, UInt32.self)),
                                entities: Int(load(12, UInt32.self)), checksum: load(16, UInt64.self))
    }

    // MARK: Extending

    /// Records a batch that has been written to the ledger: inserts its `entries` into the table,
    /// rewrites the buckets of the entity keys it `touched` (all loaded before the batch was
    /// checked) from `facts`, then writes the header. Grows, compacts or rewrites as the type's
    /// documentation says. Failures remove the index (the next append rebuilds it).
    func extend(with entries: [IDTable.Entry], touching touched: some Sequence<String>, facts: LedgerFacts) {
        extend(with: entries, touchingBuckets: Set(touched.map { LedgerFacts.bucket(of: $0, count: header.bucketCount) }), facts: facts)
    }

    /// ``extend(with:touching:facts:)`` with the buckets of the keys touched already found.
    func extend(with entries: [IDTable.Entry], touchingBuckets dirty: Set<Int>, facts: LedgerFacts) {
        guard writable else { return }
        guard header.count + entries.count == facts.count, dirty.isSubset(of: loadedBuckets) else { return index.remove() }
        var updated = header
        updated.ledgerLength = facts.byteLength
        updated.count = facts.count
        updated.lastHash = facts.lastHash
        updated.bootID = BootID.current
        var rewritten: [(bucket: Int, bytes: [UInt8], entities: Int)] = []
        let parts = facts.partitioned(into: header.bucketCount)
        for bucket in dirty.sorted() {
            let part = parts[bucket] ?? LedgerFacts()
            let bytes = part.encodedEntities()
            let old = directoryEntry(bucket)
            updated.entityCount += part.entityCount - old.entities
            updated.liveLength += Int64(bytes.count - old.length)
            rewritten.append((bucket, bytes, part.entityCount))
        }
        if 2 * facts.count > table.capacity || updated.entityCount > SideIndex.entitiesPerBucket * header.bucketCount {
            return rewriteAll(with: entries, facts: facts)
        }
        for entry in entries { table.insert(entry) }
        do throws(LedgerError) {
            if updated.heapLength + Int64(rewritten.reduce(0) { $0 + $1.bytes.count }) > 2 * updated.liveLength + 65_536 {
                try compactHeap(replacing: rewritten, header: &updated)
            } else {
                for (bucket, bytes, entities) in rewritten {
                    try file.write(bytes, at: header.heapStart + updated.heapLength)
                    setDirectoryEntry(bucket, SideIndex.Bucket(offset: updated.heapLength, length: bytes.count, entities: entities,
                                                               checksum: SideIndex.checksum(bytes)))
                    updated.heapLength += Int64(bytes.count)
                }
            }
            if updated.bootID == 0 { try file.sync() }
            try file.write(updated.encoded, at: 0)
        } catch {
            index.remove()
        }
    }

    /// Rewrites the heap with only live buckets (the `rewritten` ones with their new bytes).
    private func compactHeap(replacing rewritten: [(bucket: Int, bytes: [UInt8], entities: Int)], header updated: inout SideIndex.Header) throws(LedgerError) {
        let old = try file.read(count: Int(header.heapLength), at: header.heapStart)
        let replacements = Dictionary(uniqueKeysWithValues: rewritten.map { ($0.bucket, ($0.bytes, $0.entities)) })
        var heap: [UInt8] = []
        heap.reserveCapacity(Int(updated.liveLength))
        var entries: [SideIndex.Bucket] = []
        for bucket in 0..<header.bucketCount {
            var entry = directoryEntry(bucket)
            let bytes: [UInt8]
            if let (new, entities) = replacements[bucket] {
                bytes = new
                entry.entities = entities
                entry.checksum = SideIndex.checksum(new)
            } else {
                guard entry.offset + Int64(entry.length) <= Int64(old.count) else { throw .io(path: index.path, operation: "compact", code: EIO) }
                bytes = Array(old[Int(entry.offset)..<(Int(entry.offset) + entry.length)])
            }
            entry.offset = Int64(heap.count)
            entry.length = bytes.count
            entries.append(entry)
            heap += bytes
        }
        try file.write(heap, at: header.heapStart)
        try file.truncate(to: header.heapStart + Int64(heap.count))
        for (bucket, entry) in entries.enumerated() { setDirectoryEntry(bucket, entry) }
        updated.heapLength = Int64(heap.count)
        updated.liveLength = Int64(heap.count)
    }

    private func setDirectoryEntry(_ bucket: Int, _ entry: SideIndex.Bucket) {
        let base = Int(header.tableEnd) + bucket * SideIndex.directoryEntrySize
        UnsafeMutableRawBufferPointer(rebasing: mapping[base..<(base + SideIndex.directoryEntrySize)]).copyBytes(from: entry.encoded)
    }

    /// Writes a whole new index: a table with room (doubled when needed) and every entity.
    private func rewriteAll(with entries: [IDTable.Entry], facts: LedgerFacts) {
        var full = facts
        // The buckets not loaded yet hold nothing the batch touched.
        guard (try? loadAllEntities(into: &full)) != nil else { return index.remove() }
        let capacity = max(table.capacity, IDTable.capacity(for: facts.count))
        let written: Bool = IDTable.withZeroedSlots(capacity: capacity) { bigger in
            guard (try? table.forEachEntry(bigger.insert)) != nil else { return false }
            for entry in entries { bigger.insert(entry) }
            index.write(table: bigger, facts: full)
            return true
        }
        if !written { index.remove() }
    }
}
