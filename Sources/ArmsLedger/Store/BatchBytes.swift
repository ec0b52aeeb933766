/// The bytes an append writes, built line by line in chunks of about ``chunkSize`` bytes that
/// each end on a line boundary.
///
/// Chunks let the lines already built be handed to another thread (the replay cache's encoder,
/// ``ReplayCachePipeline``) while the append goes on building, without copying them and without
/// one ever-growing buffer that is moved as it grows; they are written in order, one `pwrite`
/// each. A batch whose lines are already the ledger's lines byte for byte
/// (``ChainContinuation``) borrows its chunks from the input instead of building them
/// (``borrow(_:)``).
struct BatchBytes: Sendable {
    /// About how many bytes a chunk holds before it is sealed.
    static let defaultChunkSize = 4 << 20

    /// The sealed chunks, in order.
    private(set) var chunks: [Chunk] = []
    /// The chunk being built; events append their lines here.
    var current: [UInt8] = []
    /// The bytes in sealed chunks.
    private var sealedCount = 0
    /// About how many bytes a chunk holds.
    let chunkSize: Int

    /// A sealed chunk: its offset in the batch and its bytes, built by the append or borrowed
    /// from its input.
    struct Chunk: @unchecked Sendable {
        private enum Storage {
            case owned([UInt8])
            /// Input bytes that outlive every use of the chunk: the append that borrows them
            /// waits for each thread it hands them to (see ``ReplayCachePipeline/cancel()``).
            case borrowed(UnsafeRawBufferPointer)
        }

        /// Where the chunk starts in the batch.
        let offset: Int
        private let storage: Storage

        init(offset: Int, owned bytes: [UInt8]) {
            self.offset = offset
            storage = .owned(bytes)
        }

        fileprivate init(offset: Int, borrowed bytes: UnsafeRawBufferPointer) {
            self.offset = offset
            storage = .borrowed(bytes)
        }

        /// The chunk's length in bytes.
        var count: Int {
            switch storage {
            case .owned(let bytes): bytes.count
            case .borrowed(let bytes): bytes.count
            }
        }

        /// Calls `body` with the chunk's bytes.
        func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
            switch storage {
            case .owned(let bytes):
                let result: Result<R, E> = bytes.withUnsafeBytes { raw in
                    do throws(E) { return .success(try body(raw)) } catch { return .failure(error) }
                }
                return try result.get()
            case .borrowed(let bytes):
                return try body(bytes)
            }
        }
    }

    /// An empty batch; `expected` is about how many bytes it will hold (room is made for the
    /// first chunk only).
    init(chunkSize: Int = Self.defaultChunkSize, expected: Int = 0) {
        self.chunkSize = chunkSize
        current.reserveCapacity(min(expected, chunkSize + 4096))
    }

    /// The batch's length so far.
    var count: Int { sealedCount + current.count }

    /// True when no line has been added.
    var isEmpty: Bool { count == 0 }

    /// Ends the line just added to ``current``: when the chunk has reached ``chunkSize``, seals
    /// it and returns it.
    mutating func endLine() -> Chunk? {
        current.count >= chunkSize ? seal() : nil
    }

    /// Seals the chunk being built, unless it is empty, and returns it.
    mutating func finish() -> Chunk? {
        current.isEmpty ? nil : seal()
    }

    /// Adds complete lines that are not copied: `bytes` must stay valid and unchanged for as
    /// long as the batch and its chunks are used. No line may be in ``current``.
    mutating func borrow(_ bytes: UnsafeRawBufferPointer) -> Chunk {
        precondition(current.isEmpty, "lines are borrowed only between sealed chunks")
        let chunk = Chunk(offset: sealedCount, borrowed: bytes)
        chunks.append(chunk)
        sealedCount += bytes.count
        return chunk
    }

    private mutating func seal() -> Chunk {
        let chunk = Chunk(offset: sealedCount, owned: current)
        chunks.append(chunk)
        sealedCount += current.count
        current = []
        current.reserveCapacity(chunkSize + 4096)
        return chunk
    }
}
