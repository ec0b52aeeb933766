extension Ledger {
    /// Writes a clean batch (``AppendKeyedCheck``): every event, in order, with its own stream,
    /// none skipped — what the exact pass of ``append(contentsOf:expectVersion:dryRun:now:)``
    /// writes for such a batch, without its per-event facts. Hands each sealed chunk to
    /// `pipeline`. Returns false when an event cannot be written (the exact pass then decides).
    ///
    /// - Parameters:
    ///   - chain: the chain's end (`seq` count, last hash, byte length), moved along.
    ///   - firstStream: set to the first event's stream and its count before the batch.
    ///   - appended: the ids written, in order.
    func writeClean(_ inputs: AppendEvents, input: UnsafeRawBufferPointer, now: Timestamp,
                    into lines: inout BatchBytes, entries: inout [IDTable.Entry],
                    chain: inout (count: Int, lastHash: SHA256Digest, byteLength: Int64),
                    firstStream: inout (stream: String, count: Int)?, appended: inout [String],
                    facts: LedgerFacts, pipeline: ReplayCachePipeline?) -> Bool {
        let start = chain.byteLength
        entries.reserveCapacity(inputs.count)
        appended.reserveCapacity(inputs.count)
        for (_, event) in inputs {
            let (id, stream) = (event.id, event.stream)
            if firstStream == nil { firstStream = (stream, facts.count(ofStream: stream)) }
            let lineStart = lines.count
            let written = event.write(into: &lines.current, seq: chain.count + 1, prev: chain.lastHash, stream: stream,
                                      input: input, now: now)
            guard case .success(let hash) = written else { return false }
            entries.append(IDTable.Entry(hash: indexIDHash(id), offset: start + Int64(lineStart)))
            appended.append(id)
            chain.count += 1
            chain.lastHash = hash
            chain.byteLength += Int64(lines.count - lineStart)
            if let chunk = lines.endLine() { pipeline?.feed(chunk.bytes, at: start + Int64(chunk.offset)) }
        }
        if let chunk = lines.finish() { pipeline?.feed(chunk.bytes, at: start + Int64(chunk.offset)) }
        return true
    }
}
