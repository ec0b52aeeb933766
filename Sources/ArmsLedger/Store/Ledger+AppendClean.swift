extension Ledger {
    /// Writes a clean batch (``AppendKeyedCheck``) into `lines`: every event, in order, with its
    /// own stream, none skipped — what the exact pass of ``append(contentsOf:expectVersion:dryRun:now:)``
    /// writes for such a batch, without its per-event facts. Hands each sealed chunk to `pipeline`
    /// and to `sealed`, the last one included (which may write it to the ledger at once: a clean
    /// batch's outcome is decided before it is built).
    ///
    /// - Parameters:
    ///   - chain: the chain's end (`seq` count, last hash, byte length), moved along.
    ///   - appended: the ids written, in order.
    /// - Throws: what `sealed` throws; `lines` then holds the chunks built so far.
    func writeClean(_ inputs: AppendEvents, input: UnsafeRawBufferPointer, into lines: inout BatchBytes,
                    entries: inout [IDTable.Entry], chain: inout (count: Int, lastHash: SHA256Digest, byteLength: Int64),
                    appended: inout [String], pipeline: ReplayCachePipeline?,
                    sealed: (BatchBytes.Chunk) throws(LedgerError) -> Void) throws(LedgerError) {
        let start = chain.byteLength
        entries.reserveCapacity(inputs.count)
        appended.reserveCapacity(inputs.count)
        for (_, event) in inputs {
            let id = event.id
            let lineStart = lines.count
            let hash = event.writeWithOwnStream(into: &lines.current, seq: chain.count + 1, prev: chain.lastHash, input: input)
            entries.append(IDTable.Entry(hash: indexIDHash(id), offset: start + Int64(lineStart)))
            appended.append(id)
            chain.count += 1
            chain.lastHash = hash
            chain.byteLength += Int64(lines.count - lineStart)
            if let chunk = lines.endLine() {
                pipeline?.feed(chunk, at: start + Int64(chunk.offset))
                try sealed(chunk)
            }
        }
        if let chunk = lines.finish() {
            pipeline?.feed(chunk, at: start + Int64(chunk.offset))
            try sealed(chunk)
        }
    }

    /// Writes a clean batch that continues the chain as it stands (``ChainContinuation``, its
    /// `lines` verified): `batch` already holds its chunks, borrowed from the input, and the
    /// replay cache's pipeline has had them. Records what ``writeClean(_:input:into:entries:chain:appended:pipeline:sealed:)``
    /// records and hands each chunk to `sealed`.
    func writeContinuation(_ lines: ChainContinuation.Lines, _ batch: BatchBytes, entries: inout [IDTable.Entry],
                           chain: inout (count: Int, lastHash: SHA256Digest, byteLength: Int64), appended: inout [String],
                           sealed: (BatchBytes.Chunk) throws(LedgerError) -> Void) throws(LedgerError) {
        entries += lines.entries
        appended += lines.ids
        chain = (chain.count + lines.ids.count, lines.lastHash, chain.byteLength + Int64(batch.count))
        for chunk in batch.chunks { try sealed(chunk) }
    }
}
