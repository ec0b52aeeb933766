import Foundation
import Testing
@testable import ArmsLedger

/// The balances-only fast path (compact deals grouped straight into pairs) must give exactly
/// the rows of `BalancesProjection` over the ordinary replay, on every clock.
@Suite("Fast balances path")
struct FastBalancesTests {
    static func slowRows(_ ledger: Ledger, _ clock: ReplayClock) throws -> [BalanceRow] {
        var balances = BalancesProjection()
        Replay(events: try ledger.events(), clock: clock).fold(&balances)
        return balances.rows
    }

    static let shippedPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Events/ledger.jsonl").path

    /// More clocks than the register's tests: as-of alone, known-at alone, both, strict dates.
    static let clocks: [ReplayClock] = {
        func date(_ text: String) -> EDTFDate { try! EDTFDate(parsing: text) }
        return FastRegisterTests.clocks + [
            ReplayClock(asOf: date("2020-09-27"), knownAt: date("2024-06"), strictDates: true),
            ReplayClock(asOf: date("2022-09-13"), knownAt: date("2019")),
            ReplayClock(asOf: nil, knownAt: date("2016")),
            ReplayClock(asOf: date("2019-21"), knownAt: nil, strictDates: true),
        ]
    }()

    @Test(arguments: [(4_000, UInt64(7)), (3_000, UInt64(19)), (600, UInt64(23))])
    func compactBalancesMatchRegisterGroupingOnEveryClock(count: Int, seed: UInt64) throws {
        // Synthetic ledgers: every transfer type, unknown and estimated quantities, values in
        // several currencies within one deal, disputes and retraction chains.
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: count, seed: seed)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for clock in Self.clocks {
            let fast = try #require(try FastBalances.rows(ledgerPath: ledger.path, clock: clock), "declined at \(clock.summary)")
            let slow = try Self.slowRows(ledger, clock)
            #expect(fast.rows == slow, "\(clock.summary)")
            #expect(fast.ignoredTail == nil)
            let register = try #require(try FastRegister.rows(ledgerPath: ledger.path, clock: clock, countSources: false))
            #expect(fast.rows == BalancesProjection.rows(from: register.rows), "\(clock.summary)")
        }
    }

    @Test func theSyntheticLedgersExerciseWhatBalancesDeriveFromADeal() throws {
        // Guards the test above: several currencies in one pair, unknown quantities, marks,
        // categories with unknown units, and a file large enough to be folded in two parts.
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 4_000, seed: 7)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let size = try FileManager.default.attributesOfItem(atPath: ledger.path)[.size] as! Int
        #expect(size > 1 << 20)
        let rows = try Self.slowRows(ledger, ReplayClock())
        #expect(rows.contains { $0.value.count > 1 })
        #expect(rows.contains { $0.marks.disputed })
        #expect(rows.contains { $0.marks.quantityUnknown && $0.marks.estimated })
        #expect(rows.contains { !$0.categoriesQuantityUnknown.isEmpty })
        let uncertain = try Self.slowRows(ledger, FastRegisterTests.clocks[1])
        #expect(uncertain.contains { $0.marks.uncertainDate })
    }

    @Test func compactBalancesMatchOnTheShippedLedger() throws {
        let ledger = Ledger(path: Self.shippedPath)
        for clock in Self.clocks {
            let fast = try #require(try FastBalances.rows(ledgerPath: Self.shippedPath, clock: clock))
            #expect(fast.rows == (try Self.slowRows(ledger, clock)), "\(clock.summary)")
        }
    }

    @Test func theLedgersBalanceRowsAreTheOrdinaryOnesWhateverThePath() throws {
        // The ordinary answer whether the compact path takes the ledger or declines it.
        for odd in [false, true] {
            let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 600, seed: 11, oddSystem: odd)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            #expect((try FastBalances.rows(ledgerPath: ledger.path, clock: ReplayClock()) == nil) == odd)
            for clock in Self.clocks {
                #expect(try ledger.balanceRows(clock: clock).rows == (try Self.slowRows(ledger, clock)), "\(clock.summary)")
            }
        }
    }

    @Test func anUnterminatedLastLineIsLeftOutAndReported() throws {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 3_000, seed: 3)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let before = try Self.slowRows(ledger, ReplayClock())
        try FastRegisterTests.appendTornLine(seq: 3_001, to: ledger)
        let fast = try #require(try FastBalances.rows(ledgerPath: ledger.path, clock: ReplayClock()))
        #expect(fast.rows == before)
        #expect(fast.ignoredTail == 3_001)
    }

    @Test func aBrokenChainMakesTheCompactPathDecline() throws {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 3_000, seed: 5)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FastRegisterTests.dropLine(2_000, of: ledger)
        #expect(try FastBalances.rows(ledgerPath: ledger.path, clock: ReplayClock()) == nil)
        #expect(throws: LedgerError.self) { try ledger.balanceRows(clock: ReplayClock()) }
    }

    @Test func aBoundedDateCacheForgetsButAnswersAsTheFullOne() {
        var bounded = DateCache(limit: 3)
        var full = DateCache()
        let texts = ["2018/2022", "2016-10-14?", "2017-05~", "../2016-09", "2020-09/..", "2021%", "2019-21", "2018-06-14/2018-07",
                     "2018", "2018/2022", "2020-09-27", "bad", "2016-10-14?"]
        for text in texts + texts.reversed() {
            let (a, b) = Array(text.utf8).withUnsafeBytes { (bounded.bounds($0), full.bounds($0)) }
            #expect(a?.lower == b?.lower && a?.upper == b?.upper, "\(text)")
        }
    }

    @Test func valueCellsSumPerCurrencyAndBasisAndSaturate() {
        var cells = ValueCells()
        var head: Int32 = -1
        cells.add(5, currency: 2, ordered: true, head: &head)
        cells.add(7, currency: 1, ordered: false, head: &head)
        cells.add(.max - 1, currency: 2, ordered: true, head: &head)
        cells.add(3, currency: 1, ordered: false, head: &head)
        cells.add(0, currency: 1, ordered: true, head: &head)
        var seen: [String: Int64] = [:]
        cells.forEach(from: head) { amount, currency, ordered in seen["\(currency)\(ordered)"] = amount }
        #expect(seen == ["2true": .max, "1false": 10, "1true": 0])
    }

    // MARK: Warm (the replay cache's records)

    static func warmRows(_ ledger: Ledger, _ clock: ReplayClock, whole: Bool = false) -> FastBalances.Result? {
        ReplayCache(ledgerPath: ledger.path).balanceRows(ledger: ledger, clock: clock, splitAbove: whole ? 1 << 30 : 0)
    }

    @Test func warmCompactBalancesMatchTheOrdinaryOnEveryClock() throws {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 4_000, seed: 7)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(FileManager.default.fileExists(atPath: ReplayCache(ledgerPath: ledger.path).path), "append writes the cache")
        for clock in Self.clocks {
            let slow = try Self.slowRows(ledger, clock)
            for whole in [false, true] {
                let warm = try #require(Self.warmRows(ledger, clock, whole: whole), "declined at \(clock.summary)")
                #expect(warm.rows == slow, "\(clock.summary), whole: \(whole)")
                #expect(warm.ignoredTail == nil)
            }
            #expect(try ledger.balanceRows(clock: clock).rows == slow, "\(clock.summary)")
        }
    }

    @Test func warmCompactBalancesMatchOnTheShippedLedger() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ledger.jsonl").path
        try FileManager.default.copyItem(atPath: Self.shippedPath, toPath: path)
        let ledger = Ledger(path: path)
        _ = try ledger.append(contentsOf: [], dryRun: true)   // a dry run builds the cache
        for clock in Self.clocks {
            let warm = try #require(Self.warmRows(ledger, clock), "\(clock.summary)")
            #expect(warm.rows == (try Self.slowRows(ledger, clock)), "\(clock.summary)")
        }
    }

    @Test func warmCompactBalancesReadTheLinesPastAnOlderCache() throws {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 1_500, seed: 31)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ReplayCache(ledgerPath: ledger.path)
        let older = try Data(contentsOf: URL(fileURLWithPath: cache.path))
        try ReplayCacheTests.appendMore(ledger, seed: 31, from: 1_500, count: 300)
        try older.write(to: URL(fileURLWithPath: cache.path))   // as if another tool had appended
        for clock in Self.clocks {
            for whole in [false, true] {
                let warm = try #require(Self.warmRows(ledger, clock, whole: whole))
                #expect(warm.rows == (try Self.slowRows(ledger, clock)), "\(clock.summary), whole: \(whole)")
            }
        }
    }
}
