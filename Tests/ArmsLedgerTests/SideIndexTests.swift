import Foundation
import Testing
@testable import ArmsLedger

private typealias F = CoreFixture

/// The side index's on-disk id table: appends find ids by probing it and confirming against the
/// ledger line, and any index that cannot be trusted is rebuilt from the ledger.
@Suite("Side index")
struct SideIndexTests {
    /// The index's header, decoded.
    private static func header(_ path: String) throws -> SideIndex.Header {
        let bytes = try F.bytes(path + ".index")
        return try #require(SideIndex.Header(decoding: Array(bytes.prefix(SideIndex.headerLength))))
    }

    /// Input line `n` of a long synthetic batch: deal events over 1,500 deals and statements.
    private static func event(_ n: Int) -> String {
        if n % 3 == 0 {
            return F.line("statement.made", #""by":"AZE","speaker":"S","summary":"number \#(n)""#, id: "e.\(n)")
        }
        return F.line("transfer.ordered", #""deal":"d-\#(n % 1_500)","supplier":"BLR","recipient":"AZE","system":"Polonez","category":"rocket-artillery","quantity":\#(n)"#, id: "e.\(n)")
    }

    /// Resolves `ids` and loads the buckets of `entities` through the ledger's current side index alone (no scan).
    private static func resolveThroughIndex(_ ids: [String], entities: [String] = [], ledger: Ledger) throws -> LedgerFacts {
        let handle = try LedgerFileHandle.open(ledger.path, flags: O_RDONLY)
        let size = try handle.size()
        let lastHash = try ledger.verify().lastHash
        let index = SideIndex(ledgerPath: ledger.path, idHash: ledger.indexIDHash)
        let mapped = try #require(index.open(ledgerLength: size, lastHash: lastHash, writable: false))
        var facts = mapped.emptyFacts
        try mapped.resolve(ids, into: &facts, ledger: handle)
        try mapped.loadEntities(entities, into: &facts)
        return facts
    }

    /// Flips a byte inside line 2 (the system description) without changing its length: the
    /// chain no longer verifies, so an append that succeeds cannot have re-scanned the ledger.
    private static func damageLineTwo(_ path: String) throws {
        var bytes = try F.bytes(path)
        let second = bytes.firstIndex(of: 0x0A)! + 1
        let name = try #require(bytes[second...].firstRange(of: Array("Polonez".utf8)))
        bytes[name.lowerBound] = UInt8(ascii: "Q")
        try F.write(bytes, to: path)
    }

    @Test func tableFindsEveryIDAfterManyAppendsAcrossGrowthSteps() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        var capacities: Set<Int> = []
        var bucketCounts: Set<Int> = []
        var next = 0
        var batch = 1
        while next < 5_000 {
            let size = min(1 + (batch * 37) % 50, 5_000 - next)
            try F.append((next..<(next + size)).map(Self.event), to: ledger)
            let header = try Self.header(ledger.path)
            capacities.insert(header.capacity)
            bucketCounts.insert(header.bucketCount)
            #expect(header.heapLength <= 2 * header.liveLength + 65_536 + 4_096)  // stale bucket copies are compacted away
            next += size
            batch += 1
        }
        let header = try Self.header(ledger.path)
        #expect(header.count == 5_000)
        #expect(header.capacity == 16_384)
        #expect(capacities.count >= 7)  // 128, … 16384: every doubling was crossed
        #expect(bucketCounts.count >= 2 && header.bucketCount >= 64)  // 2,001 entities outgrow 16 buckets
        #expect(header.entityCount == 1_000 + 1_000 + 1)  // deals (those not a multiple of 3), their streams, actor:AZE

        let ids = (0..<5_000).map { "e.\($0)" }
        let facts = try Self.resolveThroughIndex(ids + ["e.5000", "e.-1"], entities: ["deal:d-1"], ledger: ledger)
        #expect(facts.ids.count == 5_000)
        #expect(facts.ids["e.4"]?.stream == "deal:d-4")
        #expect(facts.ids["e.1504"]?.stream == "deal:d-4")
        #expect(facts.ids["e.3"]?.stream == "actor:AZE")
        #expect(facts.count(ofStream: "deal:d-1") == (0..<5_000).filter { $0 % 1_500 == 1 && $0 % 3 != 0 }.count)

        // A retry of everything is skipped, one id at a time, through the table.
        let retry = try F.append(ids.indices.map(Self.event), to: ledger)
        #expect(retry.skipped.count == 5_000 && retry.appended.isEmpty)
        #expect(try ledger.verify().lines == 5_000)
    }

    @Test func retriesConflictsAndReferencesAreDecidedThroughTheTable() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        try Self.damageLineTwo(ledger.path)

        #expect(try F.append([F.sampleLines[3], F.sampleLines[0]], to: ledger).skipped == ["polonez.delivered", "actor.xkb"])
        #expect(F.problems([F.line("transfer.ordered", F.polonez, id: "polonez.delivered")], on: ledger)
            == [#"input:1: id: "polonez.delivered" is already in the ledger with different content; a wrong fact is answered by a correction event, never by rewriting"#])
        #expect(F.problems([F.line("statement.made", #""by":"AZE","speaker":"S","summary":"s","about":["polonez.ordered","ghost"]"#)], on: ledger)
            == [#"input:1: data.about[1]: no event "ghost" in the ledger"#])
        let report = try F.append([
            F.line("statement.made", #""by":"AZE","speaker":"S","summary":"s","about":["polonez.ordered"]"#, id: "about.ordered"),
            F.line("event.disputed", #""target":"actor.xkb","reason":"r""#, sources: "", id: "dispute.actor"),
        ], to: ledger)
        #expect(report.appended == ["about.ordered", "dispute.actor"])
        // A scan would refuse: the damaged line was never re-read.
        #expect(F.failure { try ledger.verify() } != nil)
    }

    @Test func correctionStreamsResolveFromTheTargetLine() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        try F.append([F.line("transfer.cancelled", F.polonez, id: "cancel")], to: ledger)
        // The deal stream holds ordered, delivered, the dispute and the cancellation.
        let report = try F.append([
            F.line("event.retracted", #""target":"polonez.delivered","reason":"r","replaced_by":"cancel""#, sources: "", id: "retract"),
            F.line("event.disputed", #""target":"system.polonez","reason":"r""#, sources: "", id: "dispute.system"),
            F.line("event.disputed", #""target":"retract","reason":"r""#, sources: "", id: "dispute.retract"),
        ], to: ledger, expectVersion: 4)
        #expect(report.appended == ["retract", "dispute.system", "dispute.retract"])
        let streams = try ledger.events().suffix(3).map(\.content.stream)
        #expect(streams == ["deal:blr-aze-polonez", "system:Polonez", "deal:blr-aze-polonez"])
        #expect(F.problems([F.line("event.retracted", #""target":"polonez.ordered","reason":"r","replaced_by":"nothing""#, sources: "")], on: ledger)
            == [#"input:1: data.replaced_by: no event "nothing" in the ledger"#])
        #expect(try Self.resolveThroughIndex(["dispute.retract"], ledger: ledger).ids["dispute.retract"]?.stream == "deal:blr-aze-polonez")
    }

    @Test func idHashCollisionsAreResolvedAgainstTheLedgerLine() throws {
        let directory = try ScratchDirectory()
        var ledger = try F.ledger(in: directory)
        ledger.indexIDHash = IDHash(mask: 0x3)  // every id hashes to 1, 2 or 3
        try F.append(F.sampleLines, to: ledger)
        try F.append((0..<60).map(Self.event), to: ledger)
        #expect(try Self.header(ledger.path).idHash == IDHash(mask: 0x3))

        #expect(try F.append([F.sampleLines[3], Self.event(59)], to: ledger).skipped == ["polonez.delivered", "e.59"])
        #expect(F.problems([F.line("transfer.ordered", F.polonez, id: "e.58")], on: ledger).count == 1)
        let report = try F.append([Self.event(60), F.line("event.disputed", #""target":"e.4","reason":"r""#, sources: "", id: "d.4")], to: ledger)
        #expect(report.appended == ["e.60", "d.4"])
        #expect(try ledger.events().last?.content.stream == "deal:d-4")
        let facts = try Self.resolveThroughIndex((0...60).map { "e.\($0)" } + ["e.61"], ledger: ledger)
        #expect(facts.ids.count == 61)

        // The standard hash does not read an index built with another: it rebuilds.
        let standard = Ledger(path: ledger.path)
        #expect(try F.append([Self.event(61)], to: standard).appended == ["e.61"])
        #expect(try Self.header(ledger.path).idHash == .standard)
        #expect(try ledger.verify().lines == 6 + 63)
    }

    @Test(arguments: ["slot-check", "slot-points-elsewhere", "other-boot", "update-lost"])
    func untrustworthyIndexIsRebuilt(damage: String) throws {
        let directory = try ScratchDirectory()
        var ledger = try F.ledger(in: directory)
        if damage == "slot-check" { ledger.indexIDHash = IDHash(mask: 0x1) }  // one probe sequence through every slot
        try F.append(F.sampleLines, to: ledger)
        let indexPath = ledger.path + ".index"
        var index = try F.bytes(indexPath)
        let header = try Self.header(ledger.path)
        let tableRange = SideIndex.headerLength..<Int(header.tableEnd)
        switch damage {
        case "slot-check":
            index[SideIndex.headerLength + 16 * 2 + 8] ^= 0x01  // the offset of the second used slot
        case "slot-points-elsewhere":
            // Every slot well-formed, but pointing at the line after its own.
            let lines = try F.lines(ledger.path)
            let offsets = lines.reduce(into: [Int64(0)]) { $0.append($0.last! + Int64($1.count + 1)) }
            let ids = try ledger.events().map(\.content.id)
            index.withUnsafeMutableBytes { raw in
                let table = IDTable(slots: UnsafeMutableRawBufferPointer(rebasing: raw[tableRange]))
                table.slots.initializeMemory(as: UInt8.self, repeating: 0)
                for (n, id) in ids.enumerated() {
                    table.insert(IDTable.Entry(hash: IDHash.standard(id), offset: offsets[(n + 1) % lines.count]))
                }
            }
        case "other-boot":
            var other = header
            other.bootID &+= 1
            index.replaceSubrange(0..<SideIndex.headerLength, with: other.encoded)
        default:
            // A crash after the ledger write and before the index update.
            try F.append([F.line("transfer.cancelled", F.polonez, id: "cancel")], to: ledger)
        }
        try F.write(index, to: indexPath)

        #expect(try F.append([F.sampleLines[5], F.sampleLines[0]], to: ledger).skipped == ["polonez.dispute", "actor.xkb"])
        let report = try F.append([F.line("event.retracted", #""target":"polonez.delivered","reason":"r""#, sources: "", id: "retract")], to: ledger)
        #expect(report.appended == ["retract"])
        #expect(try ledger.events().last?.content.stream == "deal:blr-aze-polonez")
        let rebuilt = try Self.header(ledger.path)
        #expect(rebuilt.count == (damage == "update-lost" ? 8 : 7))
        #expect(rebuilt.bootID == BootID.current)
        #expect(try Self.resolveThroughIndex(["polonez.ordered", "retract", "ghost"], ledger: ledger).ids.count == 2)
    }

    @Test func describedActorsAndDryRunsGoThroughTheIndex() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        try Self.damageLineTwo(ledger.path)  // a rebuild would refuse
        let index = try F.bytes(ledger.path + ".index")
        let deal = #""deal":"xkb-deal","supplier":"XKB","recipient":"AZE","system":"Polonez","category":"rocket-artillery""#
        #expect(try F.append([F.line("transfer.ordered", deal, id: "xkb.order")], to: ledger, dryRun: true).appended == ["xkb.order"])
        #expect(try F.bytes(ledger.path + ".index") == index)
        #expect(F.problems([F.line("transfer.ordered", deal.replacingOccurrences(of: "XKB", with: "XKC"))], on: ledger)
            == ["input:1: data.supplier: unknown actor XKC: not a current ISO 3166-1 alpha-3 code and not introduced by actor.described; did you mean XKB?"])
        #expect(try F.append([F.line("transfer.ordered", deal, id: "xkb.order")], to: ledger).appended == ["xkb.order"])
        #expect(F.problems([F.line("transfer.delivered", deal.replacingOccurrences(of: "AZE", with: "ARM"))], on: ledger)
            == [#"input:1: data.recipient: deal "xkb-deal" has recipient AZE, got ARM"#])
    }

    /// A batch whose keys are made but that is not clean (a retry among new events) is decided
    /// by the exact pass, although a clean batch's entity recording had already started: the
    /// index then holds the entities as the events written left them, as a scan finds them.
    @Test func aBatchTheExactPassDecidesLeavesTheIndexAsAScanWould() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        let report = try F.append([F.sampleLines[3], Self.event(1), Self.event(2), F.sampleLines[2]], to: ledger)
        #expect(report.skipped == ["polonez.delivered", "polonez.ordered"])
        #expect(report.appended == ["e.1", "e.2"])
        let handle = try LedgerFileHandle.open(ledger.path, flags: O_RDONLY)
        let scanned = try ledger.scan(handle, limit: try handle.size()).facts
        let streams = Array(scanned.streamCounts.keys)
        let deals = Array(scanned.deals.keys)
        let indexed = try Self.resolveThroughIndex([], entities: streams + deals, ledger: ledger)
        #expect(indexed.streamCounts == scanned.streamCounts)
        #expect(indexed.deals == scanned.deals)
    }

    /// The entity keys, given one by one without arrays (``LedgerFacts/forEachEntityKey(payload:resolvedStream:_:)``),
    /// are the non-ISO actors ``EventDecoder/actors(in:)`` finds, the stream, then the entity
    /// the payload names: for every payload of the shipped and generated lines and for every
    /// case with codes that are not ISO.
    @Test func entityKeysAreTheNonISOActorsTheStreamAndTheEntity() throws {
        var payloads: [EventPayload] = []
        for line in LineCheckerTests.shipped + LineCheckerTests.generated {
            if let checked = line.withUnsafeBytes({ LineChecker.check($0) }) { payloads.append(checked.payload) }
        }
        #expect(payloads.count > 100)
        let (xkb, xkc, aze) = (ActorCode("XKB")!, ActorCode("XKC")!, ActorCode("AZE")!)
        payloads += [
            .system(SystemDescription(system: "S", category: .artillery, name: nil, origin: xkb, rangeKm: nil)),
            .transfer(TransferFacts(deal: "d", supplier: xkb, recipient: aze, system: "S", category: .artillery, quantity: nil,
                                    quantityEstimated: false, value: nil, by: xkc, service: nil)),
            .membership(alliance: "a", member: xkb), .invocation(alliance: "a", by: xkb, against: xkc),
            .answer(alliance: "a", to: xkc, response: "r", fulfilled: true),
            .conflictStarted(conflict: "c", name: "C", sides: [[xkb, aze], [xkc]]), .conflictEnded(conflict: "c"),
            .statement(by: xkb, speaker: "s", summary: "s", about: ["x"]), .dispute(target: "t", reason: "r", by: xkc),
            .retraction(target: "t", reason: "r", replacedBy: nil),
            .actor(ActorDescription(actor: xkb, name: "X", kind: .nonState)),
            .alliance(AllianceDescription(alliance: "a", name: "A", collectiveDefence: true, article: nil)),
        ]
        // Spelled out, so that the formula below is not only the functions compared with themselves.
        #expect(LedgerFacts.entityKeys(payload: payloads[payloads.count - 11], resolvedStream: "deal:d") == ["XKB", "XKC", "deal:d", "d"])
        #expect(LedgerFacts.entityKeys(payload: payloads[payloads.count - 7], resolvedStream: nil) == ["XKB", "XKC", "c"])
        #expect(EventDecoder.actors(in: payloads[payloads.count - 7]).map(\.path) == ["data.sides[0][0]", "data.sides[0][1]", "data.sides[1][0]"])
        #expect(EventDecoder.actors(in: payloads[payloads.count - 9]).map(\.path) == ["data.by", "data.against"])
        for payload in payloads {
            for stream in ["deal:d", nil] as [String?] {
                var expected = EventDecoder.actors(in: payload).map(\.code).filter { !$0.isISO }.map(\.rawValue)
                if let stream { expected.append(stream) }
                switch payload {
                case .actor(let d): expected.append(d.actor.rawValue)
                case .transfer(let t): expected.append(t.deal)
                case .alliance(let d): expected.append(d.alliance)
                case .membership(let alliance, _), .invocation(let alliance, _, _), .answer(let alliance, _, _, _): expected.append(alliance)
                case .conflictStarted(let conflict, _, _), .conflictEnded(let conflict): expected.append(conflict)
                default: break
                }
                #expect(LedgerFacts.entityKeys(payload: payload, resolvedStream: stream) == expected, "\(payload)")
            }
        }
    }

    @Test func entityFactsRoundTrip() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.sampleLedger(in: directory)
        try F.append([
            F.line("alliance.described", #""alliance":"csto","name":"CSTO","collective_defence":true"#, id: "csto"),
            F.line("conflict.started", #""conflict":"nk","name":"Karabakh","sides":[["ARM"],["AZE"]]"#, id: "nk.start"),
            F.line("conflict.ended", #""conflict":"nk""#, id: "nk.end"),
        ], to: ledger)
        let handle = try LedgerFileHandle.open(ledger.path, flags: O_RDONLY)
        let scanned = try ledger.scan(handle, limit: try handle.size()).facts
        var decoded = LedgerFacts()
        for part in scanned.partitioned(into: 16).values {
            let merged = decoded.mergeEntities(part.encodedEntities())
            #expect(merged)
        }
        #expect(decoded.deals == scanned.deals)
        #expect(decoded.streamCounts == scanned.streamCounts)
        #expect(decoded.describedActors == ["XKB"])
        #expect(decoded.alliances == ["csto"])
        #expect(decoded.startedConflicts == ["nk"] && decoded.endedConflicts == ["nk"])
    }
}
