import Foundation
import Testing
@testable import ArmsLedger

/// The streaming replay (two passes over the file, no events held) hands over exactly the events,
/// marks and order of the in-memory replay.
@Suite("Streaming replay")
struct StreamingReplayTests {
    struct Trace: Projection {
        var seen: [String] = []
        mutating func apply(_ e: ReplayedEvent) { seen.append("\(e.event.seq)\(e.uncertainDate ? "?" : "")\(e.isDisputed ? "D" : "")") }
    }

    @Test func streamingAndInMemoryReplaysAgreeOnEveryClock() throws {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 2_500, seed: 21)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let events = try ledger.events()
        for clock in FastRegisterTests.clocks {
            var memory = Trace()
            Replay(events: events, clock: clock).fold(&memory)
            var streamed = Trace()
            try ledger.replay(clock: clock) { streamed.apply($0) }
            #expect(streamed.seen == memory.seen, "\(clock.summary)")
        }
    }

    @Test func prefetchedLinesReachTheFilterCountedAndTheBodyInTheirPlace() throws {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 2_500, seed: 27)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let events = try ledger.events()
        let prefetched: Set<EventType> = [.transferOrdered, .transferOffered]
        for types in [nil, Set<EventType>([.transferDelivered, .transferOrdered])] {
            for clock in FastRegisterTests.clocks {
                var memory = Trace()
                let replay = Replay(events: events, clock: clock)
                for event in events where types?.contains(event.type) ?? true {
                    if let replayed = replay.replayed(event) { memory.apply(replayed) }
                }
                let counted = events.filter { prefetched.contains($0.type) }.compactMap(replay.replayed).map(\.event.seq)
                var handed: [Int] = []
                var streamed = Trace()
                try ledger.replay(clock: clock, types: types, prefetched: prefetched, lineFilter: { early in
                    handed = early.map(\.event.seq)
                    return { _, _ in true }
                }) { streamed.apply($0) }
                #expect(handed == counted, "\(clock.summary)")
                #expect(!counted.isEmpty)
                #expect(streamed.seen == memory.seen, "\(clock.summary) \(types.map { "\($0.count) types" } ?? "all types")")
            }
        }
    }

    @Test func obligationsFromTheStreamMatchTheInMemoryReport() throws {
        let ledger = ShippedLedgerTests.ledger
        for clock in FastRegisterTests.clocks {
            var projection = ObligationsProjection()
            try ledger.replay(clock: clock, types: ObligationsProjection.relevantTypes) { projection.apply($0) }
            let streamed = ObligationsReport.make(projection, clock: clock, alliance: nil)
            let memory = ObligationsReport.make(Replay(events: try ledger.events(), clock: clock), alliance: nil)
            #expect(ReportRenderer.render(streamed, as: .json) == ReportRenderer.render(memory, as: .json), "\(clock.summary)")
        }
    }

    @Test func aTornTailIsLeftOutAndNamedWhenTheFileIsReadInTwoHalves() throws {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 4_000, seed: 9)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var whole = Trace()
        #expect(try ledger.replay(clock: ReplayClock()) { whole.apply($0) } == nil)
        let handle = try #require(FileHandle(forWritingAtPath: ledger.path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"seq":4001,"id":"torn","type":"#.utf8))
        handle.closeFile()
        let size = try FileManager.default.attributesOfItem(atPath: ledger.path)[.size] as! Int
        #expect(size > 1 << 20, "the ledger must be large enough to be read in two halves")
        var torn = Trace()
        #expect(try ledger.replay(clock: ReplayClock()) { torn.apply($0) } == 4_001)
        #expect(torn.seen == whole.seen)
    }

    /// A synthetic ledger of `count` events with its line `number` (from 1) taken out, which
    /// breaks the chain there; and its directory, to remove.
    static func ledger(count: Int, seed: UInt64, withoutLine number: Int) throws -> (Ledger, String) {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: count, seed: seed)
        var lines = try String(contentsOfFile: ledger.path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        lines.remove(at: number - 1)
        try lines.joined(separator: "\n").write(toFile: ledger.path, atomically: true, encoding: .utf8)
        return (ledger, directory)
    }

    /// However many parts the file is read in, the body gets the events of the in-memory replay
    /// in order, prefetched and filtered lines included; a torn tail is still named.
    @Test(arguments: [2, 3, 7, 16])
    func aReplayInManyPartsHandsOverWhatTheInMemoryReplayDoes(parts: Int) throws {
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: 1_500, seed: 33)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let events = try ledger.events()
        let prefetched: Set<EventType> = [.transferOrdered]
        for clock in FastRegisterTests.clocks {
            var memory = Trace()
            Replay(events: events, clock: clock).fold(&memory)
            var streamed = Trace()
            var filters = 0
            let done = try ledger.replay(clock: clock, types: nil, prefetched: prefetched, deferring: [], lineFilter: { _ in
                filters += 1
                return { _, _ in true }
            }, parts: parts) { streamed.apply($0) }
            #expect(done.ignoredTail == nil)
            #expect(filters == parts, "one filter per part")
            #expect(streamed.seen == memory.seen, "\(parts) parts, \(clock.summary)")
        }
        let handle = try #require(FileHandle(forWritingAtPath: ledger.path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"seq":1501,"id":"torn","type":"#.utf8))
        handle.closeFile()
        var whole = Trace()
        Replay(events: events, clock: ReplayClock()).fold(&whole)
        var torn = Trace()
        let done = try ledger.replay(clock: ReplayClock(), types: nil, prefetched: [], deferring: [], lineFilter: nil,
                                     parts: parts) { torn.apply($0) }
        #expect(done.ignoredTail == 1_501)
        #expect(torn.seen == whole.seen)
    }

    /// A line missing from a later part breaks the chain there: the replay in parts declines,
    /// the sequential one names the line, and the body never gets an event twice.
    @Test func aBrokenChainInALaterPartIsReportedWithItsLine() throws {
        let (ledger, directory) = try Self.ledger(count: 1_000, seed: 4, withoutLine: 801)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var seqs: [Int] = []
        #expect {
            try ledger.replay(clock: ReplayClock(), types: nil, prefetched: [], deferring: [], lineFilter: nil, parts: 6) {
                seqs.append($0.event.seq)
            }
        } throws: { error in
            guard case LedgerError.invalidLine(_, let line, _) = error else { return false }
            return line == 801
        }
        #expect(seqs == Array(seqs.sorted()), "in order")
        #expect(Set(seqs).count == seqs.count, "never twice")
        #expect(seqs.allSatisfy { $0 <= 800 })
    }

    @Test func aBrokenChainIsReportedWithItsLine() throws {
        let (ledger, directory) = try Self.ledger(count: 300, seed: 2, withoutLine: 101)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect {
            try ledger.replay(clock: ReplayClock()) { _ in }
        } throws: { error in
            guard case LedgerError.invalidLine(_, let line, _) = error else { return false }
            return line == 101
        }
    }
}
