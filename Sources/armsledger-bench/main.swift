import ArmsLedger
#if canImport(Glibc)
import Glibc
#endif

// armsledger-bench: synthetic ledgers and helpers for Scripts/bench.sh (issue 6).

let usage = """
    usage: armsledger-bench generate --events N --out PATH [--seed S]
           armsledger-bench check --ledger PATH [--lines N]
           armsledger-bench append-input --token T
           armsledger-bench duckdb-sql (--ledger PATH | --table NAME) [--as-of YYYY-MM-DD] [--load] [--typed]

    generate      write a valid synthetic ledger of N events (10k, 1m, 5m also work; the same
                  seed gives the same bytes)
    check         re-encode the first N lines (default all) with the library and compare bytes
    append-input  print one valid append input event (a new deal named after the token)
    duckdb-sql    print DuckDB SQL giving balances' pairs (supplier, recipient, deals, ordered,
                  delivered) as of D, from the file or from a table; --load prints the statement
                  that loads the file into the table; --typed: a table whose load parses each
                  deal event's EDTF lower bound into a DATE (DuckDB's best case for the warm peer)
    """

func fail(_ message: String, code: Int32 = 2) -> Never {
    var text = "error: \(message)\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(code)
}

func output(_ text: String) {
    var text = text + "\n"
    text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = write(1, buffer.baseAddress! + offset, buffer.count - offset)
            if n <= 0 { break }
            offset += n
        }
    }
}

func parseCount(_ text: String) -> Int? {
    let lower = text.lowercased()
    if let n = Int(lower) { return n }
    for (suffix, factor) in [("k", 1_000), ("m", 1_000_000)] where lower.hasSuffix(suffix) {
        if let n = Double(lower.dropLast()) { return Int(n * Double(factor)) }
    }
    return nil
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else { fail(usage) }
arguments.removeFirst()
var options: [String: String] = [:]
var flags: Set<String> = []
var index = 0
while index < arguments.count {
    let argument = arguments[index]
    guard argument.hasPrefix("--") else { fail("unexpected argument \(argument)\n\(usage)") }
    let name = String(argument.dropFirst(2))
    if ["load", "typed", "help"].contains(name) {
        flags.insert(name)
        index += 1
    } else {
        guard index + 1 < arguments.count else { fail("--\(name) needs a value") }
        options[name] = arguments[index + 1]
        index += 2
    }
}
if flags.contains("help") || command == "--help" || command == "help" {
    output(usage)
    exit(0)
}

switch command {
case "generate":
    guard let eventsText = options["events"], let events = parseCount(eventsText), events >= 0 else { fail("generate needs --events N") }
    guard let path = options["out"] else { fail("generate needs --out PATH") }
    let seed = options["seed"].map { UInt64($0) ?? 0 } ?? 42
    let temporary = path + ".partial"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    if descriptor < 0 { fail("\(path): cannot create (errno \(errno))", code: 1) }
    var generator = Generator(total: events, seed: seed, descriptor: descriptor)
    generator.run()
    close(descriptor)
    if rename(temporary, path) != 0 { fail("\(path): cannot rename (errno \(errno))", code: 1) }
    unlink(path + ".index")

case "check":
    guard let path = options["ledger"] else { fail("check needs --ledger PATH") }
    let limit = options["lines"].flatMap(parseCount) ?? Int.max
    var checked = 0
    var mismatch: (Int, String, String)?
    do {
        // The library's reader decodes each line; re-encoding it must give the same bytes.
        _ = try Ledger(path: path).forEachEvent { event, bytes in
            guard mismatch == nil, checked < limit else { return }
            checked += 1
            var expected = LedgerLine.encode(event.content, seq: event.seq, prev: event.prev).bytes
            expected.removeLast()
            if !expected.elementsEqual(bytes) {
                mismatch = (event.seq, String(decoding: bytes, as: UTF8.self), String(decoding: expected, as: UTF8.self))
            }
        }
    } catch {
        fail("\(error)", code: 1)
    }
    if let (seq, got, want) = mismatch {
        fail("line \(seq) is not canonical:\n  got  \(got)\n  want \(want)", code: 1)
    }
    output("ok: \(checked) lines are canonical")

case "append-input":
    let token = (options["token"] ?? "1").lowercased().filter { $0.isLetter || $0.isNumber }
    output(#"{"type":"transfer.offered","occurred":"2024-05-01","confidence":"reported","sources":[{"publisher":"Benchmark","date":"2024-05-02","kind":"news"}],"data":{"deal":"bench-\#(token)","supplier":"RUS","recipient":"ARM","system":"Bench-\#(token)","category":"other","quantity":1}}"#)

case "duckdb-sql":
    let asOf = options["as-of"] ?? "2020-09-27"
    guard asOf.utf8.count == 10, (try? EDTFDate(parsing: asOf))?.precision == .day else { fail("--as-of must be a day YYYY-MM-DD") }
    let table = options["table"]
    let ledger = options["ledger"]
    let typed = flags.contains("typed")
    if flags.contains("load") {
        guard let table, let ledger else { fail("--load needs --ledger PATH and --table NAME") }
        output(typed ? DuckDBQuery.loadTyped(table: table, ledger: ledger) : DuckDBQuery.load(table: table, ledger: ledger))
    } else if let table {
        output(typed ? DuckDBQuery.balancesTyped(from: table, asOf: asOf) : DuckDBQuery.balances(from: table, asOf: asOf))
    } else if let ledger {
        output(DuckDBQuery.balances(from: DuckDBQuery.readJSON(ledger), asOf: asOf))
    } else {
        fail("duckdb-sql needs --ledger PATH or --table NAME")
    }

default:
    fail("unknown command \(command)\n\(usage)")
}
