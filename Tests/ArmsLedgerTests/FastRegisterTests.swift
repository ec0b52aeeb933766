import Foundation
import Testing
@testable import ArmsLedger

/// The replay's fast path must give exactly the rows of the ordinary replay into
/// `RegisterProjection`, on every clock, for ledgers large enough to be split in two parts.
@Suite("Fast register path")
struct FastRegisterTests {
    /// A deterministic generator (SplitMix64).
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A synthetic ledger of `count` events: deals of every transfer type, every date form,
    /// missing and estimated quantities, values, leak sources, disputes and retraction chains.
    /// Ends the ledger with an unterminated line (a torn write) whose `seq` is `seq`.
    static func appendTornLine(seq: Int, to ledger: Ledger) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: ledger.path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"seq":\#(seq),"id":"torn","type":"transfer.del"#.utf8))
        try handle.close()
    }

    /// Removes the line at 0-based `index`, which breaks the chain after it.
    static func dropLine(_ index: Int, of ledger: Ledger) throws {
        var lines = try String(contentsOfFile: ledger.path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        lines.remove(at: index)
        try lines.joined(separator: "\n").write(toFile: ledger.path, atomically: true, encoding: .utf8)
    }

    static func syntheticLedger(count: Int, seed: UInt64, oddSystem: Bool = false) throws -> (Ledger, String) {
        var random = Seeded(state: seed)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fast-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("ledger.jsonl").path
        let ledger = try Ledger.create(at: path)
        let actors = ["ARM", "AZE", "BLR", "RUS", "TUR", "ISR", "KAZ", "UKR"]
        let categories = Category.allCases.map(\.rawValue)
        let types = ["transfer.offered", "transfer.ordered", "transfer.delivered", "transfer.delivered", "service.delivered",
                     "transfer.blocked", "transfer.declined", "transfer.cancelled"]
        let dates = ["2016", "2018-06", "2018-06-14", "2019-21", "2020-24", "2018/2022", "2016-10-14?", "2017-05~",
                     "../2016-09", "2020-09/..", "2020-09-27", "2020-09-28", "2020-09", "2021%"]
        var deals: [(id: String, supplier: String, recipient: String, system: String)] = []
        for d in 0..<120 {
            let supplier = actors.randomElement(using: &random)!
            var recipient = actors.randomElement(using: &random)!
            while recipient == supplier { recipient = actors.randomElement(using: &random)! }
            let system = oddSystem && d == 7 ? #"Tor-M2 \"export\""# : "system-\(d % 40)"
            deals.append(("deal-\(d)", supplier, recipient, system))
        }
        var lines: [String] = []
        var ids: [String] = []
        for n in 0..<count {
            let id = "e\(n)"
            let roll = Int.random(in: 0..<100, using: &random)
            let sourceDate = ["2015", "2018-07", "2019-01-02", "2024-06"].randomElement(using: &random)!
            let kind = sourceDate == "2024-06" ? "leak" : "news"
            let source = #"{"publisher":"P\#(Int.random(in: 0..<30, using: &random))","title":"T","date":"\#(sourceDate)","kind":"\#(kind)"}"#
            if roll < 4, !ids.isEmpty {
                let target = ids.randomElement(using: &random)!
                let type = roll < 2 ? "event.disputed" : "event.retracted"
                lines.append(#"{"id":"\#(id)","type":"\#(type)","occurred":"2024","confidence":"reported","sources":[\#(source)],"data":{"target":"\#(target)","reason":"r"}}"#)
            } else {
                let deal = deals.randomElement(using: &random)!
                let type = types.randomElement(using: &random)!
                var data = #""deal":"\#(deal.id)","supplier":"\#(deal.supplier)","recipient":"\#(deal.recipient)","system":"\#(deal.system)","category":"\#(categories.randomElement(using: &random)!)""#
                if type == "transfer.blocked" || type == "transfer.declined" { data += #","by":"\#(deal.recipient)""# }
                if type == "service.delivered" { data += #","service":"upgrade""# }
                if ["transfer.offered", "transfer.ordered", "transfer.delivered", "service.delivered"].contains(type) {
                    if Bool.random(using: &random) { data += #","quantity":\#(Int.random(in: 0...40, using: &random))"# }
                    if Int.random(in: 0..<5, using: &random) == 0 { data += #","quantity_estimated":true"# }
                    if Int.random(in: 0..<6, using: &random) == 0 {
                        data += #","value":{"amount":\#(Int.random(in: 0...9_000_000, using: &random)),"currency":"\#(["USD", "EUR", "RUB"].randomElement(using: &random)!)"}"#
                    }
                }
                data += #","notes":"\#(String(repeating: "context ", count: Int.random(in: 10...40, using: &random)))""#
                let confidence = ["confirmed", "reported", "claimed", "estimated"].randomElement(using: &random)!
                lines.append(#"{"id":"\#(id)","type":"\#(type)","occurred":"\#(dates.randomElement(using: &random)!)","recorded":"2026-11-23T00:00:00Z","confidence":"\#(confidence)","sources":[\#(source)],"data":{\#(data)}}"#)
            }
            ids.append(id)
        }
        _ = try ledger.append(contentsOf: Array((lines.joined(separator: "\n") + "\n").utf8), now: Timestamp(secondsSinceEpoch: 1_700_000_000))
        return (ledger, directory.path)
    }

    static let clocks: [ReplayClock] = {
        func date(_ text: String) -> EDTFDate { try! EDTFDate(parsing: text) }
        return [
            ReplayClock(),
            ReplayClock(asOf: date("2020-09-27"), knownAt: nil),
            ReplayClock(asOf: date("2020-09-27"), knownAt: nil, strictDates: true),
            ReplayClock(asOf: date("2018"), knownAt: date("2019-01-01")),
            ReplayClock(asOf: nil, knownAt: date("2023-12-31")),
            ReplayClock(asOf: date("2016-04-01"), knownAt: nil),
        ]
    }()

    static func slowRows(_ ledger: Ledger, _ clock: ReplayClock) throws -> [DealRow] {
        var register = RegisterProjection()
        Replay(events: try ledger.events(), clock: clock).fold(&register)
        return register.rows
    }

    @Test func fastPathGivesTheOrdinaryReplaysRowsOnEveryClock() throws {
        let (ledger, directory) = try Self.syntheticLedger(count: 4_000, seed: 7)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let size = try FileManager.default.attributesOfItem(atPath: ledger.path)[.size] as! Int
        #expect(size > 1 << 20, "the ledger must be large enough to be folded in two parts")
        for clock in Self.clocks {
            let fast = try #require(try FastRegister.rows(ledgerPath: ledger.path, clock: clock), "fast path declined at \(clock.summary)")
            let slow = try Self.slowRows(ledger, clock)
            #expect(fast.rows.count == slow.count, "\(clock.summary)")
            for (a, b) in zip(fast.rows, slow) { #expect(a == b, "\(clock.summary): \(a.deal)") }
            #expect(fast.ignoredTail == nil)
        }
    }

    @Test func fastPathGivesTheOrdinaryRowsOnTheShippedLedger() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Events/ledger.jsonl").path
        let ledger = Ledger(path: path)
        for clock in Self.clocks {
            let fast = try #require(try FastRegister.rows(ledgerPath: path, clock: clock))
            #expect(fast.rows == (try Self.slowRows(ledger, clock)), "\(clock.summary)")
        }
    }

    @Test func aLineTheScannerDoesNotExpectMakesTheFastPathDeclineAndTheAnswerStaysTheSame() throws {
        let (ledger, directory) = try Self.syntheticLedger(count: 600, seed: 11, oddSystem: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try FastRegister.rows(ledgerPath: ledger.path, clock: ReplayClock()) == nil)
        #expect(try ledger.registerRows(clock: ReplayClock()).rows == (try Self.slowRows(ledger, ReplayClock())))
    }

    @Test func anUnterminatedLastLineIsLeftOutAndReported() throws {
        let (ledger, directory) = try Self.syntheticLedger(count: 3_000, seed: 3)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let before = try Self.slowRows(ledger, ReplayClock())
        try Self.appendTornLine(seq: 3_001, to: ledger)
        let fast = try #require(try FastRegister.rows(ledgerPath: ledger.path, clock: ReplayClock()))
        #expect(fast.rows == before)
        #expect(fast.ignoredTail == 3_001)
    }

    @Test func aBrokenChainMakesTheFastPathDeclineSoTheOrdinaryReplayReportsIt() throws {
        let (ledger, directory) = try Self.syntheticLedger(count: 3_000, seed: 5)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.dropLine(2_000, of: ledger)
        #expect(try FastRegister.rows(ledgerPath: ledger.path, clock: ReplayClock()) == nil)
        #expect(throws: LedgerError.self) { try ledger.registerRows(clock: ReplayClock()) }
    }

    @Test func simpleDatesAreReadExactlyAsTheFullParserReadsThem() {
        var texts = ["2018", "0000", "9999", "2018-06", "2018-13", "2018-00", "2018-21", "2019-02-29", "2020-02-29",
                     "2018-06-31", "2018-06-30", "2018-6-01", "20a8", "2018-06-1x", "2018/2019", "2018?"]
        for year in [1900, 2000, 2023, 2024] {
            for month in 1...12 { texts.append(String(format: "%04d-%02d", year, month)) }
            for day in [1, 28, 29, 30, 31] { texts.append(String(format: "%04d-02-%02d", year, day)) }
        }
        for text in texts {
            let (simple, full) = Array(text.utf8).withUnsafeBytes { (DateCache.simpleBounds($0), EDTFDate.bounds($0)) }
            if let simple {
                #expect(full.map { $0.lower == simple.lower && $0.upper == simple.upper } == true, "\(text)")
            } else {
                // Only forms the simple reader does not take may be valid.
                #expect(full == nil || text.count != 4 && text.count != 7 && text.count != 10 || text.contains("/") || text.hasSuffix("?")
                        || ["21", "22", "23", "24"].contains(String(text.suffix(2))), "\(text)")
            }
        }
    }
}
