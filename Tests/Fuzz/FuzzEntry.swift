// libFuzzer entry for ArmsLedger (issue 7). Not part of the SwiftPM package: Scripts/fuzz.sh
// compiles it together with Sources/ArmsLedger/**/*.swift into one module with
// `swiftc -sanitize=fuzzer,address -parse-as-library`, so it can reach internal types.
//
// Every input goes through the parsers; three in eight also through the store (selected by the
// input's length, so a crash reproduces from its input alone). Beyond "does not crash", it checks:
//
//  1. JSON → EventDecoder.decodeInput → LedgerFacts.check → LedgerLine.encode → JSONParser →
//     EventDecoder.decodeLine gives back the same content, and splitHash finds the same hash.
//  2. An EDTF date that parses has lower ≤ upper and parses again from its own text to itself.
//  3. The bytes as a ledger file: if verify passes, read passes with the same count and no
//     ignored tail; if repair moves a tail, verify passes afterwards and read agrees.
//  4. The bytes as an append batch (onto an empty ledger, or onto a copy of the shipped ledger
//     given in FUZZ_BASE_LEDGER): a successful append leaves a ledger that verifies and holds
//     exactly the events before plus those reported appended; a failed one leaves it unchanged.
//  5. verify's fast line check (LineChecker) is never more lenient than the full path: a line it
//     accepts, JSONParser + EventDecoder.decodeLine accept too, with the same seq, prev, id, type,
//     stream and payload; and the replay's decode straight from the bytes (LineChecker.event)
//     answers for the same lines, with the very event the full path decodes.
//
// FUZZ_TMPDIR names a directory for the scratch files (Scripts/fuzz.sh creates and removes it).

#if canImport(Glibc)
import Glibc
#endif

private let fixedNow = Timestamp(secondsSinceEpoch: 1_800_000_000)

private func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        fatalError("fuzz property failed: \(message())")
    }
}

/// Scratch paths and the base ledger, set up on the first input.
private struct Scratch: @unchecked Sendable {
    let rawPath: String
    let appendPath: String
    let baseLedger: [UInt8]
    let baseIndex: [UInt8]
    let baseCount: Int

    static func readFile(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 65536) }
            if n <= 0 { break }
            out += chunk[0..<n]
        }
        return out
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0, "cannot create \(path)")
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            precondition(n > 0, "cannot write \(path)")
            done += n
        }
        close(fd)
    }

    static func make() -> Scratch {
        let directory = getenv("FUZZ_TMPDIR").map { String(cString: $0) } ?? "/tmp"
        let tag = "fuzz-\(getpid())"
        let appendPath = "\(directory)/\(tag)-append.jsonl"
        var baseLedger: [UInt8] = []
        var baseIndex: [UInt8] = []
        var baseCount = 0
        if let base = getenv("FUZZ_BASE_LEDGER") {
            baseLedger = readFile(String(cString: base))
            writeFile(appendPath, baseLedger)
            unlink(appendPath + ".index")
            do {
                // An empty batch builds the side index (loadFacts) and writes nothing.
                _ = try Ledger(path: appendPath).append(contentsOf: [], now: fixedNow)
                baseCount = try Ledger(path: appendPath).verify().lines
            } catch {
                fatalError("FUZZ_BASE_LEDGER does not verify: \(error)")
            }
            baseIndex = readFile(appendPath + ".index")
        }
        return Scratch(rawPath: "\(directory)/\(tag)-raw.jsonl", appendPath: appendPath,
                       baseLedger: baseLedger, baseIndex: baseIndex, baseCount: baseCount)
    }
}

nonisolated(unsafe) private var scratch: Scratch?

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let array = Array(bytes)
    if scratch == nil { scratch = Scratch.make() }
    let paths = scratch!

    // Line-level targets, on the whole input and on each of its lines.
    fuzzLine(bytes)
    var start = 0
    var lines = 0
    for i in 0..<size where bytes[i] == 0x0A {
        if lines < 64 { fuzzLine(UnsafeRawBufferPointer(rebasing: bytes[start..<i])) }
        lines += 1
        start = i + 1
    }

    // Store targets, for three inputs in eight (file I/O is slow; the parsers run on all).
    switch size % 8 {
    case 0: fuzzLedgerFile(array, paths)
    case 1: fuzzAppend(array, paths, onto: [], index: [], count: 0)
    case 2 where !paths.baseLedger.isEmpty: fuzzAppend(array, paths, onto: paths.baseLedger, index: paths.baseIndex, count: paths.baseCount)
    default: break
    }
    return 0
}

private func fuzzLine(_ bytes: UnsafeRawBufferPointer) {
    _ = LedgerLine.splitHash(bytes)
    _ = Timestamp(rfc3339: String(decoding: bytes, as: UTF8.self))
    _ = Day(iso: String(decoding: bytes, as: UTF8.self))

    // 2. EDTF.
    if bytes.count <= 64, let date = try? EDTFDate(parsing: bytes) {
        check(date.lower <= date.upper, "EDTF \(date.text): lower \(date.lower) > upper \(date.upper)")
        let again = try? EDTFDate(parsing: date.text)
        check(again == date, "EDTF \(date.text) does not parse back to itself")
    }

    // 5. The fast line check against the full path.
    if let checked = LineChecker.check(bytes) {
        guard case .decoded(let content, let seq, let prev, _, _, _) = LedgerScanner.prepare(bytes, depth: .full, contentHash: false) else {
            fatalError("fuzz property failed: LineChecker accepts a line that the full path rejects")
        }
        let expected = LineChecker.Checked(seq: seq, id: content.id, type: content.type, stream: content.stream,
                                           payload: content.payload, prev: prev)
        check(checked == expected, "LineChecker and the full path read a line differently")
        check(LineChecker.event(bytes) == Ledger.decodeThroughJSON(bytes), "the replay's event read and the full path decode a line differently")
    } else {
        check(LineChecker.event(bytes) == nil, "the replay's event read accepts a line the fast check rejects")
    }

    // 1. JSON and the decoders.
    guard let value = try? JSONParser.parse(bytes) else { return }
    if case .success(let decoded) = EventDecoder.decodeLine(value) {
        _ = decoded.content.contentHash
    }
    guard case .success(var content) = EventDecoder.decodeInput(value, now: fixedNow) else { return }
    _ = EventDecoder.misspelledFields(of: content)
    let facts = LedgerFacts()
    guard facts.check(&content).isEmpty else { return }
    let encoded = LedgerLine.encode(content, seq: 1, prev: .zero)
    check(encoded.bytes.last == 0x0A, "encoded line does not end with a newline")
    let line = Array(encoded.bytes.dropLast())
    check(!line.contains(0x0A), "encoded line contains a raw newline")
    line.withUnsafeBytes { lineBytes in
        guard let (prefix, hash) = LedgerLine.splitHash(lineBytes) else {
            fatalError("fuzz property failed: splitHash rejects an encoded line")
        }
        check(hash == encoded.hash, "splitHash finds another hash than encode returned")
        check(SHA256.hash(UnsafeRawBufferPointer(rebasing: lineBytes[0..<prefix])) == hash, "encoded hash does not cover the prefix")
        let reparsed: JSONValue
        do { reparsed = try JSONParser.parse(lineBytes) } catch {
            fatalError("fuzz property failed: an encoded line is not JSON: \(error)")
        }
        switch EventDecoder.decodeLine(reparsed) {
        case .success(let back):
            check(back.content.contentHash == content.contentHash, "content hash changes through encode/decodeLine")
            check(back.content == content, "content changes through encode/decodeLine")
        case .failure(let issues):
            fatalError("fuzz property failed: an encoded line does not decode: \(issues.issues.map(\.description))")
        }
    }
}

/// 3. The input as a ledger file.
private func fuzzLedgerFile(_ array: [UInt8], _ paths: Scratch) {
    Scratch.writeFile(paths.rawPath, array)
    unlink(paths.rawPath + ".index")
    let ledger = Ledger(path: paths.rawPath)
    let verified = try? ledger.verify()
    let read = try? ledger.read()
    if let verified {
        check(read != nil && read!.ignoredTail == nil && read!.events.count == verified.lines,
              "verify passes with \(verified.lines) lines but read disagrees")
        return
    }
    guard let outcome = try? ledger.repair(now: fixedNow) else { return }
    if case .movedTail(let quarantine, _, let lines) = outcome {
        unlink(quarantine)
        let after = try? ledger.verify()
        check(after != nil && after!.lines == lines, "repair moved a tail but the ledger still does not verify")
        let reread = try? ledger.read()
        check(reread != nil && reread!.ignoredTail == nil && reread!.events.count == lines, "read disagrees after repair")
    }
}

/// 4. The input as an append batch.
private func fuzzAppend(_ array: [UInt8], _ paths: Scratch, onto base: [UInt8], index: [UInt8], count: Int) {
    Scratch.writeFile(paths.appendPath, base)
    if index.isEmpty || array.first.map({ $0 & 1 == 0 }) == true {
        unlink(paths.appendPath + ".index")                  // force the full-scan path
    } else {
        Scratch.writeFile(paths.appendPath + ".index", index) // the side-index path
    }
    let ledger = Ledger(path: paths.appendPath)
    do {
        let report = try ledger.append(contentsOf: array, now: fixedNow)
        let verified: Ledger.Verification
        do { verified = try ledger.verify() } catch {
            fatalError("fuzz property failed: the ledger does not verify after a successful append: \(error)")
        }
        check(verified.lines == count + report.appended.count,
              "append reported \(report.appended.count) appended but the ledger holds \(verified.lines - count) more")
        let events = (try? ledger.read().events) ?? []
        check(events.dropFirst(count).map(\.id) == report.appended, "appended ids differ from the report")
    } catch {
        let after = Scratch.readFile(paths.appendPath)
        check(after == base, "a failed append (\(error)) changed the ledger")
    }
}
