import Foundation
import Testing
@testable import ArmsLedger

/// The warm replay: the binary cache next to the ledger must give exactly the rows of the
/// ordinary replay, stay in step with appends, and never be trusted when it does not match.
@Suite("Replay cache (warm replay)")
struct ReplayCacheTests {
    /// The warm replay's rows; its records are folded in two halves (as on large ledgers)
    /// unless `whole`.
    static func warmRows(_ ledger: Ledger, _ clock: ReplayClock, whole: Bool = false) -> FastRegister.Result? {
        ReplayCache(ledgerPath: ledger.path).rows(ledger: ledger, clock: clock, countSources: true, splitAbove: whole ? 1 << 30 : 0)
    }

    /// Appends the events `from..<from + count` of the synthetic ledger with `seed` — the
    /// continuation of a ledger made with the same seed and `from` events (same deals, parties
    /// and ids; their `seq`, `prev` and `hash` are recomputed on input).
    static func appendMore(_ ledger: Ledger, seed: UInt64, from: Int, count: Int) throws {
        let (longer, directory) = try FastRegisterTests.syntheticLedger(count: from + count, seed: seed)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lines = try String(contentsOfFile: longer.path, encoding: .utf8).split(separator: "\n")[from...]
        _ = try ledger.append(contentsOf: Array((lines.joined(separator: "\n") + "\n").utf8), now: Timestamp(secondsSinceEpoch: 1_700_000_000))
    }

    @Test func warmReplayGivesTheOrdinaryReplaysRowsOnEveryClock() throws {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 4_000, seed: 7)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(FileManager.default.fileExists(atPath: ReplayCache(ledgerPath: ledger.path).path), "append writes the cache")
        for clock in FastRegisterTests.clocks {
            let slow = try FastRegisterTests.slowRows(ledger, clock)
            for whole in [false, true] {
                let warm = try #require(Self.warmRows(ledger, clock, whole: whole), "warm replay declined at \(clock.summary)")
                #expect(warm.rows == slow, "\(clock.summary), whole: \(whole)")
                #expect(warm.ignoredTail == nil)
            }
        }
    }

    @Test func warmReplayGivesTheOrdinaryRowsOnTheShippedLedger() throws {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Events/ledger.jsonl").path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ledger.jsonl").path
        try FileManager.default.copyItem(atPath: shipped, toPath: path)
        let ledger = Ledger(path: path)
        _ = try ledger.append(contentsOf: [], dryRun: true)   // a dry run builds the cache
        for clock in FastRegisterTests.clocks {
            let warm = try #require(Self.warmRows(ledger, clock), "\(clock.summary)")
            #expect(warm.rows == (try FastRegisterTests.slowRows(ledger, clock)), "\(clock.summary)")
        }
    }

    @Test(arguments: [1, 3_000, 40_000, 1 << 20])
    func entriesInBlocksOfAnySizeFoldToTheOrdinaryRowsWholeOrInHalves(blockRecordLimit: Int) throws {
        // The blocks of a cache are what the two threads share out: a record limit of one byte
        // gives a block per deal event, the largest one block for the whole ledger.
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 4_000, seed: 7)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lines = try CoreFixture.bytes(ledger.path)
        var encoder = ReplayCacheEncoder(continuing: .empty)
        encoder.blockRecordLimit = blockRecordLimit
        #expect(Ledger.encode(lines, at: 0, into: &encoder))
        let entries = encoder.bytes
        var blocks = 0, at = 0
        while at < entries.count {
            #expect(entries[at] == 5)
            at += entries.withUnsafeBytes { raw in ReplayCacheEncoder.blockHeaderLength + [8, 16, 24].reduce(0) { $0 + Int(ReplayCacheFold.u64(raw, at + $1)) } }
            blocks += 1
        }
        #expect(at == entries.count)
        #expect(blockRecordLimit > 1 || blocks > 1_000, "\(blocks) blocks")
        for clock in FastRegisterTests.clocks {
            let fold = ReplayCacheFold(clock: clock, countSources: true)
            let slow = try FastRegisterTests.slowRows(ledger, clock)
            for splitAbove in [0, 1 << 30] {
                let deals = try #require(entries.withUnsafeBytes { fold.deals([$0], stringCount: encoder.stringCount, splitAbove: splitAbove) })
                #expect(FastRegister.rows(deals) == slow, "\(clock.summary), split above \(splitAbove)")
                let balances = entries.withUnsafeBytes { fold.balanceRows([$0], stringCount: encoder.stringCount, splitAbove: splitAbove) }
                #expect(balances == BalancesProjection.rows(from: slow), "\(clock.summary), split above \(splitAbove)")
            }
        }
    }

    @Test(arguments: [1_000, 1 << 20])
    func sessionsThatDefineTheSameKeysAgainFoldAsOneWholeEncoding(blockRecordLimit: Int) throws {
        // An append extends the cache with a new encoder (a session), which defines again the
        // deals, actors and systems it meets: the reader must key them as the first session did.
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 3_000, seed: 19)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lines = try CoreFixture.bytes(ledger.path)
        let newlines = lines.indices.filter { lines[$0] == 0x0A }
        var cuts = [0]
        for line in [0, 1, 700, 702, 1_800, 2_999] { cuts.append(newlines[line] + 1) }
        var header = ReplayCache.Header.empty
        var sessions: [[UInt8]] = []
        for (from, to) in zip(cuts, cuts.dropFirst()) {
            var encoder = ReplayCacheEncoder(continuing: header)
            encoder.blockRecordLimit = blockRecordLimit
            #expect(Ledger.encode(Array(lines[from..<to]), at: Int64(from), into: &encoder))
            header = try #require(encoder.header(after: header))
            sessions.append(encoder.bytes)
        }
        #expect(header.ledgerLength == Int64(lines.count))
        let joined = Array(sessions.joined())
        for clock in FastRegisterTests.clocks {
            let fold = ReplayCacheFold(clock: clock, countSources: true)
            let slow = try FastRegisterTests.slowRows(ledger, clock)
            for splitAbove in [0, 1 << 30] {
                // One mapped file, or the cache and the lines past it (the last session apart).
                let whole = joined.withUnsafeBytes { fold.deals([$0], stringCount: header.stringCount, splitAbove: splitAbove) }
                #expect(whole.flatMap { FastRegister.rows($0) } == slow, "\(clock.summary), split above \(splitAbove)")
                let apart = Array(sessions.dropLast().joined()).withUnsafeBytes { cache in
                    sessions.last!.withUnsafeBytes { tail in
                        fold.balanceRows([cache, tail], stringCount: header.stringCount, splitAbove: splitAbove)
                    }
                }
                #expect(apart == BalancesProjection.rows(from: slow), "\(clock.summary), split above \(splitAbove)")
            }
        }
        // A session that does not start at the strings defined before it is refused.
        var bad = sessions
        bad.swapAt(1, 2)
        let fold = ReplayCacheFold(clock: ReplayClock(), countSources: false)
        #expect(Array(bad.joined()).withUnsafeBytes { fold.balanceRows([$0], stringCount: header.stringCount) } == nil)
    }

    @Test func aBlockWhoseLengthsOrStringCountDoNotAddUpIsNeverFolded() throws {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 600, seed: 23)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lines = try CoreFixture.bytes(ledger.path)
        var encoder = ReplayCacheEncoder(continuing: .empty)
        encoder.blockRecordLimit = 2_000
        #expect(Ledger.encode(lines, at: 0, into: &encoder))
        let fold = ReplayCacheFold(clock: ReplayClock(), countSources: false)
        let good = encoder.bytes
        #expect(good.withUnsafeBytes { fold.balanceRows([$0], stringCount: encoder.stringCount) } != nil)
        // The tag and each length of the first block's header (low and high bytes), one more in turn.
        for offset in [0, 4, 8, 15, 16, 23, 24, 31, 32] {
            var bad = good
            bad[offset] &+= 1
            #expect(bad.withUnsafeBytes { fold.balanceRows([$0], stringCount: encoder.stringCount) } == nil, "byte \(offset)")
        }
        #expect(good.withUnsafeBytes { fold.balanceRows([UnsafeRawBufferPointer(rebasing: $0.dropLast())], stringCount: encoder.stringCount) } == nil)
    }

    @Test func anAppendExtendsTheCacheInPlaceAndTheRowsFollow() throws {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 1_500, seed: 21)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ReplayCache(ledgerPath: ledger.path)
        let before = try FileManager.default.attributesOfItem(atPath: cache.path)
        try Self.appendMore(ledger, seed: 21, from: 1_500, count: 200)
        let after = try FileManager.default.attributesOfItem(atPath: cache.path)
        #expect(after[.systemFileNumber] as? Int == before[.systemFileNumber] as? Int, "extended, not rewritten")
        #expect((after[.size] as! Int) > (before[.size] as! Int))
        for clock in FastRegisterTests.clocks {
            let warm = try #require(Self.warmRows(ledger, clock))
            #expect(warm.rows == (try FastRegisterTests.slowRows(ledger, clock)), "\(clock.summary)")
        }
    }

    @Test func linesPastAnOlderCacheAreReadFromTheLedger() throws {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 1_500, seed: 31)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ReplayCache(ledgerPath: ledger.path)
        let older = try Data(contentsOf: URL(fileURLWithPath: cache.path))
        try Self.appendMore(ledger, seed: 31, from: 1_500, count: 300)
        try older.write(to: URL(fileURLWithPath: cache.path))   // as if another tool had appended
        for clock in FastRegisterTests.clocks {
            let warm = try #require(Self.warmRows(ledger, clock))
            #expect(warm.rows == (try FastRegisterTests.slowRows(ledger, clock)), "\(clock.summary)")
        }
        // The next append finds the cache behind the ledger and rewrites it whole.
        try Self.appendMore(ledger, seed: 31, from: 1_800, count: 10)
        let rebuilt = try #require(Self.warmRows(ledger, ReplayClock()))
        #expect(rebuilt.rows == (try FastRegisterTests.slowRows(ledger, ReplayClock())))
        let header = try #require(ReplayCache.Header(decoding: Array(try Data(contentsOf: URL(fileURLWithPath: cache.path)).prefix(ReplayCache.headerLength))))
        #expect(header.ledgerLength == (try FileManager.default.attributesOfItem(atPath: ledger.path)[.size] as! Int64))
    }

    @Test func anUnterminatedLastLineIsLeftOutAndReportedByTheWarmReplay() throws {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 1_000, seed: 41)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let before = try FastRegisterTests.slowRows(ledger, ReplayClock())
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: ledger.path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"seq":1001,"id":"torn","type":"transfer.del"#.utf8))
        try handle.close()
        let warm = try #require(Self.warmRows(ledger, ReplayClock()))
        #expect(warm.rows == before)
        #expect(warm.ignoredTail == 1_001)
    }

    @Test func aCacheThatDoesNotMatchTheLedgerIsNeverUsed() throws {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 800, seed: 51)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ReplayCache(ledgerPath: ledger.path)
        let good = try Data(contentsOf: URL(fileURLWithPath: cache.path))
        #expect(Self.warmRows(ledger, ReplayClock()) != nil)

        // A damaged header (checksum), a cache from another boot, garbage entries.
        var damaged = good
        damaged[9] ^= 0x40
        try damaged.write(to: URL(fileURLWithPath: cache.path))
        #expect(Self.warmRows(ledger, ReplayClock()) == nil)
        var header = try #require(ReplayCache.Header(decoding: Array(good.prefix(ReplayCache.headerLength))))
        header.bootID &+= 1
        try (Data(header.encoded) + good.dropFirst(ReplayCache.headerLength)).write(to: URL(fileURLWithPath: cache.path))
        #expect(Self.warmRows(ledger, ReplayClock()) == nil)
        var garbage = good
        garbage[ReplayCache.headerLength] = 9
        try garbage.write(to: URL(fileURLWithPath: cache.path))
        #expect(Self.warmRows(ledger, ReplayClock()) == nil)
        #expect(try ledger.registerRows(clock: ReplayClock()).rows == (try FastRegisterTests.slowRows(ledger, ReplayClock())))

        // A ledger whose last line differs (same length, another hash): the cache is not trusted.
        try good.write(to: URL(fileURLWithPath: cache.path))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: ledger.path))
        let hashAt = bytes.count - 4   // the last hex digit of the last hash
        bytes[hashAt] = bytes[hashAt] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        try bytes.write(to: URL(fileURLWithPath: ledger.path))
        #expect(Self.warmRows(ledger, ReplayClock()) == nil)
    }

    @Test func aLedgerTheFastReaderDoesNotTakeGetsADecliningCacheThatAppendsMoveAlongWithoutRescanning() throws {
        // Deal 7's system has an escaped quote: the fast reader steps aside for that line.
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 600, seed: 11, oddSystem: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ReplayCache(ledgerPath: ledger.path)
        func header() throws -> ReplayCache.Header {
            try #require(ReplayCache.Header(decoding: Array(try Data(contentsOf: URL(fileURLWithPath: cache.path)).prefix(ReplayCache.headerLength))))
        }
        func ledgerSize() throws -> Int64 { try FileManager.default.attributesOfItem(atPath: ledger.path)[.size] as! Int64 }
        #expect(try header().declining)
        #expect(try header().ledgerLength == (try ledgerSize()))
        let inode = try FileManager.default.attributesOfItem(atPath: cache.path)[.systemFileNumber] as? Int

        let more = (1...50).map { n in
            #"{"id":"more-\#(n)","type":"transfer.offered","occurred":"2019","confidence":"reported","sources":[{"publisher":"P","date":"2019"}],"data":{"deal":"more-\#(n)","supplier":"RUS","recipient":"ARM","system":"S-\#(n)","category":"air-defence"}}"#
        }
        _ = try ledger.append(contentsOf: Array((more.joined(separator: "\n") + "\n").utf8), now: Timestamp(secondsSinceEpoch: 1_700_000_000))
        // Moved along in place (no rewrite, no rescan), still declining, still header only.
        #expect(try FileManager.default.attributesOfItem(atPath: cache.path)[.systemFileNumber] as? Int == inode)
        #expect(try header().declining)
        #expect(try header().ledgerLength == (try ledgerSize()))
        #expect(try header().count == 650)
        #expect(try FileManager.default.attributesOfItem(atPath: cache.path)[.size] as? Int == ReplayCache.headerLength)
        #expect(Self.warmRows(ledger, ReplayClock()) == nil, "readers ignore a declining cache")
        #expect(try ledger.registerRows(clock: ReplayClock()).rows == (try FastRegisterTests.slowRows(ledger, ReplayClock())))
    }

    @Test func aLineTheFastReaderDoesNotTakeMakesAKeptCacheDecline() throws {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 300, seed: 61)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ReplayCache(ledgerPath: ledger.path)
        #expect(Self.warmRows(ledger, ReplayClock()) != nil)
        let odd = #"{"id":"odd-1","type":"transfer.offered","occurred":"2019","confidence":"reported","sources":[{"publisher":"P","date":"2019"}],"data":{"deal":"odd-deal","supplier":"RUS","recipient":"ARM","system":"Tor-M2 \"export\"","category":"air-defence"}}"#
        _ = try ledger.append(contentsOf: Array((odd + "\n").utf8), now: Timestamp(secondsSinceEpoch: 1_700_000_000))
        let header = try #require(ReplayCache.Header(decoding: Array(try Data(contentsOf: URL(fileURLWithPath: cache.path)).prefix(ReplayCache.headerLength))))
        #expect(header.declining)
        #expect(header.count == 301)
        #expect(Self.warmRows(ledger, ReplayClock()) == nil)
        #expect(try ledger.registerRows(clock: ReplayClock()).rows == (try FastRegisterTests.slowRows(ledger, ReplayClock())))
    }
}
