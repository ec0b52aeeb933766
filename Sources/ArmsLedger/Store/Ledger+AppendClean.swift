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
    /// lines verified to end in `lastHash`): `lines` already holds its chunks, borrowed from
    /// `input`, and the replay cache's pipeline has had them. Records what ``writeClean(_:input:into:entries:chain:appended:pipeline:sealed:)``
    /// records and hands each chunk to `sealed`.
    func writeContinuation(_ inputs: AppendEvents, _ continuation: ChainContinuation, lastHash: SHA256Digest, lines: BatchBytes,
                           entries: inout [IDTable.Entry], chain: inout (count: Int, lastHash: SHA256Digest, byteLength: Int64),
                           appended: inout [String], sealed: (BatchBytes.Chunk) throws(LedgerError) -> Void) throws(LedgerError) {
        let start = chain.byteLength
        entries.reserveCapacity(inputs.count)
        appended.reserveCapacity(inputs.count)
        for (_, event) in inputs {
            guard case .ledgerLine(let line) = event else { preconditionFailure("a continuation holds ledger lines only") }
            let offset = line.range.lowerBound - continuation.bytes.lowerBound
            entries.append(IDTable.Entry(hash: indexIDHash(line.checked.id), offset: start + Int64(offset)))
            appended.append(line.checked.id)
        }
        chain = (chain.count + inputs.count, lastHash, start + Int64(continuation.bytes.count))
        for chunk in lines.chunks { try sealed(chunk) }
    }
}
