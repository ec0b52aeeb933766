/// The bytes an append writes, built line by line in chunks of about ``chunkSize`` bytes that
/// each end on a line boundary.
///
/// Chunks let the lines already built be handed to another thread (the replay cache's encoder,
/// ``ReplayCachePipeline``) while the append goes on building, without copying them and without
/// one ever-growing buffer that is moved as it grows; they are written in order, one `pwrite`
/// each.
struct BatchBytes {
    /// About how many bytes a chunk holds before it is sealed.
    static let defaultChunkSize = 4 << 20

    /// The sealed chunks, in order, each with its offset in the batch.
    private(set) var chunks: [(offset: Int, bytes: [UInt8])] = []
    /// The chunk being built; events append their lines here.
    var current: [UInt8] = []
    /// The bytes in sealed chunks.
    private var sealedCount = 0
    private let chunkSize: Int

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
    /// it and returns it with its offset.
    mutating func endLine() -> (offset: Int, bytes: [UInt8])? {
        current.count >= chunkSize ? seal() : nil
    }

    /// Seals the chunk being built, unless it is empty, and returns it with its offset.
    mutating func finish() -> (offset: Int, bytes: [UInt8])? {
        current.isEmpty ? nil : seal()
    }

    private mutating func seal() -> (offset: Int, bytes: [UInt8]) {
        let chunk = (offset: sealedCount, bytes: current)
        chunks.append(chunk)
        sealedCount += current.count
        current = []
        current.reserveCapacity(chunkSize + 4096)
        return chunk
    }
}
