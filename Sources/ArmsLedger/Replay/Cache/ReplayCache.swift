#if canImport(Glibc)
import Glibc
#endif

/// The disposable binary form of a ledger's deal events next to it (`<ledger>.index.replay`),
/// from which `register` and `balances` replay without reading the ledger: the *warm* replay.
///
/// Layout (integers little-endian):
///
/// | offset | bytes | field |
/// |---|---|---|
/// | 0 | 8 | magic `ALRPC004` |
/// | 8 | 8 | ledger length in bytes that the entries cover |
/// | 16 | 8 | event count (the last `seq` covered) |
/// | 24 | 32 | the hash of the last line covered |
/// | 56 | 8 | length of the entries in bytes |
/// | 64 | 8 | number of strings the entries define |
/// | 72 | 8 | the ``BootID`` of the boot that wrote the file |
/// | 80 | 8 | number of deal records |
/// | 88 | 8 | 1 when the cache *declines* (below), else 0 |
/// | 96 | 8 | checksum of bytes 0–95 (``SideIndex/checksum(_:)``) |
/// | 104 | … | the entries (``ReplayCacheEncoder``): blocks, each a dictionary of strings and corrections then deal records, in ledger order |
///
/// The ledger is the only source of truth; the file is a cache, and it is trusted only when
/// its header's checksum and boot match and the ledger line that ends at the covered length
/// has the covered hash. When the ledger has grown since (an append by a tool that does not
/// keep the cache, or an append in progress), the lines past the covered length are encoded
/// on the fly and folded after the entries; anything else means the ordinary fast path.
///
/// `append` keeps the file: it extends it after every write (entries first, then the header,
/// so an interrupted update leaves a header that still describes a prefix) and rewrites it
/// whole, to a temporary file renamed over it, whenever it does not match. It is never
/// fsynced: after a reboot (a new boot id) it is rebuilt, as the side index is.
///
/// A ledger holding a line the fast reader does not take (an escape in a system's name, say)
/// gets a *declining* cache: a header with no entries that only records how far the ledger was
/// found unfit. Readers ignore it; appends move its header along without reading anything, so
/// such a ledger is not rescanned on every append.
public struct ReplayCache {
    static let magic: [UInt8] = Array("ALRPC004".utf8)
    static let headerLength = 104
    static let checksummedLength = 96

    /// The cache file's path.
    public let path: String

    /// The cache of the ledger at `ledgerPath`.
    public init(ledgerPath: String) {
        path = ledgerPath + ".index.replay"
    }

    /// The fixed-size start of the file.
    struct Header: Equatable {
        var ledgerLength: Int64
        var count: Int
        var lastHash: SHA256Digest
        var entriesLength: Int64
        var stringCount: Int
        var bootID: UInt64
        var recordCount: Int
        /// The ledger up to `ledgerLength` cannot be cached; there are no entries.
        var declining = false

        /// The header of a cache of nothing (an empty ledger).
        static var empty: Header {
            Header(ledgerLength: 0, count: 0, lastHash: .zero, entriesLength: 0, stringCount: 0, bootID: BootID.current, recordCount: 0)
        }

        /// The header of a declining cache of the ledger up to its chain end `(length, count, lastHash)`.
        static func declining(ledgerLength: Int64, count: Int, lastHash: SHA256Digest) -> Header {
            Header(ledgerLength: ledgerLength, count: count, lastHash: lastHash, entriesLength: 0, stringCount: 0,
                   bootID: BootID.current, recordCount: 0, declining: true)
        }

        var encoded: [UInt8] {
            var writer = ByteWriter(reservingCapacity: ReplayCache.headerLength)
            writer.raw(ReplayCache.magic)
            writer.uint64(UInt64(ledgerLength))
            writer.uint64(UInt64(count))
            writer.digest(lastHash)
            for field in [Int(entriesLength), stringCount, Int(truncatingIfNeeded: bootID), recordCount, declining ? 1 : 0] {
                writer.uint64(UInt64(truncatingIfNeeded: field))
            }
            writer.uint64(SideIndex.checksum(writer.bytes))
            return writer.bytes
        }

        /// Reads a header whose checksum and fields are plausible; nil otherwise.
        init?(decoding bytes: [UInt8]) {
            var reader = ByteReader(bytes)
            guard bytes.count == ReplayCache.headerLength, reader.bytes(8).map(Array.init) == ReplayCache.magic,
                  let length = reader.uint64(), let count = reader.uint64(), let hash = reader.digest(),
                  let entries = reader.uint64(), let strings = reader.uint64(), let bootID = reader.uint64(),
                  let records = reader.uint64(), let declining = reader.uint64(), declining <= 1, let checksum = reader.uint64(),
                  checksum == SideIndex.checksum(Array(bytes[0..<ReplayCache.checksummedLength])),
                  length < 1 << 62, count < 1 << 40, entries < 1 << 40, strings < 1 << 31, records < 1 << 40
            else { return nil }
            self.init(ledgerLength: Int64(length), count: Int(count), lastHash: hash, entriesLength: Int64(entries),
                      stringCount: Int(strings), bootID: bootID, recordCount: Int(records), declining: declining == 1)
        }

        init(ledgerLength: Int64, count: Int, lastHash: SHA256Digest, entriesLength: Int64, stringCount: Int,
             bootID: UInt64, recordCount: Int, declining: Bool = false) {
            self.ledgerLength = ledgerLength
            self.count = count
            self.lastHash = lastHash
            self.entriesLength = entriesLength
            self.stringCount = stringCount
            self.bootID = bootID
            self.recordCount = recordCount
            self.declining = declining
        }
    }

    /// The header, when the file exists, is whole, was written in this boot and covers a
    /// prefix of the ledger open at `ledger` (of `ledgerSize` bytes) that ends in its hash.
    func header(_ file: LedgerFileHandle, ledger: Ledger, handle: LedgerFileHandle, ledgerSize: Int64) -> Header? {
        guard let bytes = try? file.read(count: Self.headerLength, at: 0), let header = Header(decoding: bytes),
              header.bootID == BootID.current, header.ledgerLength <= ledgerSize,
              let size = try? file.size(), size >= Int64(Self.headerLength) + header.entriesLength
        else { return nil }
        if header.ledgerLength == 0 { return header.count == 0 && header.lastHash == .zero ? header : nil }
        guard let hash = try? ledger.lastHash(handle, size: header.ledgerLength), hash == header.lastHash else { return nil }
        return header
    }

    /// Writes a whole cache (header and entries) to a temporary file and renames it over the
    /// cache. Failures remove the cache.
    func write(header: Header, entries: [UInt8]) {
        let temporary = path + ".tmp-\(getpid())"
        do throws(LedgerError) {
            let file = try LedgerFileHandle.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
            try file.write(header.encoded, at: 0)
            try file.write(entries, at: Int64(Self.headerLength))
            guard rename(temporary, path) == 0 else { throw .io(path: path, operation: "rename", code: errno) }
        } catch {
            unlink(temporary)
            remove()
        }
        StaleTemporaries.remove(of: path)
    }

    /// Adds `entries` after the covered ones and then writes `header`: a reader that read the
    /// old header still finds its entries unchanged. Failures remove the cache.
    func extend(_ file: LedgerFileHandle, from old: Header, to header: Header, entries: [UInt8]) {
        do throws(LedgerError) {
            try file.write(entries, at: Int64(Self.headerLength) + old.entriesLength)
            try file.write(header.encoded, at: 0)
        } catch {
            remove()
        }
    }

    /// Deletes the cache (the next append rebuilds it).
    public func remove() {
        unlink(path)
    }
}
