import Foundation
import Testing
import ArmsLedger

/// SPEC §6: concurrent appenders are serialised by an exclusive lock. Several processes append at
/// once; every event lands exactly once and the chain verifies.
@Suite("Concurrent appends")
struct ConcurrentAppendTests {
    static func batch(writer: Int, batch: Int, size: Int) -> String {
        (0..<size).map { i in
            #"{"id":"w\#(writer)-b\#(batch)-e\#(i)","type":"transfer.delivered","occurred":"2018-06","confidence":"reported","sources":[{"publisher":"P","date":"2018-06-11"}],"data":{"deal":"deal-\#(writer)","supplier":"BLR","recipient":"AZE","system":"Polonez","category":"rocket-artillery","quantity":\#(i)}}"#
        }.joined(separator: "\n") + "\n"
    }

    @Test func severalProcessesAppendingAtOnceLandEveryEventExactlyOnce() throws {
        let executable = try #require(BinaryRunner.executable)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("concurrent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledger.jsonl").path
        _ = try Ledger.create(at: ledger)

        let writers = 4, batches = 6, size = 5
        var processes: [Process] = []
        for writer in 0..<writers {
            // Each writer is one shell loop of `armsledger append` calls, so the writers overlap.
            var script = ""
            for b in 0..<batches {
                let file = directory.appendingPathComponent("w\(writer)-b\(b).jsonl").path
                try Self.batch(writer: writer, batch: b, size: size).write(toFile: file, atomically: true, encoding: .utf8)
                script += "'\(executable.path)' --ledger '\(ledger)' append '\(file)' >/dev/null || exit 1\n"
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            processes.append(process)
        }
        for process in processes { try process.run() }
        for process in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }

        let events = try Ledger(path: ledger).events()
        #expect(try Ledger(path: ledger).verify().lines == writers * batches * size)
        let ids = events.map(\.id)
        #expect(Set(ids).count == ids.count, "no event twice")
        for writer in 0..<writers {
            for b in 0..<batches {
                // A batch lands whole and in order: its events are consecutive lines.
                let positions = (0..<size).compactMap { ids.firstIndex(of: "w\(writer)-b\(b)-e\($0)") }
                #expect(positions.count == size)
                #expect(positions == Array(positions.first!..<(positions.first! + size)), "batch w\(writer)-b\(b) is contiguous")
            }
        }
    }
}
