#if canImport(Glibc)
import Glibc
#endif

extension Ledger {
    /// Brings the ``ReplayCache`` up to the ledger after an append (or a dry run): extends it
    /// with `batch` (the lines just written at `start`, empty for a dry run) when it covered the
    /// ledger up to `start`, else rewrites it from the whole ledger. `count` and `lastHash` are
    /// the chain's end after the batch. Called under the ledger's lock. Never fails: a ledger the
    /// cache cannot hold gets a declining cache (moved along at no cost by later appends), a
    /// cache that cannot be written is removed, and replay reads the ledger.
    ///
    /// `pipeline`, when given, has already encoded `batch` from its ``ReplayCachePipeline/base``;
    /// its encoder is used where the cache continues from that very header.
    func keepReplayCache(_ handle: LedgerFileHandle, start: Int64, batch: BatchBytes, count: Int, lastHash: SHA256Digest,
                         pipeline: ReplayCachePipeline? = nil) {
        let cache = ReplayCache(ledgerPath: path)
        let end = start + Int64(batch.count)
        // The encoder of `batch` continuing `header`: the pipeline's when it started there.
        func encoded(continuing header: ReplayCache.Header) -> ReplayCacheEncoder? {
            if let pipeline, pipeline.base == header { return pipeline.finish() }
            var encoder = ReplayCacheEncoder(continuing: header)
            for chunk in batch.chunks where !chunk.withUnsafeBytes({ Self.encode($0, at: start + Int64(chunk.offset), into: &encoder) }) {
                return nil
            }
            return encoder
        }
        let declining = ReplayCache.Header.declining(ledgerLength: end, count: count, lastHash: lastHash)
        if let file = try? LedgerFileHandle.open(cache.path, flags: O_RDWR),
           let header = cache.header(file, ledger: self, handle: handle, ledgerSize: end) {
            if header.ledgerLength == end { return }
            if header.ledgerLength == start {
                if header.declining { return cache.extend(file, from: header, to: declining, entries: []) }
                if var encoder = encoded(continuing: header), let updated = encoder.header(after: header) {
                    encoder.sealBlock()
                    cache.extend(file, from: header, to: updated, entries: encoder.bytes)
                } else {
                    cache.write(header: declining, entries: [])
                }
                return
            }
        }
        if start == 0 {
            // The batch is the whole ledger: encode it from memory rather than read it back.
            guard var encoder = encoded(continuing: .empty), let header = encoder.header(after: .empty) else {
                return cache.write(header: declining, entries: [])
            }
            encoder.sealBlock()
            return cache.write(header: header, entries: encoder.bytes)
        }
        rebuildReplayCache(handle, length: end, declining: declining)
    }

    /// Writes the cache anew from the first `length` bytes of the ledger (`declining` when the
    /// fast reader does not take one of its lines).
    private func rebuildReplayCache(_ handle: LedgerFileHandle, length: Int64, declining: ReplayCache.Header) {
        let cache = ReplayCache(ledgerPath: path)
        var encoder = ReplayCacheEncoder(continuing: .empty)
        var ok = true
        let reader = LineReader(descriptor: handle.descriptor, path: path, limit: length, start: 0)
        do throws(LedgerError) {
            try reader.forEachLine { (_, bytes, terminated, offset) throws(LedgerError) -> Bool in
                guard terminated, encoder.add(line: bytes, offset: offset) else { ok = false; return false }
                return true
            }
        } catch {
            return cache.remove()
        }
        guard ok, encoder.ledgerLength == length, let header = encoder.header(after: .empty) else {
            return cache.write(header: declining, entries: [])
        }
        encoder.sealBlock()
        cache.write(header: header, entries: encoder.bytes)
    }

    /// The header a ``ReplayCachePipeline`` for a batch written at `start` continues from: the
    /// cache's when it covers the ledger exactly up to `start` (and is not declining), the
    /// empty cache's for an empty ledger; nil when the cache will be rebuilt or left as it is.
    /// Called under the ledger's lock, before the batch is written.
    func replayCacheBase(_ handle: LedgerFileHandle, start: Int64) -> ReplayCache.Header? {
        let cache = ReplayCache(ledgerPath: path)
        if let file = try? LedgerFileHandle.open(cache.path, flags: O_RDONLY),
           let header = cache.header(file, ledger: self, handle: handle, ledgerSize: start),
           header.ledgerLength == start, !header.declining {
            return header
        }
        return start == 0 ? .empty : nil
    }

    /// Encodes the complete lines of `batch`, which starts at `start` in the ledger.
    static func encode(_ batch: [UInt8], at start: Int64, into encoder: inout ReplayCacheEncoder) -> Bool {
        batch.withUnsafeBytes { encode($0, at: start, into: &encoder) }
    }

    /// Encodes the complete lines of `raw`, which starts at `start` in the ledger.
    static func encode(_ raw: UnsafeRawBufferPointer, at start: Int64, into encoder: inout ReplayCacheEncoder) -> Bool {
        var from = 0
        while from < raw.count {
            guard let newline = raw.firstNewline(in: from..<raw.count),
                  encoder.add(line: UnsafeRawBufferPointer(rebasing: raw[from..<newline]), offset: start + Int64(from))
            else { return false }
            from = newline + 1
        }
        return true
    }
}
