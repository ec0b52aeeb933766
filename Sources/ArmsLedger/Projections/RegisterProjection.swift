/// The trade register: one ``DealRow`` per deal with at least one counted event (SIPRI
/// trade-register style, SPEC section 7 `register`).
///
/// Only deal events (the `transfer.*` types and `service.delivered`) are folded; everything
/// else the replay hands over is ignored. A deal whose every event is retracted, not yet known
/// or not yet happened has no row.
///
/// ```swift
/// var register = RegisterProjection()
/// replay.fold(&register)
/// for row in register.rows { print(row.deal, row.status) }
/// ```
public struct RegisterProjection: Projection, Sendable {
    private var deals: [String: Accumulator] = [:]

    /// An empty register.
    public init() {}

    /// Folds one counted event; non-deal events are ignored.
    public mutating func apply(_ replayed: ReplayedEvent) {
        let event = replayed.event
        guard let facts = event.payload.transfer, let status = DealStatus(event.type) else { return }
        if deals[facts.deal] == nil { deals[facts.deal] = Accumulator(facts: facts, status: status, event: event) }
        deals[facts.deal]!.add(replayed, facts: facts, status: status)
    }

    /// The rows, sorted by supplier, recipient, system, deal.
    public var rows: [DealRow] {
        deals.values.map(\.row).sorted(by: DealRow.registerOrder)
    }

    /// The row of one deal, or nil when the deal has no counted event.
    public func row(for deal: String) -> DealRow? { deals[deal]?.row }

    /// The running state of one deal.
    private struct Accumulator: Sendable {
        var facts: TransferFacts
        var status: DealStatus
        /// The lower bound and seq of the event that set ``status``.
        var statusKey: (lower: Day, seq: Int)
        var ordered: Int64 = 0
        var delivered: Int64 = 0
        var orderedUnknown = false
        var deliveredUnknown = false
        var first: (date: EDTFDate, seq: Int)?
        var last: (date: EDTFDate, seq: Int)?
        var orderedValues: [Money] = []
        var deliveredValues: [Money] = []
        var confidence = Confidence.confirmed
        var sources: Set<Source> = []
        var events = 0
        var marks = Marks()

        init(facts: TransferFacts, status: DealStatus, event: Event) {
            self.facts = facts
            self.status = status
            statusKey = (event.occurred.lower, event.seq)
        }

        mutating func add(_ replayed: ReplayedEvent, facts: TransferFacts, status: DealStatus) {
            let event = replayed.event
            self.facts = facts
            // Events arrive in seq order, so on an equal lower bound the later one wins.
            if event.occurred.lower >= statusKey.lower {
                self.status = status
                statusKey = (event.occurred.lower, event.seq)
            }
            switch status {
            case .ordered:
                if let quantity = facts.quantity { ordered = Units.add(ordered, quantity) } else { orderedUnknown = true }
                if let value = facts.value { orderedValues.append(value) }
            case .delivered, .serviced:
                if let quantity = facts.quantity { delivered = Units.add(delivered, quantity) } else { deliveredUnknown = true }
                if let value = facts.value { deliveredValues.append(value) }
                let lower = event.occurred.lower
                if first == nil || lower < first!.date.lower { first = (event.occurred, event.seq) }
                if last == nil || lower >= last!.date.lower { last = (event.occurred, event.seq) }
            default:
                break
            }
            confidence = max(confidence, event.confidence)
            sources.formUnion(event.sources)
            events += 1
            marks.formUnion(Marks(replayed))
        }

        var row: DealRow {
            let basis: DealRow.ValueBasis? = !orderedValues.isEmpty ? .ordered : !deliveredValues.isEmpty ? .delivered : nil
            return DealRow(
                deal: facts.deal, supplier: facts.supplier, recipient: facts.recipient, system: facts.system,
                category: facts.category, status: status, ordered: ordered, delivered: delivered,
                orderedQuantityUnknown: orderedUnknown, deliveredQuantityUnknown: deliveredUnknown,
                firstDelivery: first?.date, lastDelivery: last?.date,
                value: Units.sum(basis == .ordered ? orderedValues : deliveredValues), valueBasis: basis,
                confidence: confidence, sources: sources.count, events: events, marks: marks)
        }
    }
}
