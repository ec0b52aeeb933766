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
        let folded = withEntries(ledger: ledger, clock: clock, countSources: countSources) { fold, chunks, stringCount -> [DealRow]? in
            guard let deals = fold.deals(chunks, stringCount: stringCount, splitAbove: splitAbove) else { return nil }
            return FastRegister.rows(deals, inRegisterOrder: inRegisterOrder)
        }
        return folded.map { FastRegister.Result(rows: $0.result, ignoredTail: $0.ignoredTail) }
    }

    /// The balances' rows on `clock` from the cache, grouped from compact deals without
    /// register rows (``ReplayCacheFold/balanceRows(_:stringCount:splitAbove:)``), or nil as
    /// ``rows(ledger:clock:countSources:inRegisterOrder:splitAbove:)`` (and when a name is not
    /// ASCII): the caller then takes another path.
    func balanceRows(ledger: Ledger, clock: ReplayClock, splitAbove: Int = 1 << 20) -> FastBalances.Result? {
        let folded = withEntries(ledger: ledger, clock: clock, countSources: false) { fold, chunks, stringCount in
            fold.balanceRows(chunks, stringCount: stringCount, splitAbove: splitAbove)
        }
        return folded.map { FastBalances.Result(rows: $0.result, ignoredTail: $0.ignoredTail) }
    }

    /// `body(fold, chunks, stringCount)` over the cache's entries (mapped) and those encoded from
    /// the ledger's lines past it, with the line number of an unterminated last line; nil when
    /// there is no cache that matches, something is not as expected, or `body` gives nil.
    private func withEntries<R>(ledger: Ledger, clock: ReplayClock, countSources: Bool,
                                _ body: (ReplayCacheFold, [UnsafeRawBufferPointer], Int) -> R?) -> (result: R, ignoredTail: Int?)? {
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
        let fold = ReplayCacheFold(clock: clock, countSources: countSources)
        let result = tail.bytes.withUnsafeBytes { tailEntries in
            body(fold, [entries, tailEntries], tail.stringCount)
        }
        return result.map { ($0, ignoredTail) }
    }
}
