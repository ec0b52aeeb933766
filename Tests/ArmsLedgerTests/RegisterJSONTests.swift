import Foundation
import Testing
@testable import ArmsLedger

/// `RegisterReport.writeJSON` must write exactly what the report renderer writes for the
/// register report, however the rows are split between threads.
@Suite("Register JSON writer")
struct RegisterJSONTests {
    static func written(_ rows: [DealRow], _ clock: ReplayClock, parallelAbove: Int) -> String {
        var bytes: [UInt8] = []
        RegisterReport.writeJSON(rows: rows, clock: clock, parallelAbove: parallelAbove) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func rendered(_ rows: [DealRow], _ clock: ReplayClock) -> String {
        ReportRenderer.render(RegisterReport.make(rows: rows, clock: clock), as: .json)
    }

    @Test(arguments: [(3_000, UInt64(7), false), (600, UInt64(11), true)])
    func theWrittenJSONIsTheRenderedReportOnEveryClock(count: Int, seed: UInt64, oddSystem: Bool) throws {
        // Synthetic ledgers carry values in several currencies, unknown and estimated
        // quantities, disputes, uncertain dates, and (odd) a system name that needs escapes.
        let (ledger, directory) = try FastRegisterTests.syntheticLedger(count: count, seed: seed, oddSystem: oddSystem)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for clock in FastRegisterTests.clocks {
            let rows = try ledger.registerRows(clock: clock).rows
            for parallelAbove in [0, 1, 2_048, Int.max] {
                #expect(Self.written(rows, clock, parallelAbove: parallelAbove) == Self.rendered(rows, clock),
                        "\(clock.summary), parallel above \(parallelAbove)")
            }
        }
    }

    @Test func theShippedRegisterAndAnEmptyOneAreWrittenAsRendered() throws {
        let ledger = Ledger(path: FastBalancesTests.shippedPath)
        for clock in FastRegisterTests.clocks {
            let rows = try ledger.registerRows(clock: clock).rows
            #expect(Self.written(rows, clock, parallelAbove: 1) == Self.rendered(rows, clock), "\(clock.summary)")
        }
        let early = ReplayClock(asOf: Day(year: 1900, month: 1, day: 1))
        #expect(Self.written([], early, parallelAbove: 1) == Self.rendered([], early))
        #expect(Self.written([], ReplayClock(), parallelAbove: 1) == Self.rendered([], ReplayClock()))
    }
}
