#if canImport(Glibc)
import Glibc
#endif

/// The disposable cache next to a ledger (`<ledger>.index`) that lets `append` validate without
/// re-reading the ledger, in time that does not grow with the number of events.
///
/// Layout (integers little-endian):
///
/// | offset | bytes | field |
/// |---|---|---|
/// | 0 | 8 | magic `ALIDX003` |
/// | 8 | 8 | ledger length in bytes that the index matches |
/// | 16 | 8 | event count (the last `seq`) |
/// | 24 | 32 | the last line's hash |
/// | 56 | 8 | id table capacity in slots (a power of two, at least 64) |
/// | 64 | 8 | entity bucket count (a power of two, at least 16) |
/// | 72 | 8 | heap length in bytes |
/// | 80 | 8 | live heap bytes (those the directory points to) |
/// | 88 | 8 | entity count |
/// | 96 | 16 | seed and mask of the ``IDHash`` the id table was built with |
/// | 112 | 8 | the ``BootID`` of the boot that wrote the index |
/// | 120 | 8 | checksum of bytes 0–119 (``checksum(_:)``) |
/// | 128 | capacity × 16 | the id table: one slot per event (``IDTable``) |
/// | … | buckets × 24 | the bucket directory: per bucket its heap offset (8), length (4), entity count (4) and checksum (8) |
/// | … | heap length | the heap: each bucket's entity facts (``LedgerFacts/encodedEntities()``), plus stale copies |
///
/// The ledger is the only source of truth. The index is used only when its header matches the
/// ledger's current length and last line's hash, its boot, id hash and checksum match, and its
/// file has exactly the length the header implies; otherwise it is rebuilt from a full scan. A
/// probed slot that fails its check, a slot whose line does not confirm it, or a bucket that
/// fails its checksum also means a rebuild.
///
/// An append maps the header, table and directory; probes only the slots of the ids its batch
/// mentions (confirming each match by reading and decoding that ledger line) and decodes only
/// the buckets of the entities (streams, deals, actors, alliances, conflicts) it mentions. After
/// writing the ledger it adds its slots, appends the buckets it changed to the heap, points the
/// directory at them, and writes the header last, so an interrupted update leaves a header that
/// no longer matches. The heap is compacted in place when stale copies outweigh live ones; the
/// whole file is rewritten (to a new file renamed over the old one) when the table would be more
/// than half full or the buckets average more than 64 entities, doubling either.
struct SideIndex {
    static let magic: [UInt8] = Array("ALIDX003".utf8)
    static let headerLength = 128
    static let checksummedLength = 120
    /// The largest table or directory accepted from a header.
    static let maximumCapacity = 1 << 40
    static let directoryEntrySize = 24
    static let minimumBuckets = 16
    /// The average bucket size above which the buckets double.
    static let entitiesPerBucket = 64

    /// The index file's path.
    let path: String
    /// The hash that places ids in the table.
    let idHash: IDHash

    init(ledgerPath: String, idHash: IDHash = .standard) {
        path = ledgerPath + ".index"
        self.idHash = idHash
    }

    /// A power of two of buckets that averages at most half of ``entitiesPerBucket`` entities.
    static func bucketCount(for entities: Int) -> Int {
        var count = minimumBuckets
        while count * entitiesPerBucket < 2 * entities { count *= 2 }
        return count
    }

    /// Where one bucket's bytes lie in the heap.
    struct Bucket: Equatable {
        var offset: Int64
        var length: Int
        var entities: Int
        var checksum: UInt64

        var encoded: [UInt8] {
            var writer = ByteWriter(reservingCapacity: SideIndex.directoryEntrySize)
            writer.uint64(UInt64(offset))
            writer.uint32(UInt32(length))
            writer.uint32(UInt32(entities))
            writer.uint64(checksum)
            return writer.bytes
        }
    }

    /// The fixed-size start of the index file.
    struct Header {
        var ledgerLength: Int64
        var count: Int
        var lastHash: SHA256Digest
        var capacity: Int
        var bucketCount: Int
        var heapLength: Int64
        var liveLength: Int64
        var entityCount: Int
        var idHash: IDHash
        var bootID: UInt64

        /// Where the id table ends and the directory begins.
        var tableEnd: Int64 { Int64(SideIndex.headerLength + capacity * IDTable.slotSize) }
        /// Where the directory ends and the heap begins.
        var heapStart: Int64 { tableEnd + Int64(bucketCount * SideIndex.directoryEntrySize) }
        /// The file's length.
        var fileLength: Int64 { heapStart + heapLength }

        /// The header's bytes, checksum included.
        var encoded: [UInt8] {
            var writer = ByteWriter(reservingCapacity: SideIndex.headerLength)
            writer.raw(SideIndex.magic)
            writer.uint64(UInt64(ledgerLength))
            writer.uint64(UInt64(count))
            writer.digest(lastHash)
            for field in [capacity, bucketCount, Int(heapLength), Int(liveLength), entityCount] { writer.uint64(UInt64(field)) }
            writer.uint64(idHash.seed)
            writer.uint64(idHash.mask)
            writer.uint64(bootID)
            writer.uint64(SideIndex.checksum(writer.bytes))
            return writer.bytes
        }

        /// Reads a header whose checksum and fields are plausible; nil otherwise.
        init?(decoding bytes: [UInt8]) {
            var reader = ByteReader(bytes)
            guard bytes.count == SideIndex.headerLength, reader.bytes(8).map(Array.init) == SideIndex.magic,
                  let length = reader.uint64(), let count = reader.uint64(), let hash = reader.digest(),
                  let capacity = reader.uint64(), let buckets = reader.uint64(), let heap = reader.uint64(),
                  let live = reader.uint64(), let entities = reader.uint64(),
                  let seed = reader.uint64(), let mask = reader.uint64(), let bootID = reader.uint64(),
                  let checksum = reader.uint64(), checksum == SideIndex.checksum(Array(bytes[0..<SideIndex.checksummedLength])),
                  length < 1 << 62, heap < 1 << 40, live <= heap, entities < 1 << 40,
                  capacity >= UInt64(IDTable.minimumCapacity), capacity <= UInt64(SideIndex.maximumCapacity), capacity & (capacity - 1) == 0,
                  buckets >= UInt64(SideIndex.minimumBuckets), buckets <= UInt64(SideIndex.maximumCapacity), buckets & (buckets - 1) == 0,
                  count <= capacity / 2
            else { return nil }
            self.init(ledgerLength: Int64(length), count: Int(count), lastHash: hash, capacity: Int(capacity),
                      bucketCount: Int(buckets), heapLength: Int64(heap), liveLength: Int64(live), entityCount: Int(entities),
                      idHash: IDHash(seed: seed, mask: mask), bootID: bootID)
        }

        init(ledgerLength: Int64, count: Int, lastHash: SHA256Digest, capacity: Int, bucketCount: Int, heapLength: Int64,
             liveLength: Int64, entityCount: Int, idHash: IDHash, bootID: UInt64) {
            self.ledgerLength = ledgerLength
            self.count = count
            self.lastHash = lastHash
            self.capacity = capacity
            self.bucketCount = bucketCount
            self.heapLength = heapLength
            self.liveLength = liveLength
            self.entityCount = entityCount
            self.idHash = idHash
            self.bootID = bootID
        }
    }

    /// A 64-bit checksum of `bytes` (multiply and xor-shift over 8-byte words, then the tail),
    /// so that a damaged header or entity part is never trusted.
    static func checksum(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            var hash = 0xcbf2_9ce4_8422_2325 ^ UInt64(raw.count)
            func mix(_ word: UInt64) {
                hash = (hash ^ word) &* 0x9e37_79b9_7f4a_7c15
                hash ^= hash >> 29
            }
            let words = raw.count / 8
            for index in 0..<words { mix(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))) }
            for byte in raw[(words * 8)...] { mix(UInt64(byte)) }
            return hash
        }
    }

    /// Opens and maps the index when it matches the ledger's `length` and `lastHash`; nil
    /// otherwise. `writable` maps it for ``MappedSideIndex/extend(with:touching:facts:)``.
    func open(ledgerLength: Int64, lastHash: SHA256Digest, writable: Bool) -> MappedSideIndex? {
        guard let file = try? LedgerFileHandle.open(path, flags: writable ? O_RDWR : O_RDONLY),
              let size = try? file.size(),
              let bytes = try? file.read(count: Self.headerLength, at: 0),
              let header = Header(decoding: bytes),
              header.ledgerLength == ledgerLength, header.lastHash == lastHash,
              header.idHash == idHash, header.bootID == BootID.current, size == header.fileLength
        else { return nil }
        return MappedSideIndex(index: self, file: file, header: header, writable: writable)
    }

    /// Writes a complete index for `facts` (after a full scan) from every event's table entry.
    func write(entries: [IDTable.Entry], facts: LedgerFacts) {
        IDTable.withZeroedSlots(capacity: IDTable.capacity(for: entries.count)) { table in
            for entry in entries { table.insert(entry) }
            write(table: table, facts: facts)
        }
    }

    /// Writes a complete index with this table and every entity of `facts` to a temporary file
    /// and renames it over the index. Failures remove the index: it is a cache.
    func write(table: IDTable, facts: LedgerFacts) {
        let bucketCount = Self.bucketCount(for: facts.entityCount)
        let buckets = facts.partitioned(into: bucketCount)
        var heap: [UInt8] = []
        var directory = ByteWriter(reservingCapacity: bucketCount * Self.directoryEntrySize)
        for bucket in 0..<bucketCount {
            let part = buckets[bucket] ?? LedgerFacts()
            let bytes = part.encodedEntities()
            directory.raw(Bucket(offset: Int64(heap.count), length: bytes.count, entities: part.entityCount,
                                 checksum: Self.checksum(bytes)).encoded)
            heap += bytes
        }
        let header = Header(ledgerLength: facts.byteLength, count: facts.count, lastHash: facts.lastHash, capacity: table.capacity,
                            bucketCount: bucketCount, heapLength: Int64(heap.count), liveLength: Int64(heap.count),
                            entityCount: facts.entityCount, idHash: idHash, bootID: BootID.current)
        let temporary = path + ".tmp-\(getpid())"
        do throws(LedgerError) {
            let file = try LedgerFileHandle.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
            try file.write(header.encoded, at: 0)
            try file.write(UnsafeRawBufferPointer(table.slots), at: Int64(Self.headerLength))
            try file.write(directory.bytes, at: header.tableEnd)
            try file.write(heap, at: header.heapStart)
            if header.bootID == 0 { try file.sync() }
            guard rename(temporary, path) == 0 else { throw .io(path: path, operation: "rename", code: errno) }
        } catch {
            unlink(temporary)
            remove()
        }
        removeStaleTemporaries()
    }

    /// Deletes `<index>.tmp-<pid>` files left by writers that were killed before their rename
    /// (their process no longer exists); a live writer's file is left alone.
    func removeStaleTemporaries() {
        StaleTemporaries.remove(of: path)
    }

    /// Deletes the index (the next append rebuilds it).
    func remove() {
        unlink(path)
    }
}

/// Why the side index cannot be trusted; the append that finds it rebuilds the index.
struct SideIndexDamage: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
