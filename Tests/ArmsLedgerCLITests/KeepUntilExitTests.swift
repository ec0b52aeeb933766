import Synchronization
import Testing
@testable import ArmsLedgerCLI

/// Commands with large results hand them to `CommandIO.keepUntilExit` once printed (the real
/// process then never frees them); by default the value is simply released.
@Suite("Results kept until exit")
struct KeepUntilExitTests {
    /// What a command handed over, and what it printed.
    final class Capture: Sendable {
        let kept = Mutex<Int>(0)
        let printed = Mutex<[UInt8]>([])
    }

    static func run(_ arguments: [String], _ capture: Capture) -> Int32 {
        let io = CommandIO(out: { text in capture.printed.withLock { $0 += Array(text.utf8) } }, err: { _ in },
                           outBytes: { bytes in capture.printed.withLock { $0 += bytes } },
                           keepUntilExit: { _ in capture.kept.withLock { $0 += 1 } })
        return ArmsLedgerTool.run(arguments, io: io)
    }

    @Test(arguments: [
        ["register", "--as-of", "2020-09-27", "--format", "json"],
        ["register", "--as-of", "2020-09-27"],
        ["obligations", "--as-of", "2023-09-19", "--format", "json"],
        ["obligations", "--format", "md"],
        ["balance-of-power", "ARM", "AZE", "--as-of", "2020-09-27", "--format", "json"],
        ["balance-of-power", "ARM", "AZE", "--as-of", "2020-09-27"],
    ])
    func printedResultsAreHandedOverOnce(_ arguments: [String]) {
        let ledger = BinaryRunner.packageRoot.appendingPathComponent("Events/ledger.jsonl").path
        let capture = Capture()
        #expect(Self.run(["--ledger", ledger] + arguments, capture) == 0)
        #expect(capture.kept.withLock { $0 } == 1)
        #expect(capture.printed.withLock { !$0.isEmpty })
    }

    @Test func aFailedCommandHandsNothingOver() {
        let capture = Capture()
        #expect(Self.run(["--ledger", "/nonexistent/ledger.jsonl", "obligations"], capture) == 1)
        #expect(capture.kept.withLock { $0 } == 0)
    }

    @Test func theDefaultReleasesWhatItIsHanded() {
        final class Probe {}
        weak var watched: Probe?
        do {
            let probe = Probe()
            watched = probe
            let context = CommandContext(io: CommandIO(out: { _ in }, err: { _ in }), ledgerPath: "unused")
            context.keepUntilExit(probe)
        }
        #expect(watched == nil)
    }
}
