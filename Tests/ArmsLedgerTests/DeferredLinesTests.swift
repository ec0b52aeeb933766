import Foundation
import Testing
@testable import ArmsLedger

/// Lines a streaming replay passes over (``Ledger/replay(clock:types:prefetched:deferring:lineFilter:_:)``)
/// and decodes afterwards (``DeferredLines``): the latest counted description of each key must be
/// the one a full replay leaves in place, whether or not the key can be read in place.
@Suite("Deferred lines")
struct DeferredLinesTests {
    /// The latest counted event of each key among `types`, by a full in-memory replay.
    static func latestByFullReplay(_ events: [Event], _ clock: ReplayClock, key: (Event) -> String?) -> [String: Int] {
        var latest: [String: Int] = [:]
        Replay(events: events, clock: clock).forEach { replayed in
            if let key = key(replayed.event) { latest[key] = replayed.event.seq }
        }
        return latest
    }

    static func actorKey(_ event: Event) -> String? {
        if case .actor(let description) = event.payload { description.actor.rawValue } else { nil }
    }

    static func systemKey(_ event: Event) -> String? {
        if case .system(let description) = event.payload { description.system } else { nil }
    }

    @Test func deferredDescriptionsGiveTheLatestCountedOneOfEachKeyOnEveryClock() throws {
        // Many descriptions of each actor, some disputed or retracted, known at different dates.
        let (ledger, directory) = try ObligationsStreamingTests.ledger(count: 3_000, seed: 41)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let events = try ledger.events()
        let descriptions = events.filter { $0.type == .actorDescribed || $0.type == .systemDescribed }
        let actors = Set(ObligationsStreamingTests.actors + ["FRA"])
        var found = 0
        for clock in ObligationsStreamingTests.clocks {
            var handed: [EventType] = []
            let (_, deferred) = try ledger.replay(clock: clock, deferring: [.actorDescribed, .systemDescribed]) { handed.append($0.event.type) }
            #expect(deferred.count == descriptions.count, "\(clock.summary)")
            #expect(!handed.contains(.actorDescribed) && !handed.contains(.systemDescribed), "deferred lines reach no body")
            #expect(!handed.isEmpty)

            let latestActors = try deferred.latestCounted(keys: actors, key: Self.actorKey).mapValues(\.event.seq)
            #expect(latestActors == Self.latestByFullReplay(events, clock, key: Self.actorKey), "\(clock.summary)")
            let systems: Set<String> = ["Polonez", "Iskander-E", "Buk-MB", "Groza-S", "Tor-M2", "Kinzhal"]
            let latestSystems = try deferred.latestCounted(keys: systems, key: Self.systemKey).mapValues(\.event.seq)
            #expect(latestSystems == Self.latestByFullReplay(events, clock, key: Self.systemKey), "\(clock.summary)")
            found += latestActors.count
        }
        #expect(found > 20)
    }

    @Test func aKeyNotReadInPlaceIsFoundByDecodingItsLine() throws {
        let scratch = try ScratchDirectory()
        let ledger = try CoreFixture.ledger(in: scratch)
        // Escaped and non-ASCII designations cannot be compared in place; the latest of each is retracted.
        let lines = [
            EventFactory.system(id: "s1", system: #"Buk \"MB\""#, occurred: "1990"),
            EventFactory.system(id: "s2", system: "Tor-M2É", category: "air-defence", occurred: "1991"),
            EventFactory.system(id: "s3", system: #"Buk \"MB\""#, category: "air-defence", occurred: "1992"),
            EventFactory.system(id: "s4", system: "Tor-M2É", category: "armour", occurred: "1993"),
            EventFactory.system(id: "s5", system: #"Buk \"MB\""#, category: "armour", occurred: "1994"),
            EventFactory.system(id: "s6", system: "Polonez", occurred: "1995"),
            EventFactory.retraction(id: "r1", target: "s5"),
            EventFactory.retraction(id: "r2", target: "s4", known: "2030-01-01"),
        ]
        try CoreFixture.append(lines, to: ledger)
        let events = try ledger.events()
        for clock in [ReplayClock(), EventFactory.clock(knownAt: "2025")] {
            let (_, deferred) = try ledger.replay(clock: clock, deferring: [.systemDescribed]) { _ in }
            let keys: Set<String> = [#"Buk "MB""#, "Tor-M2É", "Polonez", "Unknown"]
            let latest = try deferred.latestCounted(keys: keys, key: Self.systemKey)
            #expect(latest.mapValues(\.event.seq) == Self.latestByFullReplay(events, clock, key: Self.systemKey))
            #expect(latest[#"Buk "MB""#]?.event.id == "s3")
            #expect(latest["Unknown"] == nil)
        }
        // Known at the end of time, the late retraction of s4 counts; known at 2025 it does not.
        let (_, late) = try ledger.replay(clock: ReplayClock(), deferring: [.systemDescribed]) { _ in }
        #expect(try late.latestCounted(keys: ["Tor-M2É"], key: Self.systemKey)["Tor-M2É"]?.event.id == "s2")
        let (_, early) = try ledger.replay(clock: EventFactory.clock(knownAt: "2025"), deferring: [.systemDescribed]) { _ in }
        #expect(try early.latestCounted(keys: ["Tor-M2É"], key: Self.systemKey)["Tor-M2É"]?.event.id == "s4")
    }

    @Test func aDeferredLineThatCannotBeReadIsReportedWithItsLine() throws {
        let scratch = try ScratchDirectory()
        let ledger = try CoreFixture.sampleLedger(in: scratch)
        // A last line whose links continue the chain (the replay checks no hash) but whose data is not a description.
        let last = try #require(try CoreFixture.lines(ledger.path).last)
        let previousHash = String(decoding: last.suffix(66).prefix(64), as: UTF8.self)
        let count = try CoreFixture.lines(ledger.path).count
        let broken = #"{"seq":\#(count + 1),"id":"broken","type":"system.described","stream":"system:x","occurred":"2019","recorded":"2023-11-14T22:13:20Z","confidence":"reported","sources":[],"data":{"system":7},"prev":"\#(previousHash)","hash":"\#(String(repeating: "ab", count: 32))"}"#
        try CoreFixture.write(try CoreFixture.bytes(ledger.path) + Array((broken + "\n").utf8), to: ledger.path)
        let (_, deferred) = try ledger.replay(clock: ReplayClock(), deferring: [.systemDescribed]) { _ in }
        #expect(deferred.count == 2)
        let error = CoreFixture.failure { try deferred.latestCounted(keys: ["Polonez"], key: Self.systemKey) }
        guard case .invalidLine(_, let line, let reason) = error else {
            Issue.record("expected an invalid line, got \(String(describing: error))")
            return
        }
        #expect(line == count + 1)
        #expect(reason.contains("armsledger verify"))
    }
}
