/// Builds the `balance-of-power A B` view (SPEC section 7) as a ``Report``: the tables of
/// ``BalanceOfPower`` and a three-to-six-sentence brief generated from its numbers (shown after
/// the tables).
///
/// JSON (keys fixed by SPEC section 7 first, in this order):
/// `{"as_of", "known_at", "since", "sides": [{"actor", "categories": {"<category>": {"delivered",
/// "deliveries", "services", marks…}}, "suppliers": {"<actor>": {"delivered", "share", …}}, "name",
/// "total", "systems", "recent", "change"}], "armed_both", "allies_arming_other_side", "brief"}`.
/// `delivered` counts units of known quantity; marks are the four booleans of ``Marks``.
public enum BalanceOfPowerReport {
    /// Replays `events` at `clock` (and at `since` with the same known-at date) and builds the report.
    ///
    /// - Parameters:
    ///   - events: Every event of the ledger.
    ///   - clock: The as-of and known-at clock.
    ///   - sides: The two actors, in the order they are shown.
    ///   - since: `--since D0`: also show the change from D0 (its last day) to the as-of date.
    /// - Returns: The report.
    /// - Throws: ``BalanceOfPowerError/unknownActor(_:suggestion:)`` when no event names a side,
    ///   ``BalanceOfPowerError/sameActor(_:)`` when both sides are one actor, and
    ///   ``BalanceOfPowerError/sinceNotBeforeAsOf(since:asOf:)`` when D0 is not before the as-of date.
    public static func make(events: [Event], clock: ReplayClock, sides: (ActorCode, ActorCode),
                            since: EDTFDate?) throws(BalanceOfPowerError) -> Report {
        let known = knownActors(in: events)
        for actor in [sides.0, sides.1] where !known.contains(actor) {
            let near = EditDistance.nearest(to: actor.rawValue, among: known.sorted().map(\.rawValue)).flatMap(ActorCode.init)
            throw .unknownActor(actor, suggestion: near)
        }
        if sides.0 == sides.1 { throw .sameActor(sides.0) }
        if let since, let asOf = clock.asOf, since.upper >= asOf {
            throw .sinceNotBeforeAsOf(since: since.text, asOf: clock.asOfLabel ?? asOf.description)
        }

        let replay = Replay(events: events, clock: clock)
        var projection = BalanceOfPowerProjection()
        var obligations = ObligationsProjection()
        replay.fold(&projection, &obligations)
        var earlier: BalanceOfPowerProjection?
        if let since {
            var thenClock = ReplayClock(asOf: since.upper, knownAt: clock.knownAt, strictDates: clock.strictDates)
            thenClock.asOfLabel = since.text
            thenClock.knownAtLabel = clock.knownAtLabel
            var then = BalanceOfPowerProjection()
            Replay(events: events, clock: thenClock).fold(&then)
            earlier = then
        }
        let balance = BalanceOfPower(projection, obligations: obligations, sides: sides, asOf: clock.asOf, earlier: earlier)
        return report(balance, clock: clock, since: since)
    }

    /// Every actor an event of the ledger names (at any date, known or not: a side the ledger
    /// mentions only later is not a typo).
    static func knownActors(in events: [Event]) -> Set<ActorCode> {
        var actors: Set<ActorCode> = []
        for event in events {
            if case .actor(let description) = event.payload { actors.insert(description.actor) }
            for (_, code) in EventDecoder.actors(in: event.payload) { actors.insert(code) }
        }
        return actors
    }

    // MARK: - The report

    static func report(_ balance: BalanceOfPower, clock: ReplayClock, since: EDTFDate?) -> Report {
        let (a, b) = (balance.sides[0], balance.sides[1])
        let asOfText = clock.asOfLabel ?? "the end of the ledger"
        let knownText = clock.knownAtLabel.map { "known at " + $0 } ?? "known at: everything recorded"
        var title = "Balance of power: \(a.name) vs \(b.name), "
        title += since.map { "from \($0.text) to \(asOfText)" } ?? "as of \(asOfText)"
        title += " (" + (clock.knownAtLabel.map { "known at " + $0 } ?? "everything recorded") + ")"
        var subtitle = ["as of \(asOfText)" + (since.map { " \u{00B7} since \($0.text)" } ?? "") + " \u{00B7} \(knownText)"
                        + (clock.strictDates ? " \u{00B7} strict dates" : "")]
        if let window = balance.recentWindow {
            subtitle.append("last five years: \(window.lowerBound) to \(window.upperBound)")
        }

        var sections = [categorySection(balance), supplierSection(balance), systemSection(balance), recentSection(balance)]
        if balance.sides.contains(where: { $0.total.services > 0 }) { sections.insert(serviceSection(balance), at: 1) }
        if balance.change != nil {
            sections.append(changeByCategorySection(balance, since: since!))
            sections.append(changeBySystemSection(balance, since: since!))
        }
        sections.append(armedBothSection(balance))
        sections.append(alliesSection(balance))

        let notes = brief(balance, since: since)
        var json = headJSON(balance, clock: clock, since: since)
        json["allies_arming_other_side"] = .array(balance.alliesArmingOtherSide.map { .object($0.json(includingAlliance: true)) })
        json["brief"] = .array(notes.map { .string($0) })
        return Report(title: title, subtitle: subtitle, json: .object(json), sections: sections, notes: notes, notesFirst: false)
    }

    // MARK: JSON

    /// The JSON members before the allies' transfers: the clocks, the sides and who armed both.
    static func headJSON(_ balance: BalanceOfPower, clock: ReplayClock, since: EDTFDate?) -> JSONObject {
        var json = JSONObject()
        json["as_of"] = clock.asOfLabel.map { .string($0) } ?? .null
        json["known_at"] = clock.knownAtLabel.map { .string($0) } ?? .null
        json["since"] = since.map { .string($0.text) } ?? .null
        json["sides"] = .array(balance.sides.indices.map { .object(sideJSON(balance, $0)) })
        json["armed_both"] = .array(balance.armedBoth.map { supplier in
            var sidesObject = JSONObject()
            for side in balance.sides { sidesObject[side.actor.rawValue] = .object(tallyJSON(side.suppliers[supplier] ?? .init())) }
            return .object(JSONObject([("supplier", .string(supplier.rawValue)), ("sides", .object(sidesObject))]))
        })
        return json
    }

    static func tallyJSON(_ tally: BalanceOfPower.Tally) -> JSONObject {
        var object = JSONObject()
        object["delivered"] = .integer(tally.units)
        object["deliveries"] = .integer(Int64(tally.deliveries))
        object["services"] = .integer(Int64(tally.services))
        tally.marks.addJSON(to: &object)
        return object
    }

    static func sideJSON(_ balance: BalanceOfPower, _ index: Int) -> JSONObject {
        let side = balance.sides[index]
        var object = JSONObject()
        object["actor"] = .string(side.actor.rawValue)
        var categories = JSONObject()
        for category in side.categories.keys.sorted() { categories[category.rawValue] = .object(tallyJSON(side.tally(of: category))) }
        object["categories"] = .object(categories)
        var suppliers = JSONObject()
        for supplier in side.rankedSuppliers {
            var entry = JSONObject()
            let tally = side.suppliers[supplier]!
            entry["delivered"] = .integer(tally.units)
            entry["share"] = side.unitShare(of: supplier).map { .number(decimal($0)) } ?? .null
            entry["deliveries"] = .integer(Int64(tally.deliveries))
            entry["services"] = .integer(Int64(tally.services))
            entry["deliveries_share"] = side.deliveryShare(of: supplier).map { .number(decimal($0)) } ?? .null
            tally.marks.addJSON(to: &entry)
            suppliers[supplier.rawValue] = .object(entry)
        }
        object["suppliers"] = .object(suppliers)
        object["name"] = .string(side.name)
        object["total"] = .object(tallyJSON(side.total))
        object["main_supplier"] = side.mainSupplier.map { .string($0.rawValue) } ?? .null
        object["systems"] = .array(side.rankedSystems.map { entry in
            var system = JSONObject()
            system["system"] = .string(entry.system)
            system["category"] = .string(entry.category.rawValue)
            system["name"] = entry.description?.name.map { .string($0) } ?? .null
            system["origin"] = entry.description?.origin.map { .string($0.rawValue) } ?? .null
            system["range_km"] = entry.rangeKm.map(number) ?? .null
            for member in tallyJSON(entry.tally) { system[member.key] = member.value }
            return .object(system)
        })
        var recent = JSONObject()
        recent["from"] = balance.recentWindow.map { .string($0.lowerBound.description) } ?? .null
        recent["to"] = balance.recentWindow.map { .string($0.upperBound.description) } ?? .null
        for member in tallyJSON(balance.recent[index]) { recent[member.key] = member.value }
        recent["possibly_recent"] = .object(tallyJSON(balance.possiblyRecent[index]))
        object["recent"] = .object(recent)
        if let change = balance.change, let earlier = balance.earlier {
            let (now, then, delta) = (side, earlier[index], change[index])
            var categories = JSONObject()
            for category in Set(now.categories.keys).union(then.categories.keys).sorted() {
                categories[category.rawValue] = .object(changeJSON(then: then.tally(of: category), now: now.tally(of: category),
                                                                   change: delta.tally(of: category)))
            }
            var systems = JSONObject()
            for system in Set(now.systems.keys).union(then.systems.keys).sorted() {
                systems[system] = .object(changeJSON(then: then.systems[system]?.tally ?? .init(), now: now.systems[system]?.tally ?? .init(),
                                                     change: delta.systems[system]?.tally ?? .init()))
            }
            object["change"] = .object(JSONObject([("categories", .object(categories)), ("systems", .object(systems))]))
        } else {
            object["change"] = .null
        }
        return object
    }

    static func changeJSON(then: BalanceOfPower.Tally, now: BalanceOfPower.Tally, change: BalanceOfPower.Tally) -> JSONObject {
        var object = JSONObject()
        object["then"] = .integer(then.units)
        object["now"] = .integer(now.units)
        object["change"] = .integer(now.units - then.units)
        object["deliveries_then"] = .integer(Int64(then.deliveries))
        object["deliveries_now"] = .integer(Int64(now.deliveries))
        object["deliveries_change"] = .integer(Int64(now.deliveries - then.deliveries))
        object["services_change"] = .integer(Int64(now.services - then.services))
        change.marks.addJSON(to: &object)
        return object
    }

    /// Thousandths as a JSON number literal: 625 → `0.625`, 1000 → `1`, 0 → `0`.
    static func decimal(_ permille: Int) -> String {
        if permille >= 1000 { return "1" }
        if permille <= 0 { return "0" }
        var digits = String(permille)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "0." + digits
    }

    static func number(_ value: Double) -> JSONValue {
        if value == value.rounded(), abs(value) < 1e15 { return .integer(Int64(value)) }
        return .number(String(value))
    }

    static func rangeText(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    // MARK: Tables

    static func categorySection(_ balance: BalanceOfPower) -> ReportSection {
        let (a, b) = (balance.sides[0], balance.sides[1])
        let categories = Set(a.categories.keys).union(b.categories.keys).sorted()
            .filter { a.tally(of: $0).deliveries + b.tally(of: $0).deliveries > 0 }
        var rows = categories.map { category -> [String] in
            let (ta, tb) = (a.tally(of: category), b.tally(of: category))
            return [category.rawValue, String(ta.units), String(ta.deliveries), ta.marks.compact,
                    String(tb.units), String(tb.deliveries), tb.marks.compact]
        }
        rows.append(["total", String(a.total.units), String(a.total.deliveries), a.total.marks.compact,
                     String(b.total.units), String(b.total.deliveries), b.total.marks.compact])
        return ReportSection(
            title: "Units received by category",
            columns: [ReportColumn("Category")] + sideColumns(a.actor, ["units", "dlv"]) + sideColumns(b.actor, ["units", "dlv"]),
            rows: rows,
            footnotes: ["units: delivered units of known quantity (a lower bound where marked U) \u{00B7} dlv: deliveries (transfer.delivered); services are not units.",
                        Marks.legend])
    }

    /// `ARM units`, `ARM dlv`, …, then `ARM mk`; numbers right-aligned.
    static func sideColumns(_ actor: ActorCode, _ titles: [String]) -> [ReportColumn] {
        titles.map { ReportColumn("\(actor) \($0)", numeric: true) } + [ReportColumn("\(actor) mk")]
    }

    static func serviceSection(_ balance: BalanceOfPower) -> ReportSection {
        let (a, b) = (balance.sides[0], balance.sides[1])
        let categories = Set(a.categories.keys).union(b.categories.keys).sorted()
            .filter { a.tally(of: $0).services + b.tally(of: $0).services > 0 }
        func serviceMarks(_ tally: BalanceOfPower.Tally) -> String { tally.serviceMarks.compact }
        return ReportSection(
            title: "Services received by category (modernisation, repair, upgrade, components)",
            columns: [ReportColumn("Category")] + sideColumns(a.actor, ["svc"]) + sideColumns(b.actor, ["svc"]),
            rows: categories.map { category in
                let (ta, tb) = (a.tally(of: category), b.tally(of: category))
                return [category.rawValue, String(ta.services), serviceMarks(ta), String(tb.services), serviceMarks(tb)]
            })
    }

    static func supplierSection(_ balance: BalanceOfPower) -> ReportSection {
        let (a, b) = (balance.sides[0], balance.sides[1])
        var order: [ActorCode] = []
        for supplier in a.rankedSuppliers + b.rankedSuppliers where !order.contains(supplier) { order.append(supplier) }
        func cells(_ side: BalanceOfPower.Side, _ supplier: ActorCode) -> [String] {
            guard let tally = side.suppliers[supplier] else { return ["", "", "", ""] }
            let share = side.unitShare(of: supplier).map { "\(($0 + 5) / 10)%" } ?? "n/a"
            return [String(tally.deliveries + tally.services), String(tally.units), share, tally.marks.compact]
        }
        return ReportSection(
            title: "Suppliers",
            columns: [ReportColumn("Supplier")] + sideColumns(a.actor, ["dlv", "units", "%"]) + sideColumns(b.actor, ["dlv", "units", "%"]),
            rows: order.map { [$0.rawValue] + cells(a, $0) + cells(b, $0) },
            footnotes: ["dlv: deliveries and services \u{00B7} %: share of the side's known units (n/a when no quantity is known)."])
    }

    static func systemSection(_ balance: BalanceOfPower) -> ReportSection {
        var rows: [[String]] = []
        for side in balance.sides {
            for entry in side.rankedSystems {
                rows.append([entry.system, side.actor.rawValue, entry.category.rawValue, rangeText(entry.rangeKm),
                             String(entry.tally.units), String(entry.tally.deliveries), String(entry.tally.services), entry.tally.marks.compact])
            }
        }
        return ReportSection(
            title: "Notable systems (by range)",
            columns: [ReportColumn("System", truncatable: true), ReportColumn("To"), ReportColumn("Category"),
                      ReportColumn("Range km", numeric: true), ReportColumn("Units", numeric: true),
                      ReportColumn("Dlv", numeric: true), ReportColumn("Svc", numeric: true), ReportColumn("Mk")],
            rows: rows,
            footnotes: ["Range from system.described; empty when no description gives one."])
    }

    static func recentSection(_ balance: BalanceOfPower) -> ReportSection {
        let title = balance.recentWindow.map { "Deliveries in the last five years (\($0.lowerBound) to \($0.upperBound))" }
            ?? "Deliveries in the last five years"
        return ReportSection(
            title: title,
            columns: [ReportColumn("Side"), ReportColumn("Units", numeric: true), ReportColumn("Dlv", numeric: true),
                      ReportColumn("Svc", numeric: true), ReportColumn("Mk"), ReportColumn("Possibly recent", numeric: true)],
            rows: balance.recentWindow == nil ? [] : balance.sides.indices.map { index in
                let tally = balance.recent[index]
                let maybe = balance.possiblyRecent[index]
                return [balance.sides[index].actor.rawValue, String(tally.units), String(tally.deliveries), String(tally.services),
                        tally.marks.compact, String(maybe.deliveries + maybe.services)]
            },
            emptyText: "(no dated events)",
            footnotes: ["Possibly recent: deliveries and services whose date range starts before the window and reaches into it; not counted as recent."])
    }

    static func changeByCategorySection(_ balance: BalanceOfPower, since: EDTFDate) -> ReportSection {
        let (change, earlier) = (balance.change!, balance.earlier!)
        let categories = Set(balance.sides[0].categories.keys).union(balance.sides[1].categories.keys)
            .union(earlier[0].categories.keys).union(earlier[1].categories.keys).sorted()
        func cells(_ index: Int, _ category: Category) -> [String] {
            let (now, then) = (balance.sides[index].tally(of: category), earlier[index].tally(of: category))
            return [signed(now.units - then.units), signed(Int64(now.deliveries - then.deliveries)), change[index].tally(of: category).marks.compact]
        }
        return ReportSection(
            title: "Change since \(since.text), by category",
            columns: [ReportColumn("Category")] + sideColumns(balance.sides[0].actor, ["+units", "+dlv"])
                + sideColumns(balance.sides[1].actor, ["+units", "+dlv"]),
            rows: categories.map { [$0.rawValue] + cells(0, $0) + cells(1, $0) },
            footnotes: ["Change: delivered units and deliveries counted at the as-of date but not at \(since.text); mk: marks of those deliveries."])
    }

    static func changeBySystemSection(_ balance: BalanceOfPower, since: EDTFDate) -> ReportSection {
        let (change, earlier) = (balance.change!, balance.earlier!)
        var rows: [[String]] = []
        for index in balance.sides.indices {
            let (now, then) = (balance.sides[index], earlier[index])
            for system in Set(now.systems.keys).union(then.systems.keys).sorted() {
                let (n, t) = (now.systems[system]?.tally ?? .init(), then.systems[system]?.tally ?? .init())
                guard n != t || !(change[index].systems[system]?.tally.isEmpty ?? true) else { continue }
                rows.append([system, now.actor.rawValue, String(t.units), String(n.units), signed(n.units - t.units),
                             signed(Int64(n.deliveries - t.deliveries)), signed(Int64(n.services - t.services)),
                             change[index].systems[system]?.tally.marks.compact ?? ""])
            }
        }
        return ReportSection(
            title: "Change since \(since.text), by system",
            columns: [ReportColumn("System", truncatable: true), ReportColumn("To"), ReportColumn("Then", numeric: true),
                      ReportColumn("Now", numeric: true), ReportColumn("+units", numeric: true), ReportColumn("+dlv", numeric: true),
                      ReportColumn("+svc", numeric: true), ReportColumn("Mk")],
            rows: rows,
            emptyText: "(no change)")
    }

    static func armedBothSection(_ balance: BalanceOfPower) -> ReportSection {
        let (a, b) = (balance.sides[0], balance.sides[1])
        return ReportSection(
            title: "Suppliers that armed both sides",
            columns: [ReportColumn("Supplier")] + sideColumns(a.actor, ["dlv", "svc"]) + sideColumns(b.actor, ["dlv", "svc"]),
            rows: balance.armedBoth.map { supplier in
                let (ta, tb) = (a.suppliers[supplier]!, b.suppliers[supplier]!)
                return [supplier.rawValue, String(ta.deliveries), String(ta.services), ta.marks.compact,
                        String(tb.deliveries), String(tb.services), tb.marks.compact]
            })
    }

    static func alliesSection(_ balance: BalanceOfPower) -> ReportSection {
        ReportSection(
            title: "Allies of one side that armed the other",
            columns: [ReportColumn("Alliance"), ReportColumn("Supplier"), ReportColumn("To"), ReportColumn("Against"),
                      ReportColumn("Deal", truncatable: true), ReportColumn("Date"), ReportColumn("Mk")],
            rows: balance.alliesArmingOtherSide.map { row in
                [row.alliance, row.facts.supplier.rawValue, row.facts.recipient.rawValue, row.against.rawValue,
                 row.facts.deal, row.date.text, row.marks.compact]
            },
            footnotes: ["Deliveries by a member of a collective-defence alliance to one side while the other side was a fellow member in open conflict with it (see obligations)."])
    }

    static func signed(_ value: Int64) -> String { value > 0 ? "+\(value)" : String(value) }

    // MARK: The brief

    /// Three to six sentences generated from the numbers, hedged wherever marks are set.
    static func brief(_ balance: BalanceOfPower, since: EDTFDate?) -> [String] {
        let (a, b) = (balance.sides[0], balance.sides[1])
        var sentences: [String] = []

        // 1. Totals.
        sentences.append("\(a.name) received \(amount(a.total)) against \(b.name)'s \(amount(b.total)).")

        // 2. The category where one side gained most over the other.
        let now = [a, b]
        let base: [BalanceOfPower.Side]? = balance.earlier
        func gain(_ index: Int, _ category: Category) -> BalanceOfPower.Tally {
            guard let change = balance.change else { return now[index].tally(of: category) }
            return change[index].tally(of: category)
        }
        let categories = Set(a.categories.keys).union(b.categories.keys).union(base?.flatMap { $0.categories.keys } ?? []).sorted()
        func gap(_ category: Category, units: Bool) -> Int64 {
            let (ga, gb) = (gain(0, category), gain(1, category))
            return units ? abs(ga.units - gb.units) : Int64(abs(ga.deliveries - gb.deliveries))
        }
        let byUnits = categories.contains { gap($0, units: true) > 0 }
        let widest = categories.filter { gap($0, units: byUnits) > 0 }.max { gap($0, units: byUnits) < gap($1, units: byUnits) }
        let lead = since.map { "Since \($0.text)" } ?? "By category"
        if let category = widest {
            let (ga, gb) = (gain(0, category), gain(1, category))
            let aAhead = byUnits ? ga.units > gb.units : ga.deliveries > gb.deliveries
            let (winner, loser, tw, tl) = aAhead ? (a, b, ga, gb) : (b, a, gb, ga)
            let verb = since == nil ? "received most" : "gained most"
            let winning = byUnits ? amountUnits(tw) : amountDeliveries(tw)
            let losing = byUnits ? amountUnits(tl) : amountDeliveries(tl)
            sentences.append("\(lead), \(winner.name) \(verb) in \(category.rawValue): \(winning) against \(loser.name)'s \(losing).")
        } else if since != nil {
            sentences.append("\(lead), neither side gained more than the other in any category.")
        } else {
            sentences.append("Neither side received more than the other in any category.")
        }

        // 3–4. The main supplier of each side.
        for side in [a, b] {
            guard let supplier = side.mainSupplier, let tally = side.suppliers[supplier] else {
                sentences.append("No delivery to \(side.name) is counted.")
                continue
            }
            let name = supplierName(supplier, balance)
            if let share = side.unitShare(of: supplier) {
                var text = "\(name) dominates \(side.name)'s supply with \(tally.units) of \(side.total.units) known units (\((share + 5) / 10)%)"
                if let hedge = hedge(side.total) { text += "; \(hedge)" }
                sentences.append(text + ".")
            } else {
                let all = side.total.deliveries + side.total.services
                let count = tally.deliveries + tally.services
                sentences.append("\(name) is \(side.name)'s main supplier, with \(count) of its \(all) \(all == 1 ? "delivery" : "deliveries and services") (no delivered quantity is known).")
            }
        }

        // 5. Suppliers on both sides.
        if balance.armedBoth.isEmpty {
            sentences.append("No supplier armed both sides.")
        } else {
            let names = balance.armedBoth.map { supplierName($0, balance) }
            sentences.append("\(list(names)) armed both sides.")
        }

        // 6. Alliance obligations cut across.
        if balance.alliesArmingOtherSide.isEmpty {
            sentences.append("No ally of either side is recorded arming the other during an open conflict between them.")
        } else {
            var groups: [(supplier: ActorCode, alliance: String, recipient: ActorCode, against: ActorCode, rows: [ConflictingTransfer])] = []
            for row in balance.alliesArmingOtherSide {
                if let index = groups.firstIndex(where: { $0.supplier == row.facts.supplier && $0.alliance == row.alliance
                    && $0.recipient == row.facts.recipient && $0.against == row.against }) {
                    groups[index].rows.append(row)
                } else {
                    groups.append((row.facts.supplier, row.alliance, row.facts.recipient, row.against, [row]))
                }
            }
            let parts = groups.map { group -> String in
                let count = Set(group.rows.map(\.replayed.event.seq)).count
                let years = group.rows.map(\.date.lower.year)
                let lastYears = group.rows.map { $0.date.upper.isOpenEnd ? $0.date.lower.year : $0.date.upper.year }
                let span = years.min()! == lastYears.max()! ? "\(years.min()!)" : "\(years.min()!)\u{2013}\(lastYears.max()!)"
                var marks = Marks()
                for row in group.rows { marks.formUnion(row.marks) }
                let disputed = marks.disputed ? ", some disputed" : ""
                return "\(supplierName(group.supplier, balance)), \(nameOf(group.against, balance))'s ally in \(group.alliance.uppercased()), made \(count) \(count == 1 ? "delivery" : "deliveries") to \(nameOf(group.recipient, balance)) during open conflict with \(nameOf(group.against, balance)) (\(span)\(disputed))"
            }
            sentences.append(list(parts) + ", cutting across the alliance's obligations.")
        }
        return sentences
    }

    static func nameOf(_ actor: ActorCode, _ balance: BalanceOfPower) -> String {
        balance.sides.first { $0.actor == actor }?.name ?? supplierName(actor, balance)
    }

    static func supplierName(_ actor: ActorCode, _ balance: BalanceOfPower) -> String {
        for side in balance.sides where side.actor == actor { return side.name }
        return ISOCountries.name(for: actor.rawValue) ?? actor.rawValue
    }

    /// `"at least 14 units (some estimated) in 5 deliveries"`.
    static func amount(_ tally: BalanceOfPower.Tally) -> String {
        var text: String
        if tally.units == 0 && tally.marks.quantityUnknown {
            text = "\(tally.deliveries) \(tally.deliveries == 1 ? "delivery" : "deliveries") of unknown quantity"
            var caveats: [String] = []
            if tally.marks.disputed { caveats.append("some disputed") }
            if tally.marks.uncertainDate { caveats.append("some dates uncertain") }
            if !caveats.isEmpty { text += " (\(caveats.joined(separator: ", ")))" }
        } else {
            text = amountUnits(tally) + " in \(tally.deliveries) \(tally.deliveries == 1 ? "delivery" : "deliveries")"
        }
        if tally.services > 0 { text += " and \(tally.services) \(tally.services == 1 ? "service" : "services")" }
        return text
    }

    /// `"at least 14 units (some estimated, some disputed)"`; never a bare number where marks exist.
    static func amountUnits(_ tally: BalanceOfPower.Tally) -> String {
        var text = (tally.marks.quantityUnknown ? "at least " : "") + "\(tally.units) \(tally.units == 1 ? "unit" : "units")"
        var caveats: [String] = []
        if tally.marks.quantityUnknown { caveats.append("some quantities unknown") }
        if tally.marks.estimated { caveats.append("some estimated") }
        if tally.marks.disputed { caveats.append("some disputed") }
        if tally.marks.uncertainDate { caveats.append("some dates uncertain") }
        if !caveats.isEmpty { text += " (\(caveats.joined(separator: ", ")))" }
        return text
    }

    /// `"3 deliveries (some disputed)"`, for comparisons where no quantity is known.
    static func amountDeliveries(_ tally: BalanceOfPower.Tally) -> String {
        var text = "\(tally.deliveries) \(tally.deliveries == 1 ? "delivery" : "deliveries")"
        var caveats: [String] = []
        if tally.marks.disputed { caveats.append("some disputed") }
        if tally.marks.uncertainDate { caveats.append("some dates uncertain") }
        if !caveats.isEmpty { text += " (\(caveats.joined(separator: ", ")))" }
        return text
    }

    /// The caveat on a total, or nil when it is plain.
    static func hedge(_ tally: BalanceOfPower.Tally) -> String? {
        var caveats: [String] = []
        if tally.marks.quantityUnknown { caveats.append("other deliveries give no quantity") }
        if tally.marks.estimated { caveats.append("some figures are estimates") }
        if tally.marks.disputed { caveats.append("some are disputed") }
        if tally.marks.uncertainDate { caveats.append("some dates are uncertain") }
        return caveats.isEmpty ? nil : caveats.joined(separator: ", ")
    }

    /// `A`, `A and B`, `A, B and C`.
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}
