import Foundation
import Testing
@testable import ArmsLedger

private typealias F = CoreFixture

/// The keyed scan behind `verify` and `repair` (``LedgerScanner/checkFile(_:limit:batchSize:keyMask:)``):
/// it takes a valid ledger on its own, reports what it can word in the exact scan's words, leaves
/// the rest to the exact scan, and is never fooled by keys whose hashes collide.
@Suite("Keyed verify")
struct KeyedVerifyTests {
    /// The keyed scan's own answer for `bytes` (nil when it defers to the exact scan), after
    /// checking that `verify`'s outcome equals the line-by-line scan's.
    static func keyed(_ bytes: [UInt8], keyMask: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> ScanSummary? {
        try ParallelVerifyTests.compare(bytes, batchSizes: [ParallelVerifyTests.batchSize], sourceLocation: sourceLocation)
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        try F.write(bytes, to: ledger.path)
        let handle = try LedgerFileHandle.open(ledger.path, flags: O_RDONLY)
        return try LedgerScanner.checkFile(handle, limit: try handle.size(), batchSize: ParallelVerifyTests.batchSize, keyMask: keyMask)
    }

    /// A line's text with `text` replaced by `replacement`, its hash rewritten.
    static func edited(_ line: [UInt8], _ text: String, _ replacement: String) -> [UInt8] {
        ParallelVerifyTests.rehashed(Array(line.utf8Text.replacingOccurrences(of: text, with: replacement).utf8))
    }

    /// The `"id":"…"` of a line.
    static func id(of line: [UInt8]) -> String {
        let text = line.utf8Text
        let start = text.range(of: #""id":""#)!.upperBound
        return String(text[start...].prefix { $0 != "\"" })
    }

    @Test func keyedScanTakesAValidLedgerOnItsOwnEvenWhenEveryKeyCollides() throws {
        let bytes = ParallelVerifyTests.joined(ParallelVerifyTests.validLines)
        for keyMask in [~0, 0x3, 0] {
            let summary = try Self.keyed(bytes, keyMask: keyMask)
            #expect(summary?.problem == nil && summary?.count == ParallelVerifyTests.validLines.count, "key mask \(keyMask)")
            #expect(summary?.byteLength == Int64(bytes.count))
        }
    }

    @Test func verifyReportsDuplicateIdWhoseHashCollides() throws {
        var lines = ParallelVerifyTests.validLines
        let last = lines.count - 1
        let earlier = Self.id(of: lines[last - 20])
        lines[last] = Self.edited(lines[last], #""id":"\#(Self.id(of: lines[last]))""#, #""id":"\#(earlier)""#)
        for keyMask in [~0, 0x3, 0] {
            let summary = try Self.keyed(ParallelVerifyTests.joined(lines), keyMask: keyMask)
            #expect(summary?.problem?.line == last + 1, "key mask \(keyMask)")
            #expect(summary?.problem?.reason == #"id: "\#(earlier)" appears twice"#)
        }
    }

    @Test func unknownReferenceIsLeftToTheExactScansWording() throws {
        // The ledger up to its last statement, which now speaks about an id that is not in it.
        let statement = try #require(ParallelVerifyTests.validLines.lastIndex { $0.utf8Text.contains(#""about":["#) })
        var lines = Array(ParallelVerifyTests.validLines.prefix(statement + 1))
        lines[statement] = Self.edited(lines[statement], #""about":[""#, #""about":["missing."#)
        for keyMask in [~0, 0] {
            #expect(try Self.keyed(ParallelVerifyTests.joined(lines), keyMask: keyMask) == nil, "key mask \(keyMask)")
        }
    }

    @Test func canonicallyEquivalentDealSystemsAreOneSystemAsInTheExactScan() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        let deal = #""deal":"d1","supplier":"BLR","recipient":"AZE","category":"rocket-artillery""#
        try F.append([
            F.line("transfer.ordered", deal + #","system":"Caf\#u{E9}","quantity":1"#, id: "d1.ordered"),
            F.line("transfer.delivered", deal + #","system":"Cafe\#u{301}","quantity":1"#, id: "d1.delivered"),
        ], to: ledger)
        var lines = try F.lines(ledger.path)
        #expect(lines.count == 2)
        for keyMask in [~0, 0] {
            let summary = try Self.keyed(ParallelVerifyTests.joined(lines), keyMask: keyMask)
            #expect(summary?.problem == nil && summary?.count == 2, "key mask \(keyMask)")
        }
        // A different system on the same deal: the exact scan words it.
        lines[1] = Self.edited(lines[1], "Cafe\u{301}", "Cafx")
        for keyMask in [~0, 0] {
            #expect(try Self.keyed(ParallelVerifyTests.joined(lines), keyMask: keyMask) == nil, "key mask \(keyMask)")
        }
    }

    /// A correction's stream written with a canonically equivalent spelling of its target's
    /// (U+212A KELVIN SIGN for "K"): `String` equality takes it, while the keys' hashes differ
    /// (one ASCII, one not); the keyed scan must not decide otherwise than the exact scan.
    @Test func canonicallyEquivalentStreamOfACorrectionAgreesWithTheExactScan() throws {
        let directory = try ScratchDirectory()
        let ledger = try F.ledger(in: directory)
        try F.append([
            F.line("system.described", #""system":"K-300","category":"rocket-artillery""#, occurred: "2016", id: "system.k300"),
            F.line("event.disputed", #""target":"system.k300","reason":"unclear""#, occurred: "2017", sources: "", id: "dispute.k300"),
        ], to: ledger)
        var lines = try F.lines(ledger.path)
        #expect(lines[1].utf8Text.contains(#""stream":"system:K-300""#))
        lines[1] = Self.edited(lines[1], #""stream":"system:K-300""#, "\"stream\":\"system:\u{212A}-300\"")
        #expect("system:\u{212A}-300" == "system:K-300")
        for keyMask in [~0, 0] {
            let summary = try Self.keyed(ParallelVerifyTests.joined(lines), keyMask: keyMask)
            // Deferred to the exact scan, or taken: either way `compare` held it to the exact outcome.
            #expect(summary == nil || summary?.problem == nil, "key mask \(keyMask)")
        }
    }

    @Test func stringKeyTableConfirmsEveryHashMatch() {
        let table = StringKeyTable(capacity: 4)
        func withKey<R>(_ text: String, hash: Int, _ body: (StringKey) -> R) -> R {
            var text = text
            return text.withUTF8 { utf8 in
                body(StringKey(bytes: UnsafeRawBufferPointer(utf8), hash: hash, ascii: utf8.allSatisfy { $0 < 0x80 }))
            }
        }
        // Every key with the same hash: only equal keys match.
        for (index, text) in ["a", "b", "ab", "", "Caf\u{E9}", "x\(String(repeating: "y", count: 100))"].enumerated() {
            #expect(withKey(text, hash: 7) { table.value(of: $0) } == nil)
            withKey(text, hash: 7) { table.insert($0, value: UInt32(index)) }
        }
        #expect(withKey("b", hash: 7) { table.value(of: $0) } == 1)
        #expect(withKey("", hash: 7) { table.value(of: $0) } == 3)
        #expect(withKey("Cafe\u{301}", hash: 7) { table.value(of: $0) } == 4)  // canonically equivalent
        #expect(withKey("ba", hash: 7) { table.value(of: $0) } == nil)
        // Growth keeps every key.
        for index in 0..<1000 { withKey("k\(index)", hash: index % 3) { table.insert($0, value: UInt32(index)) } }
        for index in stride(from: 0, to: 1000, by: 37) { #expect(withKey("k\(index)", hash: index % 3) { table.value(of: $0) } == UInt32(index)) }
        #expect(table.count == 1006)
    }
}
