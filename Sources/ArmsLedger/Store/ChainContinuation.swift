import Dispatch

/// A clean batch whose input already holds, byte for byte, the ledger lines the append would
/// write: lines that continue this ledger's chain, as a mirror's or a backup's tail does, or a
/// whole ledger appended to an empty one.
///
/// An append writes each line of the ledger's layout with its own `seq`, `prev` and `hash`
/// (``AppendInput/writeWithOwnStream(into:seq:prev:input:)``); the rest of the line is kept.
/// So when a line's `seq` is the next one, its `prev` the hash of the line before it (the
/// ledger's last line for the first), and its `hash` that of its own bytes, the line written is
/// the line read. Such a batch is written from the input as it stands: no line is copied, and
/// each line's hash, which needs nothing but the line itself once every `prev` is known to be
/// the stated hash before it, is checked on every core rather than one line after another.
///
/// Anything else (a `seq` or `prev` that moves, a wrong hash, blank lines or `\r\n` between
/// lines, a line that is not in the ledger's layout) is written by the ordinary path, which
/// gives every line its place in this chain.
struct ChainContinuation {
    /// The input bytes the batch writes, should it continue the chain: its lines, each followed
    /// by its `\n`.
    let bytes: Range<Int>
    /// The `seq` count and last hash of the chain the batch may continue.
    let count: Int
    let lastHash: SHA256Digest

    /// Batches of at least this many lines are checked in parts on every core.
    static let parallelThreshold = 2_000

    /// The batch `inputs` when its first and last lines fit after a chain of `count` lines that
    /// ends in `lastHash` (a few comparisons); nil when it cannot continue that chain as it
    /// stands. Whether every line does is ``verified(_:input:idHash:at:parallelAbove:)``'s to say.
    ///
    /// - Parameters:
    ///   - inputs: a batch's events, in input order.
    ///   - input: the bytes the events were checked in.
    init?(_ inputs: AppendEvents, input: UnsafeRawBufferPointer, count: Int, lastHash: SHA256Digest) {
        guard case .ledgerLine(let first)? = inputs.first?.event, case .ledgerLine(let last)? = inputs.last?.event,
              first.checked.seq == count + 1, first.checked.prev == lastHash,
              last.checked.seq == count + inputs.count, last.range.upperBound < input.count,
              input[last.range.upperBound] == UInt8(ascii: "\n")
        else { return nil }
        bytes = first.range.lowerBound..<(last.range.upperBound + 1)
        self.count = count
        self.lastHash = lastHash
    }

    /// What writing a verified continuation records (``verified(_:input:idHash:at:parallelAbove:)``).
    struct Lines {
        /// The hash of the batch's last line.
        let lastHash: SHA256Digest
        /// The side index's entry of each line, in order.
        let entries: [IDTable.Entry]
        /// Each line's id, in order.
        let ids: [String]
    }

    /// The batch's lines when every one is written as it stands: each a ledger line right after
    /// the one before it (one `\n` between them), its `seq` the next, its `prev` the hash stated
    /// before it, and its stated `hash` that of its bytes. Nil otherwise. Their side-index
    /// entries (ids hashed with `idHash`, the batch written at `offset` in the ledger) and ids
    /// are gathered on the same pass, on every core.
    func verified(_ inputs: AppendEvents, input: UnsafeRawBufferPointer, idHash: IDHash, at offset: Int64,
                  parallelAbove: Int = parallelThreshold) -> Lines? {
        let partCount = inputs.count >= parallelAbove ? 8 : 1
        let bounds = (0...partCount).map { inputs.count * $0 / partCount }
        let parts = SendableBox<[(entries: [IDTable.Entry], ids: [String])?]>(Array(repeating: nil, count: partCount))
        let shared = UncheckedSendable((inputs, input))
        DispatchQueue.concurrentPerform(iterations: partCount) { part in
            let (inputs, input) = shared.value
            parts.set(part, continues(inputs, bounds[part]..<bounds[part + 1], input: input, idHash: idHash,
                                      offset: offset - Int64(bytes.lowerBound)))
        }
        var entries: [IDTable.Entry] = [], ids: [String] = []
        entries.reserveCapacity(inputs.count)
        ids.reserveCapacity(inputs.count)
        for part in 0..<partCount {
            guard let lines = parts.take(part) else { return nil }
            entries += lines.entries
            ids += lines.ids
        }
        guard case .ledgerLine(let last)? = inputs.last?.event, let lastHash = Self.statedHash(last, in: input) else { return nil }
        return Lines(lastHash: lastHash, entries: entries, ids: ids)
    }

    /// Cuts ``bytes`` into chunks of about `lines`' chunk size, each ending after a line's `\n`,
    /// borrowed by `lines` (which must be empty) from `input`; returns them in order.
    func borrow(into lines: inout BatchBytes, from input: UnsafeRawBufferPointer) -> [BatchBytes.Chunk] {
        var chunks: [BatchBytes.Chunk] = []
        var from = bytes.lowerBound
        while from < bytes.upperBound {
            var end = min(from + lines.chunkSize, bytes.upperBound)
            if end < bytes.upperBound {
                // The `\n` at or after `end - 1`; the last byte of `bytes` is one.
                end = (input.firstNewline(in: (end - 1)..<bytes.upperBound) ?? bytes.upperBound - 1) + 1
            }
            chunks.append(lines.borrow(UnsafeRawBufferPointer(rebasing: input[from..<end])))
            from = end
        }
        return chunks
    }

    /// The side-index entries and ids of the events at `indices` when each is a ledger line
    /// written as it stands, right after the event before it in the input; nil otherwise.
    /// `offset` is where byte 0 of the input would be in the ledger.
    private func continues(_ inputs: AppendEvents, _ indices: Range<Int>, input: UnsafeRawBufferPointer, idHash: IDHash,
                           offset: Int64) -> (entries: [IDTable.Entry], ids: [String])? {
        var entries: [IDTable.Entry] = [], ids: [String] = []
        entries.reserveCapacity(indices.count)
        ids.reserveCapacity(indices.count)
        guard !indices.isEmpty else { return (entries, ids) }
        // The stated hash of the line before, and where its `\n` is.
        var previous: (hash: SHA256Digest, end: Int)?
        if indices.lowerBound > 0 {
            guard case .ledgerLine(let line) = inputs[indices.lowerBound - 1].event,
                  let hash = Self.statedHash(line, in: input) else { return nil }
            previous = (hash, line.range.upperBound)
        }
        for index in indices {
            guard case .ledgerLine(let line) = inputs[index].event,
                  // `{"seq":<digits>` is canonical on a checked line, so the value decides the bytes.
                  line.checked.seq == count + 1 + index,
                  line.range.upperBound < input.count, input[line.range.upperBound] == UInt8(ascii: "\n")
            else { return nil }
            if let previous {
                guard line.range.lowerBound == previous.end + 1, line.checked.prev == previous.hash else { return nil }
            } else if line.checked.prev != lastHash {
                return nil
            }
            let bytes = UnsafeRawBufferPointer(rebasing: input[line.range])
            guard let (prefixLength, stated) = LedgerLine.splitHash(bytes),
                  SHA256.hash(UnsafeRawBufferPointer(rebasing: bytes[..<prefixLength])) == stated
            else { return nil }
            previous = (stated, line.range.upperBound)
            entries.append(IDTable.Entry(hash: idHash(line.checked.id), offset: offset + Int64(line.range.lowerBound)))
            ids.append(line.checked.id)
        }
        return (entries, ids)
    }

    /// The `hash` a checked ledger line states.
    private static func statedHash(_ line: AppendInput.CheckedInputLine, in input: UnsafeRawBufferPointer) -> SHA256Digest? {
        LedgerLine.splitHash(UnsafeRawBufferPointer(rebasing: input[line.range]))?.hash
    }
}
