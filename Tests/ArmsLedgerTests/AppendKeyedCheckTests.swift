import Foundation
import Testing
@testable import ArmsLedger

private typealias F = CoreFixture

/// The keyed in-order check (``AppendKeyedCheck``) only decides that a batch is clean and may be
/// written without the exact pass: with it and without it, every append leaves the same files
/// and gives the same report or the same error.
@Suite("Append keyed check")
struct AppendKeyedCheckTests {
    /// One append of a scenario.
    struct Step {
        var lines: [[UInt8]]
        var expectVersion: Int?
        var dryRun = false

        init(_ lines: [[UInt8]], expectVersion: Int? = nil, dryRun: Bool = false) {
            self.lines = lines
            self.expectVersion = expectVersion
            self.dryRun = dryRun
        }

        init(_ lines: [String], expectVersion: Int? = nil, dryRun: Bool = false) {
            self.init(lines.map { Array($0.utf8) }, expectVersion: expectVersion, dryRun: dryRun)
        }
    }

    static let shipped = LineCheckerTests.shipped
    static let half = shipped.count / 2
    static let firstHalf = Array(shipped[..<half])
    static let secondHalf = Array(shipped[half...])
    static let transfer = #""deal":"d-1","supplier":"BLR","recipient":"AZE","system":"Polonez","category":"rocket-artillery""#

    /// Named scenarios: clean batches, and batches that only the exact pass may decide.
    static let scenarios: [(name: String, steps: [Step])] = [
        ("a ledger copied into an empty one", [Step(shipped)]),
        ("the second half after the first", [Step(firstHalf), Step(secondHalf)]),
        ("author-shaped lines (decoded, corrections take their target's stream)", [Step(shipped.map(AppendInputTests.stripped))]),
        ("a retry of a batch that landed", [Step(shipped), Step(shipped)]),
        ("a retry of part of a batch with new events", [Step(firstHalf), Step(Array(shipped[(half - 5)...]))]),
        ("an id twice in one batch", [Step(shipped + [shipped[3]])]),
        ("an id twice in one batch with different content", [Step([
            F.line("transfer.ordered", transfer, id: "x"), F.line("transfer.ordered", transfer + #","quantity":3"#, id: "x"),
        ])]),
        ("a taken id with different content", [Step([F.line("transfer.ordered", transfer, id: "x")]),
                                                Step([F.line("transfer.ordered", transfer + #","quantity":3"#, id: "x")])]),
        ("a statement about no event", [Step(firstHalf),
                                         Step([F.line("statement.made", #""by":"AZE","speaker":"S","summary":"s","about":["nothing"]"#)])]),
        ("a correction of no event", [Step([F.line("event.disputed", #""target":"nothing","reason":"r""#, sources: "")])]),
        ("a correction of an event in the batch", [Step([
            F.line("transfer.ordered", transfer, id: "x"), F.line("event.retracted", #""target":"x","reason":"r""#, sources: ""),
        ])]),
        ("a deal with other parties", [Step([F.line("transfer.ordered", transfer, id: "x")]),
                                        Step([F.line("transfer.delivered", transfer.replacingOccurrences(of: "BLR", with: "RUS"), id: "y")])]),
        ("an unknown actor", [Step([F.line("transfer.ordered", transfer.replacingOccurrences(of: "BLR", with: "ZZQ"), id: "x")])]),
        ("an actor described and then used", [Step([
            F.line("actor.described", #""actor":"WAGNER","name":"Wagner Group","kind":"non-state""#, id: "a"),
            F.line("transfer.ordered", transfer.replacingOccurrences(of: "BLR", with: "WAGNER"), id: "x"),
        ])]),
        ("the expected version", [Step(firstHalf), Step(secondHalf, expectVersion: 0)]),
        ("a wrong expected version", [Step([F.line("transfer.ordered", transfer, id: "x")]),
                                       Step([F.line("transfer.delivered", transfer, id: "y")], expectVersion: 0)]),
        ("a dry run", [Step(firstHalf), Step(secondHalf, dryRun: true), Step(secondHalf)]),
        ("a line invalid on its own", [Step(firstHalf + [Array(F.line("transfer.delivered", transfer + #","quantity":-4"#).utf8)])]),
        ("generated lines whose references are missing", [Step(LineCheckerTests.generated)]),
    ]

    /// What a scenario leaves: each step's report or error, and the files (the side index aside:
    /// its bytes follow `Dictionary` order, which differs from run to run).
    private static func outcome(_ steps: [Step], keyed: Bool) throws -> (results: [String], files: [String: [UInt8]]) {
        let directory = try ScratchDirectory()
        var ledger = try F.ledger(in: directory)
        ledger.appendKeyed = keyed
        var results: [String] = []
        for step in steps {
            let batch = Array(step.lines.joined(separator: [0x0A])) + [0x0A]
            do {
                let report = try ledger.append(contentsOf: batch, expectVersion: step.expectVersion, dryRun: step.dryRun, now: F.now)
                results.append("appended \(report.appended) skipped \(report.skipped) warnings \(report.warnings)")
            } catch {
                results.append("error \(error)")
            }
        }
        var files: [String: [UInt8]] = [:]
        for name in try directory.fileNames() where !name.hasSuffix(".index") { files[name] = try F.bytes(directory.path(name)) }
        return (results, files)
    }

    @Test(arguments: scenarios.indices)
    func theKeyedCheckChangesNothingButSpeed(scenario: Int) throws {
        let (name, steps) = Self.scenarios[scenario]
        let keyed = try Self.outcome(steps, keyed: true)
        let exact = try Self.outcome(steps, keyed: false)
        #expect(keyed.results == exact.results, "\(name)")
        let differing = Set(keyed.files.keys).union(exact.files.keys).sorted().filter { keyed.files[$0] != exact.files[$0] }
        #expect(differing == [], "\(name)")
    }

    @Test func cleanBatchesAreCleanAndOthersAreNot() throws {
        // The scenarios above would pass even if the keyed check never said clean: check it does.
        func isClean(_ lines: [[UInt8]], after earlier: [[UInt8]] = []) -> Bool {
            var facts = LedgerFacts()
            for line in earlier {
                guard let checked = line.withUnsafeBytes({ LineChecker.check($0) }) else { return false }
                facts.apply(id: checked.id, type: checked.type, payload: checked.payload, stream: checked.stream,
                            hash: .zero, lineLength: 0, contentHash: .zero)
            }
            let batch = lines.joined(separator: [0x0A]) + [0x0A]
            return Array(batch).withUnsafeBytes { raw in
                let checked = AppendBatch.check(raw, now: F.now)
                return checked.problems.isEmpty && AppendKeyedCheck.isClean(checked.keys, facts: facts, events: checked.events.count)
            }
        }
        #expect(isClean(Self.shipped))
        #expect(isClean(Self.secondHalf, after: Self.firstHalf))
        #expect(!isClean(Self.secondHalf))  // its references are missing
        #expect(!isClean(Self.shipped + [Self.shipped[0]]))
        #expect(!isClean(Self.secondHalf, after: Self.shipped))  // a retry
    }
}
