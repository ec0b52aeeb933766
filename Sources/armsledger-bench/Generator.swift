import ArmsLedger
#if canImport(Glibc)
import Glibc
#endif

/// Writes a valid synthetic ledger of any size, fast: each line is written straight into a byte
/// buffer in the canonical form ``LedgerLine/encode(_:seq:prev:)`` produces (checked by
/// `armsledger-bench check`), hashed with the library's SHA-256, and flushed in big chunks.
///
/// The mix (per 100 events after a preamble of actor, system and alliance descriptions):
/// 70 deal events (`transfer.*`, `service.delivered`; about 35 per deal, one supplier,
/// recipient and system per deal), 20 `statement.made`, 4 `system.described`, 3 alliance
/// membership and obligation events, 1 conflict event, 1 `actor.described`, 0.5 `event.disputed`
/// and 0.5 `event.retracted` aimed at recent events. `occurred` uses every EDTF form of SPEC
/// section 3 (day, month, year, season, closed and open intervals, `?`/`~`/`%`) over 1995–2025.
struct Generator {
    let total: Int
    let seed: UInt64
    private var rng: SplitMix64
    private var seq = 0
    private var prev = SHA256Digest.zero
    private var line = LineBuffer(capacity: 8192)
    private var out = LineBuffer(capacity: 9 << 20)
    private let descriptor: Int32
    private let idSalt: UInt64

    // Vocabulary as bytes.
    private let actors: [[UInt8]]
    private let supplierCount = Vocabulary.suppliers.count
    private let categories = Vocabulary.bytes(Vocabulary.categories)
    private var systems: [(name: [UInt8], category: Int, origin: Int, range: Int?)] = []

    // State.
    private struct Deal {
        var id: [UInt8]
        var supplier: Int
        var recipient: Int
        var system: Int
        var cursor: Int
        var state: UInt8   // 1 offered, 2 ordered, 3 delivering
        var remaining: Int
        var events: Int
    }
    private var deals: [Deal] = []
    private var active: [Int] = []
    private var recent: [(id: [UInt8], stream: [UInt8])] = []
    private var recentNext = 0
    private static let recentCapacity = 4096
    /// Conflicts started and not yet ended in the file, each with the day its end will carry.
    private var openConflicts: [(id: [UInt8], ends: Int)] = []
    private let rivalries: [(side: Int, other: Int, ally: Int?)]
    /// Per rivalry, the first day its next conflict may break out on.
    private var rivalryNextStart: [Int]
    private var conflictCount = 0
    private var allianceMembers: [[Int]] = []

    private static let firstDay = Civil.days(year: 1995, month: 1, day: 1)
    private static let lastDay = Civil.days(year: 2025, month: 12, day: 31)
    private static let recordedBase = Int64(Civil.days(year: 2024, month: 1, day: 1)) * 86_400

    init(total: Int, seed: UInt64, descriptor: Int32) {
        self.total = total
        self.seed = seed
        self.descriptor = descriptor
        rng = SplitMix64(seed: seed)
        idSalt = SplitMix64.mix(seed ^ 0xA5A5_5A5A_1234_5678)
        actors = Vocabulary.bytes(Vocabulary.suppliers + Vocabulary.recipients)
        let codes = Vocabulary.suppliers + Vocabulary.recipients
        rivalries = Vocabulary.rivalries.map { rivalry in
            (codes.firstIndex(of: rivalry.side)!, codes.firstIndex(of: rivalry.other)!, rivalry.ally.map { codes.firstIndex(of: $0)! })
        }
        rivalryNextStart = []
        for _ in rivalries { rivalryNextStart.append(Self.firstDay + rng.int(0...3652)) }
        var names = Set<String>()
        var stemIndex = 0
        while systems.count < 300 {
            let stem = Vocabulary.systemStems[stemIndex % Vocabulary.systemStems.count]
            let variant = Vocabulary.systemVariants[(stemIndex / Vocabulary.systemStems.count) % Vocabulary.systemVariants.count]
            stemIndex += 1
            let name = stem + variant
            guard names.insert(name).inserted else { continue }
            let category = rng.weighted(Vocabulary.categoryWeights)
            let range: Int? = [0, 1, 2, 6].contains(category) && rng.chance(0.7) ? rng.int(10...500) : nil
            systems.append((Array(name.utf8), category, rng.below(supplierCount), range))
        }
    }

    var done: Bool { seq >= total }

    // MARK: - Driving

    /// Writes the whole ledger.
    mutating func run() {
        preamble()
        while !done { event() }
        flush()
    }

    private mutating func preamble() {
        for actor in 0..<actors.count where !done { actorDescribed(actor, notes: false) }
        for system in 0..<systems.count where !done { systemDescribed(system) }
        let codes = Vocabulary.suppliers + Vocabulary.recipients
        for (index, alliance) in Vocabulary.alliances.enumerated() {
            allianceMembers.append(alliance.members.map { code in codes.firstIndex(of: code)! })
            if done { continue }
            allianceDescribed(index)
            for member in allianceMembers[index] where !done {
                membership(index, member: member, type: "alliance.joined", day: rng.int(Self.firstDay...(Self.firstDay + 2000)))
            }
        }
    }

    private mutating func event() {
        let r = rng.below(1000)
        switch r {
        case 0..<700: dealEvent()
        case 700..<900: statement()
        case 900..<940: systemDescribed(rng.below(systems.count))
        case 940..<970: allianceEvent()
        case 970..<980: conflictEvent()
        case 980..<990: actorDescribed(rng.below(actors.count), notes: true)
        case 990..<995: correction(retract: false)
        default: correction(retract: true)
        }
    }

    // MARK: - Line framing

    private mutating func begin(type: StaticString, streamPrefix: StaticString, stream: [UInt8], given: [UInt8]? = nil, number: Int = 0) {
        beginID(type, given: given, number: number)
        line.raw(",\"stream\":\"")
        line.raw(streamPrefix)
        line.raw(stream)
        line.raw("\",\"occurred\":\"")
    }

    private mutating func begin(type: StaticString, fullStream: [UInt8]) {
        beginID(type)
        line.raw(",\"stream\":\"")
        line.raw(fullStream)
        line.raw("\",\"occurred\":\"")
    }

    /// Starts a line; the id is derived-looking (`<type>-<16 hex>`, unique per seq) unless an
    /// author-given one is passed (deal events: `<deal>.<n>`).
    private mutating func beginID(_ type: StaticString, given: [UInt8]? = nil, number: Int = 0) {
        seq += 1
        line.bytes.removeAll(keepingCapacity: true)
        line.raw("{\"seq\":")
        line.integer(seq)
        line.raw(",\"id\":\"")
        if let given {
            line.raw(given)
            line.byte(UInt8(ascii: "."))
            line.integer(number)
        } else {
            line.raw(type)
            line.byte(UInt8(ascii: "-"))
            line.hex64(SplitMix64.mix(UInt64(seq) &+ idSalt))
        }
        line.raw("\",\"type\":\"")
        line.raw(type)
        line.byte(0x22)
    }

    /// The id of the line being written (between `"id":"` and the next quote).
    private var currentID: [UInt8] {
        let start = 7 + digitCount(seq) + 7  // {"seq":N,"id":"
        var end = start
        while line.bytes[end] != 0x22 { end += 1 }
        return Array(line.bytes[start..<end])
    }

    private func digitCount(_ n: Int) -> Int {
        var count = 1, value = n
        while value >= 10 { value /= 10; count += 1 }
        return count
    }

    /// After `occurred`: recorded, confidence, sources, and the start of data.
    private mutating func middle(sources: Int, around day: Int) {
        line.raw("\",\"recorded\":\"")
        let seconds = Self.recordedBase + Int64(seq) * 13
        let (y, m, d) = Civil.date(Int(seconds / 86_400))
        let inDay = Int(seconds % 86_400)
        line.padded(y, width: 4); line.byte(0x2D); line.padded(m, width: 2); line.byte(0x2D); line.padded(d, width: 2)
        line.byte(UInt8(ascii: "T")); line.padded(inDay / 3600, width: 2); line.byte(0x3A)
        line.padded(inDay / 60 % 60, width: 2); line.byte(0x3A); line.padded(inDay % 60, width: 2)
        line.raw("Z\",\"confidence\":")
        line.string(Vocabulary.confidences[rng.weighted(Vocabulary.confidenceWeights)])
        line.raw(",\"sources\":[")
        for index in 0..<sources {
            if index > 0 { line.byte(0x2C) }
            source(around: day)
        }
        line.raw("],\"data\":{")
    }

    private mutating func sourceCount() -> Int {
        let r = rng.below(100)
        return r < 78 ? 1 : r < 96 ? 2 : 3
    }

    private mutating func source(around day: Int) {
        let publisher = rng.below(Vocabulary.publishers.count)
        line.raw("{\"publisher\":")
        line.string(Vocabulary.publishers[publisher])
        if rng.chance(0.2) {
            line.raw(",\"title\":\"")
            line.raw(rng.pick(Vocabulary.titleSubjects)); line.byte(0x20)
            line.raw(rng.pick(Vocabulary.titleObjects)); line.byte(0x20)
            line.raw(rng.pick(Vocabulary.titleTails)); line.byte(0x22)
        }
        line.raw(",\"date\":\"")
        let published = min(day + rng.below(200), Self.lastDay + 180)
        let r = rng.below(10)
        writeDay(published, precision: r < 7 ? 0 : r < 9 ? 1 : 2)
        line.byte(0x22)
        if rng.chance(0.18) {
            line.raw(",\"url\":\"https://")
            line.raw(Vocabulary.domains[publisher % Vocabulary.domains.count])
            line.byte(0x2F)
            line.padded(Civil.date(published).year, width: 4)
            line.byte(0x2F)
            line.raw(rng.pick(Vocabulary.slugWords)); line.byte(0x2D)
            line.raw(rng.pick(Vocabulary.slugWords)); line.byte(0x2D)
            line.integer(rng.below(100_000))
            line.byte(0x22)
        }
        if rng.chance(0.9) {
            line.raw(",\"kind\":")
            line.string(Vocabulary.sourceKinds[rng.weighted(Vocabulary.sourceKindWeights)])
        }
        line.byte(0x7D)
    }

    /// Closes data and the line: prev, hash, newline; remembers the event for corrections.
    private mutating func finish(stream: [UInt8]?, remember: Bool) {
        line.raw("},\"prev\":\"")
        prev.writeHex(into: &line.bytes)
        line.byte(0x22)
        let hash = line.bytes.withUnsafeBytes { SHA256.hash($0) }
        line.raw(",\"hash\":\"")
        hash.writeHex(into: &line.bytes)
        line.raw("\"}\n")
        prev = hash
        if remember, let stream {
            let entry = (currentID, stream)
            if recent.count < Self.recentCapacity { recent.append(entry) } else { recent[recentNext] = entry }
            recentNext = (recentNext + 1) % Self.recentCapacity
        }
        out.raw(line.bytes)
        if out.bytes.count >= 8 << 20 { flush() }
    }

    mutating func flush() {
        var offset = 0
        let count = out.bytes.count
        out.bytes.withUnsafeBytes { buffer in
            while offset < count {
                let written = write(descriptor, buffer.baseAddress! + offset, count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    fatalError("write failed: errno \(errno)")
                }
                offset += written
            }
        }
        out.bytes.removeAll(keepingCapacity: true)
    }

    // MARK: - Dates

    /// A day, month, year or season (precision 0–3) containing `days`.
    private mutating func writeDay(_ days: Int, precision: Int) {
        let (y, m, d) = Civil.date(days)
        switch precision {
        case 0:
            line.padded(y, width: 4); line.byte(0x2D); line.padded(m, width: 2); line.byte(0x2D); line.padded(d, width: 2)
        case 1:
            line.padded(y, width: 4); line.byte(0x2D); line.padded(m, width: 2)
        case 2:
            line.padded(y, width: 4)
        default:
            let (year, season) = m <= 2 ? (y - 1, 24) : m <= 5 ? (y, 21) : m <= 8 ? (y, 22) : m <= 11 ? (y, 23) : (y, 24)
            line.padded(year, width: 4); line.byte(0x2D); line.padded(season, width: 2)
        }
    }

    private mutating func qualifier(_ p: Double) {
        guard rng.chance(p) else { return }
        let r = rng.below(10)
        line.byte(r < 5 ? UInt8(ascii: "?") : r < 9 ? UInt8(ascii: "~") : UInt8(ascii: "%"))
    }

    /// An `occurred` of any EDTF form around `day`.
    private mutating func occurred(_ day: Int) {
        let r = rng.below(100)
        switch r {
        case 0..<45: writeDay(day, precision: 0); qualifier(0.08)
        case 45..<70: writeDay(day, precision: 1); qualifier(0.12)
        case 70..<80: writeDay(day, precision: 2); qualifier(0.15)
        case 80..<88: writeDay(day, precision: 3); qualifier(0.1)
        case 88..<98:
            writeDay(day, precision: rng.below(3)); qualifier(0.05)
            line.byte(0x2F)
            writeDay(min(day + rng.int(30...500), Self.lastDay), precision: 1 + rng.below(2)); qualifier(0.05)
        case 98:
            line.raw("../")
            writeDay(day, precision: 2)
        default:
            writeDay(day, precision: 1)
            line.raw("/..")
        }
    }

    private mutating func simpleOccurred(_ day: Int) {
        writeDay(day, precision: rng.below(10) < 7 ? 0 : 1)
    }

    private mutating func randomDay() -> Int { rng.int(Self.firstDay...Self.lastDay) }

    // MARK: - Events

    private mutating func dealEvent() {
        if active.isEmpty || rng.chance(1.0 / 35) {
            newDeal()
            return
        }
        let slot = rng.below(active.count)
        let index = active[slot]
        var deal = deals[index]
        deal.cursor = min(deal.cursor + rng.below(90), Self.lastDay)
        deal.remaining -= 1
        var terminal = deal.remaining <= 0
        let r = rng.below(100)
        let type: StaticString
        switch deal.state {
        case 1:
            if r < 60 { type = "transfer.ordered"; deal.state = 2 }
            else if r < 70 { type = "transfer.declined"; terminal = true }
            else if r < 75 { type = "transfer.blocked"; terminal = true }
            else if r < 80 { type = "transfer.cancelled"; terminal = true }
            else { type = "transfer.offered" }
        case 2:
            if r < 80 { type = "transfer.delivered"; deal.state = 3 }
            else if r < 90 { type = "service.delivered"; deal.state = 3 }
            else if r < 97 { type = "transfer.ordered" }
            else { type = "transfer.cancelled"; terminal = true }
        default:
            if r < 70 { type = "transfer.delivered" }
            else if r < 90 { type = "service.delivered" }
            else if r < 99 { type = "transfer.ordered" }
            else { type = "transfer.cancelled"; terminal = true }
        }
        deal.events += 1
        deals[index] = deal
        if terminal {
            active.swapAt(slot, active.count - 1)
            active.removeLast()
        }
        writeDeal(deal, type: type)
    }

    private mutating func newDeal() {
        let supplier = rng.below(supplierCount)
        var recipient: Int
        if rng.chance(0.1) {
            recipient = rng.below(supplierCount)
            if recipient == supplier { recipient = (recipient + 1) % supplierCount }
        } else {
            recipient = supplierCount + rng.below(actors.count - supplierCount)
        }
        var id = Array(actors[supplier].map { $0 | 0x20 })
        id.append(0x2D)
        id += actors[recipient].map { $0 | 0x20 }
        id.append(0x2D)
        id += Array(String(deals.count + 1).utf8)
        let deal = Deal(id: id, supplier: supplier, recipient: recipient, system: rng.below(systems.count),
                        cursor: rng.int(Self.firstDay...Civil.days(year: 2023, month: 6, day: 30)),
                        state: rng.chance(0.3) ? 1 : 2, remaining: rng.int(4...66), events: 1)
        deals.append(deal)
        active.append(deals.count - 1)
        writeDeal(deal, type: deal.state == 1 ? "transfer.offered" : "transfer.ordered")
    }

    private mutating func writeDeal(_ deal: Deal, type: StaticString) {
        // Most deal events carry an author-given id (`<deal>.<n>`), the rest a derived-looking one.
        let given = rng.chance(0.7)
        begin(type: type, streamPrefix: "deal:", stream: deal.id, given: given ? deal.id : nil, number: deal.events)
        occurred(deal.cursor)
        middle(sources: sourceCount(), around: deal.cursor)
        let system = systems[deal.system]
        line.raw("\"deal\":"); line.string(deal.id)
        line.raw(",\"supplier\":"); line.string(actors[deal.supplier])
        line.raw(",\"recipient\":"); line.string(actors[deal.recipient])
        line.raw(",\"system\":"); line.string(system.name)
        line.raw(",\"category\":"); line.string(categories[system.category])
        let name = type.description
        let declinedOrBlocked = name == "transfer.declined" || name == "transfer.blocked"
        if declinedOrBlocked {
            line.raw(",\"by\":")
            line.string(actors[name == "transfer.declined" ? deal.recipient : (deal.supplier + 1 + rng.below(supplierCount - 1)) % supplierCount])
        }
        if name == "service.delivered" {
            line.raw(",\"service\":"); line.string(rng.pick(Vocabulary.services))
        }
        let counted = name == "transfer.offered" || name == "transfer.ordered" || name == "transfer.delivered" || name == "service.delivered"
        if counted {
            if rng.chance(0.85) {
                line.raw(",\"quantity\":")
                line.integer(rng.chance(0.8) ? rng.int(1...24) : rng.int(25...400))
                if rng.chance(0.1) { line.raw(",\"quantity_estimated\":true") }
            }
            if rng.chance(0.3) {
                line.raw(",\"value\":{\"amount\":")
                line.integer(rng.int(1...2000) * 100_000)
                line.raw(",\"currency\":")
                line.string(rng.pick(Vocabulary.currencies))
                line.byte(0x7D)
            }
        }
        if (declinedOrBlocked || name == "transfer.cancelled") && rng.chance(0.6) {
            line.raw(",\"reason\":"); line.string(rng.pick(Vocabulary.dealReasons))
        }
        if name == "transfer.ordered" && rng.chance(0.2) {
            line.raw(",\"financing\":"); line.string(rng.pick(Vocabulary.financing))
        }
        if rng.chance(0.05) {
            line.raw(",\"notes\":"); line.string(rng.pick(Vocabulary.notes))
        }
        finish(stream: Array("deal:".utf8) + deal.id, remember: true)
    }

    private mutating func actorDescribed(_ actor: Int, notes: Bool) {
        begin(type: "actor.described", streamPrefix: "actor:", stream: actors[actor])
        let day = randomDay()
        writeDay(day, precision: 2)
        middle(sources: notes ? 1 : 0, around: day)
        line.raw("\"actor\":"); line.string(actors[actor])
        line.raw(",\"name\":\"")
        line.raw(Array(Vocabulary.actorNames[String(decoding: actors[actor], as: UTF8.self)]!.utf8))
        line.raw("\",\"kind\":\"state\"")
        if notes { line.raw(",\"notes\":"); line.string(rng.pick(Vocabulary.notes)) }
        finish(stream: Array("actor:".utf8) + actors[actor], remember: true)
    }

    private mutating func systemDescribed(_ index: Int) {
        let system = systems[index]
        begin(type: "system.described", streamPrefix: "system:", stream: system.name)
        let day = randomDay()
        writeDay(day, precision: 1 + rng.below(2))
        middle(sources: rng.chance(0.2) ? 0 : sourceCount(), around: day)
        line.raw("\"system\":"); line.string(system.name)
        line.raw(",\"category\":"); line.string(categories[system.category])
        if rng.chance(0.7) {
            line.raw(",\"name\":\""); line.raw(system.name); line.raw(" ")
            line.raw(categories[system.category]); line.raw(" system\"")
        }
        line.raw(",\"origin\":"); line.string(actors[system.origin])
        if let range = system.range { line.raw(",\"range_km\":"); line.integer(range) }
        if rng.chance(0.3) { line.raw(",\"notes\":"); line.string(rng.pick(Vocabulary.notes)) }
        finish(stream: Array("system:".utf8) + system.name, remember: true)
    }

    private mutating func allianceDescribed(_ index: Int) {
        let alliance = Vocabulary.alliances[index]
        let id = Array(alliance.id.utf8)
        begin(type: "alliance.described", streamPrefix: "alliance:", stream: id)
        let day = Self.firstDay - 365 * 3
        writeDay(day, precision: 2)
        middle(sources: 1, around: day)
        line.raw("\"alliance\":"); line.string(id)
        line.raw(",\"name\":"); line.string(Array(alliance.name.utf8))
        line.raw(alliance.collective ? ",\"collective_defence\":true" : ",\"collective_defence\":false")
        if let article = alliance.article { line.raw(",\"article\":"); line.string(Array(article.utf8)) }
        finish(stream: Array("alliance:".utf8) + id, remember: true)
    }

    private mutating func membership(_ index: Int, member: Int, type: StaticString, day: Int) {
        let id = Array(Vocabulary.alliances[index].id.utf8)
        begin(type: type, streamPrefix: "alliance:", stream: id)
        writeDay(day, precision: rng.below(10) < 8 ? 0 : 1)
        middle(sources: sourceCount(), around: day)
        line.raw("\"alliance\":"); line.string(id)
        line.raw(",\"member\":"); line.string(actors[member])
        finish(stream: Array("alliance:".utf8) + id, remember: true)
    }

    private mutating func allianceEvent() {
        let index = rng.below(Vocabulary.alliances.count)
        let members = allianceMembers[index]
        let member = rng.chance(0.8) ? rng.pick(members) : rng.below(actors.count)
        let day = randomDay()
        let r = rng.below(100)
        if r < 70 {
            let t = rng.weighted([40, 15, 15, 30])
            let type: StaticString = t == 0 ? "alliance.joined" : t == 1 ? "alliance.suspended" : t == 2 ? "alliance.withdrawal-announced" : "alliance.left"
            membership(index, member: member, type: type, day: day)
            return
        }
        let id = Array(Vocabulary.alliances[index].id.utf8)
        if r < 85 {
            begin(type: "obligation.invoked", streamPrefix: "alliance:", stream: id)
            writeDay(day, precision: 0)
            middle(sources: sourceCount(), around: day)
            line.raw("\"alliance\":"); line.string(id)
            line.raw(",\"by\":"); line.string(actors[member])
            if rng.chance(0.8) {
                var against = rng.below(actors.count)
                if against == member { against = (against + 1) % actors.count }
                line.raw(",\"against\":"); line.string(actors[against])
            }
            if let article = Vocabulary.alliances[index].article { line.raw(",\"article\":"); line.string(Array(article.utf8)) }
        } else {
            begin(type: "obligation.answered", streamPrefix: "alliance:", stream: id)
            writeDay(day, precision: 0)
            middle(sources: sourceCount(), around: day)
            line.raw("\"alliance\":"); line.string(id)
            line.raw(",\"to\":"); line.string(actors[member])
            line.raw(",\"response\":"); line.string(rng.pick(Vocabulary.responses))
            line.raw(rng.chance(0.4) ? ",\"fulfilled\":true" : ",\"fulfilled\":false")
        }
        finish(stream: Array("alliance:".utf8) + id, remember: true)
    }

    /// A conflict breaks out (60%) or the end of one is reported (40%). Conflicts follow
    /// ``Vocabulary/rivalries``: each rivalry flares up again and again, one conflict at a time,
    /// with its co-belligerent 30% of the time; a conflict lasts two weeks to four years and is
    /// followed by one to seven years of peace, so that history, not the ledger's length, bounds
    /// the conflicts (about five per rivalry over 1995–2025). A conflict still open on the last
    /// day is ongoing and never ends. When no rivalry has years left, or no end is due, the slot
    /// goes to a statement instead.
    private mutating func conflictEvent() {
        let ready = rivalryNextStart.indices.filter { rivalryNextStart[$0] <= Self.lastDay - 31 }
        if !ready.isEmpty && (openConflicts.isEmpty || rng.chance(0.6)) {
            conflictCount += 1
            let id = Array("c-\(conflictCount)".utf8)
            let index = rng.pick(ready)
            let rivalry = rivalries[index]
            let (a, b) = (rivalry.side, rivalry.other)
            begin(type: "conflict.started", streamPrefix: "conflict:", stream: id)
            let day = rivalryNextStart[index]
            simpleOccurred(day)
            middle(sources: sourceCount(), around: day)
            line.raw("\"conflict\":"); line.string(id)
            line.raw(",\"name\":\""); line.raw(actors[a]); line.raw("–"); line.raw(actors[b])
            line.raw(" conflict "); line.integer(conflictCount); line.byte(0x22)
            line.raw(",\"sides\":[[\""); line.raw(actors[a])
            if let ally = rivalry.ally, rng.chance(0.3) { line.raw("\",\""); line.raw(actors[ally]) }
            line.raw("\"],[\""); line.raw(actors[b]); line.raw("\"]]")
            // The end is a day after the last day the start's date can mean (it may be a month).
            let ends = day + 31 + rng.int(14...1461)
            rivalryNextStart[index] = ends + rng.int(365...2557)
            if ends <= Self.lastDay { openConflicts.append((id, ends)) }
            finish(stream: Array("conflict:".utf8) + id, remember: true)
        } else if !openConflicts.isEmpty {
            let slot = rng.below(openConflicts.count)
            let conflict = openConflicts[slot]
            openConflicts.swapAt(slot, openConflicts.count - 1)
            openConflicts.removeLast()
            begin(type: "conflict.ended", streamPrefix: "conflict:", stream: conflict.id)
            writeDay(conflict.ends, precision: 0)
            middle(sources: sourceCount(), around: conflict.ends)
            line.raw("\"conflict\":"); line.string(conflict.id)
            if rng.chance(0.3) { line.raw(",\"notes\":\"ceasefire agreed\"") }
            finish(stream: Array("conflict:".utf8) + conflict.id, remember: true)
        } else {
            statement()
        }
    }

    private mutating func statement() {
        let by = rng.below(actors.count)
        begin(type: "statement.made", streamPrefix: "actor:", stream: actors[by])
        let day = randomDay()
        simpleOccurred(day)
        middle(sources: sourceCount(), around: day)
        line.raw("\"by\":"); line.string(actors[by])
        line.raw(",\"speaker\":"); line.string(rng.pick(Vocabulary.speakers))
        line.raw(",\"summary\":"); line.string(rng.pick(Vocabulary.summaries))
        if !recent.isEmpty && rng.chance(0.4) {
            line.raw(",\"about\":[")
            line.string(rng.pick(recent).id)
            if rng.chance(0.2) { line.byte(0x2C); line.string(rng.pick(recent).id) }
            line.byte(0x5D)
        }
        finish(stream: Array("actor:".utf8) + actors[by], remember: true)
    }

    private mutating func correction(retract: Bool) {
        guard !recent.isEmpty else { statement(); return }
        let target = rng.pick(recent)
        begin(type: retract ? "event.retracted" : "event.disputed", fullStream: target.stream)
        let day = randomDay()
        simpleOccurred(day)
        middle(sources: rng.chance(0.5) ? 0 : 1, around: day)
        line.raw("\"target\":"); line.string(target.id)
        line.raw(",\"reason\":"); line.string(rng.pick(Vocabulary.reasons))
        if retract {
            if rng.chance(0.3) { line.raw(",\"replaced_by\":"); line.string(rng.pick(recent).id) }
        } else if rng.chance(0.5) {
            line.raw(",\"by\":"); line.string(actors[rng.below(actors.count)])
        }
        finish(stream: nil, remember: false)
    }
}
