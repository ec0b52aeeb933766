/// The index of each (supplier, recipient) pair of name ids as pairs are met, without hashing
/// in the usual case: actors get dense numbers as they first appear, and a pair its cell in a
/// square table over them, which is laid out again, wider, as actors appear. Pairs of actors
/// past ``denseLimit`` (by default 2048: a table of at most 4 M cells) go to a dictionary.
struct PairSlots {
    /// The most actors the square table covers.
    let denseLimit: Int

    init(denseLimit: Int = 2048) {
        self.denseLimit = denseLimit
    }

    /// Per name id, the actor's dense number; -1 for a name not met as an actor.
    private var actorOf: [Int32] = []
    private var actorCount = 0
    /// The square table's side, and its cells (a pair's index, -1 for none).
    private var side = 0
    private var cells: [Int32] = []
    /// The pairs once the actors outgrow the table.
    private var sparse: [Int64: Int] = [:]

    /// The index of the pair (`supplier`, `recipient`); `next` (which the caller then appends)
    /// when the pair is new.
    @inline(__always)
    mutating func index(_ supplier: Int32, _ recipient: Int32, next: Int) -> Int {
        let row = actor(supplier), column = actor(recipient)
        if actorCount > side && side < denseLimit { widen() }
        guard row < side, column < side else {
            let key = Int64(supplier) << 32 | Int64(UInt32(bitPattern: recipient))
            if let known = sparse[key] { return known }
            sparse[key] = next
            return next
        }
        let cell = row * side + column
        if cells[cell] < 0 { cells[cell] = Int32(next) }
        return Int(cells[cell])
    }

    @inline(__always)
    private mutating func actor(_ id: Int32) -> Int {
        let id = Int(id)
        if id >= actorOf.count { actorOf.append(contentsOf: repeatElement(-1, count: max(id + 1 - actorOf.count, actorOf.count))) }
        if actorOf[id] < 0 {
            actorOf[id] = Int32(actorCount)
            actorCount += 1
        }
        return Int(actorOf[id])
    }

    /// Lays the table out again, at least twice as wide, keeping every pair's cell.
    private mutating func widen() {
        let wider = min(max(actorCount, side * 2, 16), denseLimit)
        var table = [Int32](repeating: -1, count: wider * wider)
        for row in 0..<side {
            for column in 0..<side { table[row * wider + column] = cells[row * side + column] }
        }
        cells = table
        side = wider
    }
}
