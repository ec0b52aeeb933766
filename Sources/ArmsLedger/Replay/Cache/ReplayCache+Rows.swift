#if canImport(Glibc)
import Glibc
#endif

extension ReplayCache {
    /// The register's rows on `clock` from the cache (and the ledger's lines past it), or nil
    /// when there is no cache that matches the ledger, or anything in it or past it is not as
    /// expected: the caller then reads the ledger itself.
    /// - Parameter splitAbove: the cache size from which the records are folded on two threads.
    func rows(ledger: Ledger, clock: ReplayClock, countSources: Bool, inRegisterOrder: Bool = true,
              splitAbove: Int = 1 << 20) -> FastRegister.Result? {
        guard let handle = try? LedgerFileHandle.open(ledger.path, flags: O_RDONLY), let size = try? handle.size(),
              let file = try? LedgerFileHandle.open(path, flags: O_RDONLY),
              let header = header(file, ledger: ledger, handle: handle, ledgerSize: size), !header.declining
        else { return nil }

        // The ledger's lines past the cache, encoded the same way (normally none).
        var tail = ReplayCacheEncoder(continuing: header)
        var ignoredTail: Int?
        if size > header.ledgerLength {
            guard size - header.ledgerLength <= 1 << 30, let bytes = try? handle.read(count: Int(size - header.ledgerLength), at: header.ledgerLength),
                  bytes.count == Int(size - header.ledgerLength)
            else { return nil }
            let complete = bytes.withUnsafeBytes { raw -> Bool in
                var start = 0
                while start < raw.count {
                    guard let newline = raw[start...].firstIndex(of: 0x0A) else {
                        ignoredTail = tail.lastSeq + 1
                        return true
                    }
                    guard tail.add(line: UnsafeRawBufferPointer(rebasing: raw[start..<newline]), offset: header.ledgerLength + Int64(start)) else { return false }
                    start = newline + 1
                }
                return true
            }
            guard complete else { return nil }
        }

        let length = Self.headerLength + Int(header.entriesLength)
        guard let address = mmap(nil, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, file.descriptor, 0),
              address != UnsafeMutableRawPointer(bitPattern: -1)
        else { return nil }
        defer { munmap(address, length) }
        let entries = UnsafeRawBufferPointer(start: address + Self.headerLength, count: Int(header.entriesLength))
        let ledgerHandle = handle
        let fold = ReplayCacheFold(clock: clock, countSources: countSources) { offset, length in
            guard let line = try? ledgerHandle.read(count: length, at: offset) else { return nil }
            return Self.id(ofLine: line)
        }
        let deals = tail.bytes.withUnsafeBytes { tailEntries in
            fold.deals([entries, tailEntries], stringCount: tail.stringCount, splitAbove: splitAbove)
        }
        guard let deals, let rows = FastRegister.rows(deals, inRegisterOrder: inRegisterOrder) else { return nil }
        return FastRegister.Result(rows: rows, ignoredTail: ignoredTail)
    }

    /// The `id` of a canonical ledger line (`{"seq":N,"id":"…",…`), or nil.
    static func id(ofLine line: [UInt8]) -> [UInt8]? {
        let opening = Array(#"{"seq":"#.utf8), marker = Array(#","id":""#.utf8)
        guard line.starts(with: opening) else { return nil }
        var p = opening.count
        while p < line.count, line[p] >= 0x30, line[p] <= 0x39 { p += 1 }
        guard line[p...].starts(with: marker) else { return nil }
        p += marker.count
        guard let close = line[p...].firstIndex(of: 0x22) else { return nil }
        return Array(line[p..<close])
    }
}
