/// The values of the deals of a balances-only fold: per deal, a short linked list of cells,
/// one per (currency, basis) the deal has seen, each with its running sum. A deal usually has
/// one to three, and they all share one array, so a deal costs 16 bytes per cell and no
/// allocation of its own.
struct ValueCells {
    /// One (currency, basis) sum of one deal.
    struct Cell {
        var amount: Int64
        /// The next cell of the same deal; -1 ends the list.
        var next: Int32
        /// The currency's id times two, plus one for the ordered basis.
        var key: Int32
    }

    private(set) var cells: [Cell] = []

    /// Adds `amount` to the deal's cell for (`currency`, `ordered`), creating it at the head of
    /// the list that starts at `head` when new. Sums saturate as ``Units/add(_:_:)`` does.
    @inline(__always)
    mutating func add(_ amount: Int64, currency: Int, ordered: Bool, head: inout Int32) {
        let key = Int32(truncatingIfNeeded: currency &* 2 &+ (ordered ? 1 : 0))
        var index = head
        while index >= 0 {
            if cells[Int(index)].key == key {
                cells[Int(index)].amount = Units.add(cells[Int(index)].amount, amount)
                return
            }
            index = cells[Int(index)].next
        }
        cells.append(Cell(amount: amount, next: head, key: key))
        head = Int32(cells.count - 1)
    }

    /// The number of cells of all deals.
    var count: Int { cells.count }

    /// Makes room for `capacity` cells in all.
    mutating func reserveCapacity(_ capacity: Int) {
        cells.reserveCapacity(capacity)
    }

    /// Calls `body(amount, currency, ordered)` for each cell of the list that starts at `head`.
    func forEach(from head: Int32, _ body: (Int64, Int, Bool) -> Void) {
        var index = head
        while index >= 0 {
            let cell = cells[Int(index)]
            body(cell.amount, Int(cell.key >> 1), cell.key & 1 == 1)
            index = cell.next
        }
    }
}
