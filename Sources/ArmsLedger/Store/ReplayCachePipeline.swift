import Dispatch

/// Encodes an append's lines into ``ReplayCache`` entries on another thread while the append is
/// still checking and building the rest of its batch, so that bringing the cache up to the
/// batch after the write costs little more than writing it.
///
/// It starts from the cache header the append found before building (``base``); the append
/// hands it each sealed chunk of ``BatchBytes`` in order. The result is used only when the
/// cache, looked at again after the write, still continues from ``base``
/// (``Ledger/keepReplayCache(_:start:batch:count:lastHash:pipeline:)``): then it is exactly
/// the encoder that encoding the whole batch there would give.
final class ReplayCachePipeline: @unchecked Sendable {
    /// The header the encoding continues.
    let base: ReplayCache.Header
    // `encoder` and `declined` are touched only on `queue` (and read after `finish` drains it).
    private var encoder: ReplayCacheEncoder
    private var declined = false
    private let queue = DispatchQueue(label: "armsledger.replay-cache-pipeline")
    private let lock = NSLockLike()
    /// Set by ``cancel()`` from the append's thread; chunks not yet begun are then skipped.
    private var cancelled = false

    /// A pipeline continuing the cache described by `base`.
    init(continuing base: ReplayCache.Header) {
        self.base = base
        encoder = ReplayCacheEncoder(continuing: base)
    }

    /// Encodes, on the pipeline's thread, a chunk of complete lines that starts `offset` bytes
    /// into the ledger; chunks must come in order. A chunk that borrows the append's input is
    /// read until ``finish()`` or ``cancel()`` returns, and not after.
    func feed(_ chunk: BatchBytes.Chunk, at offset: Int64) {
        queue.async { [self] in
            guard !declined, !lock.withLock({ cancelled }) else { return }
            if !chunk.withUnsafeBytes({ Ledger.encode($0, at: offset, into: &encoder) }) { declined = true }
        }
    }

    /// ``feed(_:at:)`` with bytes of its own.
    func feed(_ bytes: [UInt8], at offset: Int64) {
        feed(BatchBytes.Chunk(offset: 0, owned: bytes), at: offset)
    }

    /// Gives up: the batch will not be written. Chunks not yet begun are skipped; waits only for
    /// the one being encoded, if any, so that no chunk is read once it returns.
    func cancel() {
        lock.withLock { cancelled = true }
        queue.sync {}
    }

    /// Waits until every chunk fed is encoded; returns the encoder, or nil when a line was
    /// declined (the cache cannot hold the batch) or the pipeline was cancelled (chunks may
    /// have been skipped).
    func finish() -> ReplayCacheEncoder? {
        queue.sync { declined || lock.withLock({ cancelled }) ? nil : encoder }
    }
}
