import Foundation
import Testing
@testable import ArmsLedger

/// The indexes behind the obligations view must answer exactly as the plain scans they replace.
@Suite("Membership timeline and conflict index")
struct MembershipTimelineTests {
    static var shipped: [Event] {
        get throws {
            let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Events/ledger.jsonl").path
            return try Ledger(path: path).events()
        }
    }

    @Test func timelineAgreesWithTheScanOnEveryDayAndMember() throws {
        var obligations = ObligationsProjection()
        Replay(events: try Self.shipped, clock: ReplayClock()).fold(&obligations)
        let csto = try #require(obligations.alliances["csto"])
        let timeline = MembershipTimeline(csto)
        var day = Day(year: 1990, month: 1, day: 1)!
        let end = Day(year: 2026, month: 1, day: 1)!
        while day < end {
            for member in csto.everMembers {
                #expect(timeline.decidingChange(for: member, on: day)?.replayed.event.seq
                        == csto.decidingChange(for: member, on: day)?.replayed.event.seq, "\(member) \(day)")
            }
            day = day.adding(days: 11)
        }
    }

    @Test func conflictIndexAgreesWithTheScan() throws {
        var obligations = ObligationsProjection()
        Replay(events: try Self.shipped, clock: ReplayClock()).fold(&obligations)
        let conflicts = obligations.chronologicalConflicts
        let index = ConflictIndex(conflicts)
        let actors = ["ARM", "AZE", "BLR", "RUS", "TUR"].compactMap(ActorCode.init)
        var day = Day(year: 1990, month: 1, day: 1)!
        while day < Day(year: 2026, month: 1, day: 1)! {
            for a in actors {
                for b in actors where a != b {
                    let scan = conflicts.filter { $0.isOpen(on: day) && $0.opposes(a, b) }.map(\.id)
                    #expect(index.open(between: a, and: b, on: day).map(\.id) == scan, "\(a) \(b) \(day)")
                }
            }
            day = day.adding(days: 29)
        }
    }
}
