import Foundation
import Testing
import ArmsLedger

/// A fresh directory under the system's temporary directory, removed when the value is released.
final class ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("armsledger-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of a file in the directory.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// The names of the files in the directory, sorted.
    func fileNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }
}

/// Fixtures and helpers shared by the ledger-core suites.
enum CoreFixture {
    /// The fixed `now` of every library call in the tests.
    static let now = Timestamp(secondsSinceEpoch: 1_700_000_000)
    /// `now` as the ledger writes it.
    static let nowText = "2023-11-14T22:13:20Z"

    static let source = #"{"publisher":"Eurasianet","date":"2017-11-09"}"#

    /// The `data` of a Belarus → Azerbaijan Polonez deal.
    static let polonez = #""deal":"blr-aze-polonez","supplier":"BLR","recipient":"AZE","system":"Polonez","category":"rocket-artillery""#

    /// An input line: `{"type":…,"occurred":…,"confidence":…,"sources":[…],"data":{…}}` plus `extra` top-level members.
    static func line(_ type: String, _ data: String, occurred: String = "2018-06", sources: String? = nil,
                     confidence: String = "reported", id: String? = nil, extra: String = "") -> String {
        var text = "{"
        if let id { text += #""id":"\#(id)","# }
        text += #""type":"\#(type)","occurred":"\#(occurred)","confidence":"\#(confidence)","sources":[\#(sources ?? source)],"data":{\#(data)}"#
        text += extra
        return text + "}"
    }

    /// Joins input lines into a batch ending in a newline.
    static func batch(_ lines: [String]) -> [UInt8] {
        Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Creates a ledger in `directory`.
    static func ledger(in directory: ScratchDirectory, name: String = "ledger.jsonl") throws -> Ledger {
        try Ledger.create(at: directory.path(name))
    }

    /// Appends lines with the fixed `now`.
    @discardableResult
    static func append(_ lines: [String], to ledger: Ledger, expectVersion: Int? = nil, dryRun: Bool = false) throws(LedgerError) -> AppendReport {
        try ledger.append(contentsOf: batch(lines), expectVersion: expectVersion, dryRun: dryRun, now: now)
    }

    /// The problems an append reports as `input:LINE: field: reason`, or an empty list when it succeeds.
    static func problems(_ lines: [String], on ledger: Ledger) -> [String] {
        do {
            try append(lines, to: ledger)
            return []
        } catch {
            if case .invalidInput(let problems) = error { return problems.map(\.description) }
            return ["unexpected error: \(error)"]
        }
    }

    /// The error a ledger call throws, or nil when it succeeds.
    static func failure<T>(_ body: () throws -> T) -> LedgerError? {
        do {
            _ = try body()
            return nil
        } catch let error as LedgerError {
            return error
        } catch {
            Issue.record("expected a LedgerError, got \(error)")
            return nil
        }
    }

    /// A file's bytes.
    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Replaces a file's bytes.
    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// A file's lines (without their newlines); an unterminated last line is included.
    static func lines(_ path: String) throws -> [[UInt8]] {
        var pieces = try bytes(path).split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if pieces.last?.isEmpty == true { pieces.removeLast() }
        return pieces
    }

    /// A small valid chain: an actor, a system, two events of one deal, a statement about the
    /// delivery and a dispute of it. Returns the ledger.
    static let sampleLines = [
        line("actor.described", #""actor":"XKB","name":"Example non-state group","kind":"non-state""#, occurred: "2018", id: "actor.xkb"),
        line("system.described", #""system":"Polonez","category":"rocket-artillery","origin":"BLR","range_km":300"#, occurred: "2016", id: "system.polonez"),
        line("transfer.ordered", polonez + #","quantity":10"#, occurred: "2018-02", id: "polonez.ordered"),
        line("transfer.delivered", polonez + #","quantity":10"#, occurred: "2018-06~", id: "polonez.delivered"),
        line("statement.made", #""by":"AZE","speaker":"Ministry of Defence","summary":"Polonez received","about":["polonez.delivered"]"#, occurred: "2018-07-01", id: "aze.statement"),
        line("event.disputed", #""target":"polonez.delivered","reason":"count unconfirmed","by":"ARM""#, occurred: "2018-08", sources: "", id: "polonez.dispute"),
    ]

    static func sampleLedger(in directory: ScratchDirectory, name: String = "ledger.jsonl") throws -> Ledger {
        let ledger = try self.ledger(in: directory, name: name)
        try append(sampleLines, to: ledger)
        return ledger
    }
}

extension Array where Element == UInt8 {
    /// The bytes as UTF-8 text.
    var utf8Text: String { String(decoding: self, as: UTF8.self) }
}
