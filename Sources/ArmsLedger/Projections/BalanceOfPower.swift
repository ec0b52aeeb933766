/// Two actors side by side at the as-of date: what each received, by category, from whom, which
/// systems (with their ranges), how much in the last five years, the change since an earlier
/// date, the suppliers that armed both, and the allies of one that armed the other.
///
/// ## Method
///
/// **What is counted.** Only events the replay counts at the clock asked for (SPEC section 5):
/// happened by the as-of date D, known at K, not retracted. A *delivery* is a `transfer.delivered`
/// event whose recipient is the side; its `quantity` is the number of *units*. A `service.delivered`
/// (modernisation, repair, upgrade, components) is counted as a *service*, never as units: it
/// works on equipment the side already holds, so adding it would count the same airframe twice.
/// Offers, orders, blocks, declines and cancellations are not deliveries and are not counted.
///
/// **What is never summed as certain.** A delivery without a quantity counts 0 units and marks the
/// sum *quantity unknown* (the units are a lower bound); an estimated quantity marks it *estimated*;
/// a disputed delivery marks it *disputed*; a delivery whose date reaches past D marks it
/// *uncertain date* (``Marks``). The marks travel with every sum they touch, in the tables
/// (letters) and the JSON (booleans), and the brief's sentences say "at least" or "some estimated".
///
/// **Shares.** A supplier's `share` is its part of the side's known units; with no known units it
/// is null (and `deliveries_share`, its part of the side's deliveries and services, still says who
/// dominates). The main supplier is the one with the most known units, else the most deliveries
/// and services, ties by code.
///
/// **Systems.** Every system delivered or serviced to a side, with its category, name, origin and
/// range as the latest counted `system.described` gives them; a range that no description gives
/// is left empty, never guessed. Ordered by range (longest first), then units, then designation.
///
/// **The last five years.** Deliveries whose date (its lower bound, as everywhere in the rule of
/// SPEC section 7) lies from the same calendar day five years before D (29 February falls back
/// to 28) to D, both included. Without an as-of date the window ends at the latest date of a
/// counted event, since "now" would make the view depend on the day it is run. A delivery whose
/// date range starts before the window but reaches into it (including an open start, `../2016-09`)
/// is not counted as recent but reported as *possibly recent*.
///
/// **Change since D0.** The ledger is replayed a second time at D0 with the same known-at date and
/// strictness. The change per category and per system is what was counted at D but not at D0
/// (the deliveries that happened in between), with those deliveries' marks; "then" and "now"
/// are the two replays' sums.
///
/// **Suppliers that armed both sides.** Suppliers with at least one counted delivery or service to
/// each side, at any date up to D.
///
/// **Allies of one side that armed the other.** The rows of ``ObligationsProjection`` whose
/// recipient is one side and whose fellow member cut against is the other: a delivery by a member
/// of a collective-defence alliance, at a date when the other side was a fellow member and in an
/// open conflict with the recipient. Deliveries with an open-start date cannot be placed in time
/// and are not among them.
public struct BalanceOfPower: Sendable {
    /// A sum of deliveries with its marks.
    public struct Tally: Hashable, Sendable {
        /// Units of the `transfer.delivered` events whose quantity is known.
        public var units: Int64 = 0
        /// `transfer.delivered` events.
        public var deliveries: Int = 0
        /// `service.delivered` events.
        public var services: Int = 0
        /// The marks of the events summed (quantity marks only from deliveries).
        public var marks = Marks()
        /// The marks of the services alone (disputed and uncertain date).
        public var serviceMarks = Marks()

        /// An empty tally.
        public init() {}

        /// Adds one counted delivery or service.
        public mutating func add(_ replayed: ReplayedEvent) {
            guard let facts = replayed.event.payload.transfer else { return }
            let eventMarks = Marks(replayed)
            if replayed.event.type == .serviceDelivered {
                services += 1
                let own = Marks(disputed: eventMarks.disputed, uncertainDate: eventMarks.uncertainDate)
                marks.formUnion(own)
                serviceMarks.formUnion(own)
            } else {
                deliveries += 1
                units += facts.quantity ?? 0
                marks.formUnion(eventMarks)
            }
        }

        /// True when nothing was added.
        public var isEmpty: Bool { deliveries == 0 && services == 0 }
    }

    /// A system a side received, with what its description says.
    public struct SystemEntry: Sendable {
        /// The designation.
        public let system: String
        /// The category the deals give.
        public let category: Category
        /// The latest counted `system.described`, if any.
        public let description: SystemDescription?
        /// What the side received of it.
        public internal(set) var tally: Tally

        /// The range in kilometres, when a description gives one.
        public var rangeKm: Double? { description?.rangeKm }
    }

    /// One side's sums.
    public struct Side: Sendable {
        /// The actor.
        public let actor: ActorCode
        /// Its display name.
        public let name: String
        /// The deliveries and services counted for it, in `seq` order.
        public let events: [ReplayedEvent]
        /// Everything together.
        public private(set) var total = Tally()
        /// By category.
        public private(set) var categories: [Category: Tally] = [:]
        /// By supplier.
        public private(set) var suppliers: [ActorCode: Tally] = [:]
        /// By system designation.
        public private(set) var systems: [String: SystemEntry] = [:]

        /// Sums `events` for `actor`; `systems` gives the descriptions.
        public init(actor: ActorCode, name: String, events: [ReplayedEvent], systems descriptions: [String: SystemDescription]) {
            self.actor = actor
            self.name = name
            self.events = events
            for replayed in events {
                guard let facts = replayed.event.payload.transfer else { continue }
                total.add(replayed)
                categories[facts.category, default: Tally()].add(replayed)
                suppliers[facts.supplier, default: Tally()].add(replayed)
                systems[facts.system, default: SystemEntry(system: facts.system, category: facts.category,
                                                           description: descriptions[facts.system], tally: Tally())].tally.add(replayed)
            }
        }

        /// The tally of a category (empty when nothing of it was received).
        public func tally(of category: Category) -> Tally { categories[category] ?? Tally() }

        /// The systems by range (longest first, unknown last), then units, then designation.
        public var rankedSystems: [SystemEntry] {
            systems.values.sorted { a, b in
                let ra = a.rangeKm ?? -1, rb = b.rangeKm ?? -1
                if ra != rb { return ra > rb }
                if a.tally.units != b.tally.units { return a.tally.units > b.tally.units }
                return a.system < b.system
            }
        }

        /// The suppliers by known units, then deliveries and services, then code.
        public var rankedSuppliers: [ActorCode] {
            suppliers.keys.sorted { a, b in
                let ta = suppliers[a]!, tb = suppliers[b]!
                if ta.units != tb.units { return ta.units > tb.units }
                if ta.deliveries + ta.services != tb.deliveries + tb.services {
                    return ta.deliveries + ta.services > tb.deliveries + tb.services
                }
                return a < b
            }
        }

        /// The main supplier (see the method above), or nil when nothing was received.
        public var mainSupplier: ActorCode? { rankedSuppliers.first }

        /// A supplier's share of the side's known units, in thousandths (rounded); nil when the
        /// side has no known units.
        public func unitShare(of supplier: ActorCode) -> Int? {
            guard total.units > 0 else { return nil }
            return BalanceOfPower.permille(suppliers[supplier]?.units ?? 0, of: total.units)
        }

        /// A supplier's share of the side's deliveries and services, in thousandths (rounded);
        /// nil when the side received nothing.
        public func deliveryShare(of supplier: ActorCode) -> Int? {
            let all = total.deliveries + total.services
            guard all > 0 else { return nil }
            let tally = suppliers[supplier] ?? Tally()
            return BalanceOfPower.permille(Int64(tally.deliveries + tally.services), of: Int64(all))
        }
    }

    /// The two sides, in the order asked.
    public let sides: [Side]
    /// The sides summed over what happened between D0 and D only (with `--since`), else nil.
    public let change: [Side]?
    /// The sides as the replay at D0 counts them (with `--since`), else nil.
    public let earlier: [Side]?
    /// The five-year window, both ends included; nil without an as-of date and without any dated event.
    public let recentWindow: ClosedRange<Day>?
    /// Per side: deliveries and services dated within ``recentWindow``.
    public let recent: [Tally]
    /// Per side: deliveries and services whose date range starts before the window and reaches into it.
    public let possiblyRecent: [Tally]
    /// Suppliers that delivered or serviced to both sides, sorted by code.
    public let armedBoth: [ActorCode]
    /// Deliveries by an ally of one side to the other (``ObligationsProjection``), by date.
    public let alliesArmingOtherSide: [ConflictingTransfer]

    /// Sums the two sides.
    ///
    /// - Parameters:
    ///   - projection: The fold at the as-of date D.
    ///   - obligations: The obligations fold at the same clock.
    ///   - sides: The two actors.
    ///   - asOf: D, or nil for the end of time (the five-year window then ends at the latest event).
    ///   - earlier: The fold at D0 (same known-at date), for the change; nil without `--since`.
    public init(_ projection: BalanceOfPowerProjection, obligations: ObligationsProjection,
                sides: (ActorCode, ActorCode), asOf: Day?, earlier: BalanceOfPowerProjection? = nil) {
        let actors = [sides.0, sides.1]
        func side(_ actor: ActorCode, _ events: [ReplayedEvent]) -> Side {
            Side(actor: actor, name: projection.name(of: actor),
                 events: events.filter { $0.event.payload.transfer?.recipient == actor }, systems: projection.systems)
        }
        self.sides = actors.map { side($0, projection.deliveries) }
        if let earlier {
            let then = actors.map { side($0, earlier.deliveries) }
            self.earlier = then
            let thenIDs = Set(earlier.deliveries.map(\.event.id))
            change = actors.map { side($0, projection.deliveries.filter { !thenIDs.contains($0.event.id) }) }
        } else {
            self.earlier = nil
            change = nil
        }

        let end = asOf ?? projection.latestDay
        let window = end.map { BalanceOfPower.fiveYearsBefore($0)...$0 }
        recentWindow = window
        var recent: [Tally] = []
        var possiblyRecent: [Tally] = []
        for side in self.sides {
            var inside = Tally(), straddling = Tally()
            if let window {
                for replayed in side.events {
                    let date = replayed.event.occurred
                    if window.contains(date.lower) {
                        inside.add(replayed)
                    } else if date.lower < window.lowerBound && date.upper >= window.lowerBound {
                        straddling.add(replayed)
                    }
                }
            }
            recent.append(inside)
            possiblyRecent.append(straddling)
        }
        self.recent = recent
        self.possiblyRecent = possiblyRecent

        armedBoth = Set(self.sides[0].suppliers.keys).intersection(self.sides[1].suppliers.keys).sorted()
        var allies: [ConflictingTransfer] = []
        for alliance in obligations.collectiveDefenceAlliances {
            allies += obligations.conflictingTransfers(in: alliance.id) { facts, against in
                (facts.recipient == actors[0] && against == actors[1]) || (facts.recipient == actors[1] && against == actors[0])
            }
        }
        alliesArmingOtherSide = allies.sorted {
            ($0.day, $0.replayed.event.seq, $0.alliance) < ($1.day, $1.replayed.event.seq, $1.alliance)
        }
    }

    /// The same calendar day five years earlier (29 February becomes 28 February).
    static func fiveYearsBefore(_ day: Day) -> Day {
        if day.isOpenEnd { return day }
        let (year, month, dayOfMonth) = day.civil
        return Day(year: year - 5, month: month, day: min(dayOfMonth, Day.lastDay(ofMonth: month, year: year - 5))) ?? day
    }

    /// `part / whole` in thousandths, rounded half up.
    static func permille(_ part: Int64, of whole: Int64) -> Int {
        Int((part * 1000 + whole / 2) / whole)
    }
}
