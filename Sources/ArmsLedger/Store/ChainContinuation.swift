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
struct ChainContinuation: Equatable {
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
    /// stands. Whether every line does is ``verified(_:input:parallelAbove:)``'s to say.
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

    /// The hash of the batch's last line when every line is written as it stands: each a ledger
    /// line right after the one before it (one `\n` between them), its `seq` the next, its
    /// `prev` the hash stated before it, and its stated `hash` that of its bytes. Nil otherwise.
    func verified(_ inputs: AppendEvents, input: UnsafeRawBufferPointer, parallelAbove: Int = parallelThreshold) -> SHA256Digest? {
        let partCount = inputs.count >= parallelAbove ? 8 : 1
        let bounds = (0...partCount).map { inputs.count * $0 / partCount }
        let verdicts = SendableBox<[Bool?]>(Array(repeating: nil, count: partCount))
        let shared = UncheckedSendable((inputs, input))
        DispatchQueue.concurrentPerform(iterations: partCount) { part in
            let (inputs, input) = shared.value
            verdicts.set(part, continues(inputs, bounds[part]..<bounds[part + 1], input: input))
        }
        for part in 0..<partCount where verdicts.take(part) != true { return nil }
        guard case .ledgerLine(let last)? = inputs.last?.event else { return nil }
        return Self.statedHash(last, in: input)
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

    /// True when every event at `indices` is a ledger line written as it stands, right after
    /// the event before it in the input.
    private func continues(_ inputs: AppendEvents, _ indices: Range<Int>, input: UnsafeRawBufferPointer) -> Bool {
        guard !indices.isEmpty else { return true }
        // The stated hash of the line before, and where its `\n` is.
        var previous: (hash: SHA256Digest, end: Int)?
        if indices.lowerBound > 0 {
            guard case .ledgerLine(let line) = inputs[indices.lowerBound - 1].event,
                  let hash = Self.statedHash(line, in: input) else { return false }
            previous = (hash, line.range.upperBound)
        }
        for index in indices {
            guard case .ledgerLine(let line) = inputs[index].event,
                  // `{"seq":<digits>` is canonical on a checked line, so the value decides the bytes.
                  line.checked.seq == count + 1 + index,
                  line.range.upperBound < input.count, input[line.range.upperBound] == UInt8(ascii: "\n")
            else { return false }
            if let previous {
                guard line.range.lowerBound == previous.end + 1, line.checked.prev == previous.hash else { return false }
            } else if line.checked.prev != lastHash {
                return false
            }
            let bytes = UnsafeRawBufferPointer(rebasing: input[line.range])
            guard let (prefixLength, stated) = LedgerLine.splitHash(bytes),
                  SHA256.hash(UnsafeRawBufferPointer(rebasing: bytes[..<prefixLength])) == stated
            else { return false }
            previous = (stated, line.range.upperBound)
        }
        return true
    }

    /// The `hash` a checked ledger line states.
    private static func statedHash(_ line: AppendInput.CheckedInputLine, in input: UnsafeRawBufferPointer) -> SHA256Digest? {
        LedgerLine.splitHash(UnsafeRawBufferPointer(rebasing: input[line.range]))?.hash
    }
}
