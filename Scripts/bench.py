#!/usr/bin/env python3
"""The benchmark of issue 6: times armsledger's operations on synthetic ledgers against their
peers (DuckDB, sha256sum, smaller ledgers) and prints one table.

Called by Scripts/bench.sh, which builds the binaries and prepares the DuckDB virtual
environment; run it directly only with --bin and --duckdb-python given.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

AS_OF = "2020-09-27"
# The generator's model, part of each cached ledger's name: bump it whenever `armsledger-bench
# generate` writes different bytes for the same size and seed. 2: conflicts break out along a few
# rivalries and end after they start (1: random pairs, ends drawn independently of starts).
GENERATOR_MODEL = 2
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The goals of issue 6: operation -> (peer description, maximum ratio).
GOALS = {
    "balances cold": 1.0,
    "balances warm": 1.0,
    "append one": 2.0,
    "append batch": 3.0,
    "verify": 1.0,
    "balances cold (scale)": 5.5,
    "verify (scale)": 5.5,
    "balances cold RSS (scale)": 1.5,
    "register cold": 1.5,
    "obligations cold": 1.5,
    "balance-of-power cold": 1.5,
}


def parse_size(text):
    t = text.strip().lower()
    if t.endswith("k"):
        return int(float(t[:-1]) * 1_000)
    if t.endswith("m"):
        return int(float(t[:-1]) * 1_000_000)
    return int(t)


def label(n):
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


class Runner:
    def __init__(self, args):
        self.args = args
        self.bin = args.bin
        self.cli = os.path.join(self.bin, "armsledger")
        self.gen = os.path.join(self.bin, "armsledger-bench")
        self.data = args.data
        self.rows = []
        self.failures = []
        self.notes = []
        os.makedirs(self.data, exist_ok=True)
        self.scratch = tempfile.mkdtemp(prefix="bench-", dir=self.data)

    # ---- processes -------------------------------------------------------------------------

    def run(self, argv, stdin=None, stdout_path=None, check=True):
        """Runs a whole process; returns (seconds, peak RSS in MB, exit status, stdout bytes)."""
        out = open(stdout_path, "wb") if stdout_path else tempfile.TemporaryFile()
        err = tempfile.TemporaryFile()
        inp = open(stdin, "rb") if stdin else subprocess.DEVNULL
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=inp, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if stdin:
            inp.close()
        err.seek(0)
        errors = err.read().decode(errors="replace")
        data = b""
        if not stdout_path:
            out.seek(0)
            data = out.read()
        out.close()
        if check and proc.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {errors.strip()[:500]}")
        return seconds, usage.ru_maxrss / 1024.0, proc.returncode, data, errors

    def times(self, argv, runs, before=None, stdin=None):
        seconds, rss = [], []
        for i in range(runs):
            if before:
                before(i)
            s, r, _, _, _ = self.run(argv(i) if callable(argv) else argv, stdin=stdin(i) if callable(stdin) else stdin,
                                     stdout_path=os.devnull)
            seconds.append(s)
            rss.append(r)
        return seconds, max(rss)

    # ---- ledgers ---------------------------------------------------------------------------

    def ledger(self, n):
        path = os.path.join(self.data, f"ledger-{label(n)}-s{self.args.seed}-g{GENERATOR_MODEL}.jsonl")
        if not os.path.exists(path):
            start = time.perf_counter()
            self.run([self.gen, "generate", "--events", str(n), "--out", path, "--seed", str(self.args.seed)])
            took = time.perf_counter() - start
            size = os.path.getsize(path)
            self.log(f"generated {label(n)} events: {size / 1e6:.0f} MB ({size / n:.0f} bytes a line) in {took:.1f} s")
            s, _, _, out, _ = self.run([self.cli, "--ledger", path, "verify"])
            self.log(f"  armsledger verify: {out.decode().strip()[:60]}… ({s:.1f} s)")
            if n <= 200_000:
                _, _, _, out, _ = self.run([self.gen, "check", "--ledger", path])
                self.log(f"  {out.decode().strip()}")
        return path

    def clear_index(self, path):
        directory, base = os.path.split(path)
        for name in os.listdir(directory):
            if name.startswith(base + ".") and not name.endswith(".partial"):
                os.unlink(os.path.join(directory, name))

    def log(self, text):
        print(text, file=sys.stderr, flush=True)

    # ---- the table ---------------------------------------------------------------------------

    def add(self, operation, size_label, seconds, rss=None, mb=None, events=None, peer=None, peer_median=None, goal_key=None,
            ratio=None):
        median = statistics.median(seconds) if seconds else None
        if ratio is None and peer_median and median:
            ratio = median / peer_median
        goal = GOALS.get(goal_key or operation)
        row = {
            "operation": operation, "size": size_label,
            "min": min(seconds) if seconds else None, "median": median,
            "mbs": (mb / median) if (mb and median) else None,
            "eps": (events / median) if (events and median) else None,
            "rss": rss, "peer": peer or "", "ratio": ratio,
            "goal": (f"≤ {goal:g} " + ("yes" if ratio <= goal else "NO")) if (goal and ratio is not None) else "",
        }
        self.rows.append(row)
        return median

    def print_table(self):
        headers = ["operation", "size", "min s", "median s", "MB/s", "events/s", "peak RSS MB", "peer", "ratio", "goal"]

        def fmt(v, kind):
            if v is None:
                return "n/a" if kind != "text" else ""
            if kind == "s":
                return f"{v:.3f}"
            if kind == "mbs":
                return f"{v:.0f}"
            if kind == "eps":
                return f"{v:,.0f}"
            if kind == "rss":
                return f"{v:.0f}"
            if kind == "ratio":
                return f"{v:.2f}"
            return str(v)

        lines = []
        for r in self.rows:
            lines.append([r["operation"], r["size"], fmt(r["min"], "s"), fmt(r["median"], "s"), fmt(r["mbs"], "mbs"),
                          fmt(r["eps"], "eps"), fmt(r["rss"], "rss"), r["peer"], fmt(r["ratio"], "ratio"), r["goal"]])
        widths = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h) for i, h in enumerate(headers)]
        out = ["| " + " | ".join(h.ljust(widths[i]) for i, h in enumerate(headers)) + " |",
               "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        for l in lines:
            out.append("| " + " | ".join(c.ljust(widths[i]) for i, c in enumerate(l)) + " |")
        print("\n".join(out))

    # ---- DuckDB ------------------------------------------------------------------------------

    DUCK_WORKER = r"""
import duckdb, json, sys, time
mode, path, runs, file_sql, load_sql, table_sql = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
res = {"version": duckdb.__version__}
duckdb.execute("SET enable_progress_bar = false")
if mode == "file":
    ts = []
    for i in range(runs):
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        t = time.perf_counter(); rows = con.execute(file_sql).fetchall(); ts.append(time.perf_counter() - t)
        con.close()
    res["times"] = ts; res["rows"] = rows
    res["threads"] = duckdb.connect().execute("SELECT current_setting('threads')").fetchone()[0]
else:
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    t = time.perf_counter(); con.execute(load_sql); res["load"] = time.perf_counter() - t
    ts = []
    for i in range(runs):
        t = time.perf_counter(); rows = con.execute(table_sql).fetchall(); ts.append(time.perf_counter() - t)
    res["times"] = ts; res["rows"] = rows
print("\nRESULT " + json.dumps(res))
"""

    def duckdb(self, mode, path, runs):
        if not self.args.duckdb_python:
            return None
        sql = lambda *extra: self.run([self.gen, "duckdb-sql", "--as-of", AS_OF] + list(extra))[3].decode()
        typed = ["--typed"] if mode == "typed" else []
        file_sql = sql("--ledger", path)
        load_sql = sql("--ledger", path, "--table", "events", "--load", *typed)
        table_sql = sql("--table", "events", *typed)
        _, rss, _, out, _ = self.run([self.args.duckdb_python, "-c", self.DUCK_WORKER, mode, path, str(runs), file_sql, load_sql,
                                      table_sql])
        res = json.loads(out.decode().rsplit("\nRESULT ", 1)[1])
        res["rss"] = rss
        return res

    # ---- measurements ------------------------------------------------------------------------

    def balances_answer(self, path):
        _, _, _, out, _ = self.run([self.cli, "--ledger", path, "balances", "--as-of", AS_OF, "--format", "json"])
        doc = json.loads(out)
        return sorted((p["supplier"], p["recipient"], int(p["deals"]), int(p["ordered"]), int(p["delivered"]))
                      for p in doc["pairs"])

    def command_exists(self, name):
        _, _, code, _, err = self.run([self.cli, name, "--help"], check=False)
        return code == 0

    def measure_size(self, n, runs, results):
        path = self.ledger(n)
        size_mb = os.path.getsize(path) / 1e6
        lab = label(n)
        cold = lambda i: self.clear_index(path)
        balances = [self.cli, "--ledger", path, "balances", "--as-of", AS_OF, "--format", "json"]

        # Cold replay: no side index, nothing cached but the OS page cache (warmed first).
        self.run(["cat", path], stdout_path=os.devnull)
        self.clear_index(path)
        cold_s, cold_rss = self.times(balances, runs, before=cold)
        duck = self.duckdb("file", path, runs)
        if duck:
            peer = statistics.median(duck["times"])
            self.add("duckdb read_json", lab, duck["times"], rss=None, mb=size_mb, events=n,
                     peer=f"(DuckDB {duck['version']}, {duck['threads']} threads, in-process)")
            self.add("balances cold", lab, cold_s, cold_rss, size_mb, n, "duckdb read_json", peer)
            ours = self.balances_answer(path)
            theirs = sorted(tuple(r) for r in duck["rows"])
            if ours == theirs:
                self.notes.append(f"{lab}: armsledger balances and DuckDB agree on all {len(ours)} pairs "
                                  f"(supplier, recipient, deals, ordered, delivered) as of {AS_OF}")
            else:
                diff = [x for x in ours if x not in theirs][:3], [x for x in theirs if x not in ours][:3]
                self.failures.append(f"{lab}: balances and DuckDB disagree: armsledger-only {diff[0]}, duckdb-only {diff[1]}")
        else:
            self.add("balances cold", lab, cold_s, cold_rss, size_mb, n, "duckdb read_json (skipped)")
        results[n] = {"cold": statistics.median(cold_s), "cold_rss": cold_rss, "path": path, "mb": size_mb}

        # Warm replay: the side index present (an append --dry-run builds it).
        one = os.path.join(self.scratch, "one.jsonl")
        with open(one, "wb") as f:
            f.write(self.run([self.gen, "append-input", "--token", "warm"])[3])
        self.run([self.cli, "--ledger", path, "append", "--dry-run", one])
        self.run(balances, stdout_path=os.devnull)
        warm_s, warm_rss = self.times(balances, runs)
        if duck:
            table = self.duckdb("table", path, runs)
            self.add("duckdb table load", lab, [table["load"]], None, size_mb, n, "(excluded from the warm peer)")
            self.add("duckdb table query", lab, table["times"], None, size_mb, n, "(in-memory table)")
            if sorted(tuple(r) for r in table["rows"]) != sorted(tuple(r) for r in duck["rows"]):
                self.failures.append(f"{lab}: DuckDB table and file queries disagree")
            self.add("balances warm", lab, warm_s, warm_rss, size_mb, n, "duckdb table query", statistics.median(table["times"]))
            # DuckDB's best case: a table whose load already parsed the dates (see DuckDBQuery.loadTyped).
            typed = self.duckdb("typed", path, runs)
            self.add("duckdb typed table load", lab, [typed["load"]], None, size_mb, n, "(excluded from the warm peer)")
            self.add("duckdb typed table query", lab, typed["times"], None, size_mb, n, "(in-memory table, dates parsed at load)")
            if sorted(tuple(r) for r in typed["rows"]) != sorted(tuple(r) for r in duck["rows"]):
                self.failures.append(f"{lab}: DuckDB typed table and file queries disagree")
            self.add("balances warm", lab, warm_s, warm_rss, size_mb, n, "duckdb typed table query", statistics.median(typed["times"]))
        else:
            self.add("balances warm", lab, warm_s, warm_rss, size_mb, n, "duckdb table query (skipped)")

        # The other projections, cold, against balances cold.
        for name, extra in [("register", []), ("obligations", []), ("balance-of-power", ["ARM", "AZE"])]:
            if name in self.args.skip:
                self.add(f"{name} cold", lab, [], None, None, None, "balances cold (skipped by --skip)")
                continue
            if not self.command_exists(name):
                self.add(f"{name} cold", lab, [], None, None, None, f"balances cold (command missing)")
                continue
            argv = [self.cli, "--ledger", path, name] + extra + ["--as-of", AS_OF, "--format", "json"]
            s, r = self.times(argv, runs, before=cold)
            self.add(f"{name} cold", lab, s, r, size_mb, n, "balances cold", results[n]["cold"])

        # Verify against sha256sum of the same file.
        sha_s, sha_rss = self.times(["sha256sum", path], runs)
        self.add("sha256sum", lab, sha_s, sha_rss, size_mb, n, "")
        ver_s, ver_rss = self.times([self.cli, "--ledger", path, "verify"], runs)
        results[n]["verify"] = self.add("verify", lab, ver_s, ver_rss, size_mb, n, "sha256sum", statistics.median(sha_s))
        cat_s, _ = self.times(["cat", path], runs)
        self.add("cat", lab, cat_s, None, size_mb, n, "")
        self.clear_index(path)

    def measure_scale(self, n, runs, results, small):
        """Goal 5 only: balances cold (with its peak RSS) and verify at a large size, each run
        right after a run of the same command at the smaller size, so that the ratio compares
        runs made minutes apart at most (this shared machine drifts by a third between runs made
        further apart). The smaller size's paired times are kept as its scale peer."""
        path = self.ledger(n)
        peer_path = self.ledger(small)
        size_mb = os.path.getsize(path) / 1e6
        lab = label(n)
        self.run(["cat", path], stdout_path=os.devnull)
        self.clear_index(path)

        def balances(p):
            return [self.cli, "--ledger", p, "balances", "--as-of", AS_OF, "--format", "json"]

        cold_s, cold_rss, peer_cold, ver_s, ver_rss, peer_ver = [], 0, [], [], 0, []
        for _ in range(runs):
            for target, seconds in ((peer_path, peer_cold), (path, cold_s)):
                self.clear_index(target)
                s, r = self.times(balances(target), 1)
                seconds += s
                if target == path:
                    cold_rss = max(cold_rss, r)
        self.add("balances cold", lab, cold_s, cold_rss, size_mb, n, "(scale run: only this and verify)")
        for _ in range(runs):
            peer_ver += self.times([self.cli, "--ledger", peer_path, "verify"], 1)[0]
            s, r = self.times([self.cli, "--ledger", path, "verify"], 1)
            ver_s += s
            ver_rss = max(ver_rss, r)
        results[n] = {"cold": statistics.median(cold_s), "cold_rss": cold_rss, "path": path, "mb": size_mb,
                      "verify": statistics.median(ver_s),
                      "peer_cold": statistics.median(peer_cold), "peer_verify": statistics.median(peer_ver)}
        self.add("verify", lab, ver_s, ver_rss, size_mb, n, "(scale run)")
        self.clear_index(path)
        self.clear_index(peer_path)

    def append_one(self, n, runs, ref_median=None):
        """One event appended to a copy of the n-event ledger (side index present, fsync included)."""
        source = self.ledger(n)
        work = os.path.join(self.scratch, f"append-{label(n)}.jsonl")
        shutil.copyfile(source, work)
        inputs = []
        for i in range(runs + 1):
            p = os.path.join(self.scratch, f"one-{label(n)}-{i}.jsonl")
            with open(p, "wb") as f:
                f.write(self.run([self.gen, "append-input", "--token", f"n{n}r{i}p{os.getpid()}"])[3])
            inputs.append(p)
        self.run([self.cli, "--ledger", work, "append", inputs[0]])  # builds the side index, untimed
        s, r = self.times(lambda i: [self.cli, "--ledger", work, "append", inputs[i + 1]], runs)
        os.unlink(work)
        self.clear_index(work)
        return s, r, os.path.getsize(source) / 1e6

    def append_batch(self, n, runs, cold_median):
        """The n-event ledger appended as one batch to an empty ledger (the lines are valid input)."""
        source = self.ledger(n)
        target = os.path.join(self.scratch, f"batch-{label(n)}.jsonl")

        def fresh(i):
            for p in [target]:
                if os.path.exists(p):
                    os.unlink(p)
            self.clear_index(target)
            self.run([self.cli, "--ledger", target, "init"])

        s, r = self.times([self.cli, "--ledger", target, "append", source], runs, before=fresh)
        same = open(target, "rb").read() == open(source, "rb").read()
        if not same:
            self.failures.append(f"append batch {label(n)}: the appended ledger differs from its input")
        self.add("append batch", label(n), s, r, os.path.getsize(source) / 1e6, n, f"balances cold {label(n)}", cold_median)
        os.unlink(target)
        self.clear_index(target)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--data", default=os.path.join(ROOT, ".build", "bench-data"))
    ap.add_argument("--duckdb-python", default="")
    ap.add_argument("--sizes", default="100k,1m")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--skip", default="", help="commands not to time, e.g. obligations,balance-of-power")
    ap.add_argument("--scale", default="", help="a larger size (e.g. 5m) at which only balances cold and verify are "
                    "timed, for goal 5's ratios against 1M")
    args = ap.parse_args()
    if args.smoke:
        args.sizes = "10k"
        args.runs = 1
    sizes = sorted(parse_size(s) for s in args.sizes.split(",") if s.strip())
    runner = Runner(args)
    results = {}
    try:
        for n in sizes:
            runner.log(f"== {label(n)} events")
            runner.measure_size(n, args.runs, results)

        # Append: one event on each size vs one event on a 10-event ledger; a batch vs cold replay.
        ten_s, ten_r, ten_mb = runner.append_one(10, args.runs)
        ten = runner.add("append one", "10", ten_s, ten_r, None, 1, "", goal_key="-")
        for n in sizes:
            s, r, mb = runner.append_one(n, args.runs)
            runner.add("append one", label(n), s, r, None, 1, "append one on 10", ten)
        batch = [n for n in sizes if n <= 100_000]
        for n in batch[-1:]:
            runner.append_batch(n, args.runs, results[n]["cold"])

        # Scale: the largest size (the --scale size when given) against 1M (or the next smaller size).
        scale = parse_size(args.scale) if args.scale else None
        if scale:
            runner.log(f"== {label(scale)} events (scale run)")
            measured = sorted(results)
            runner.measure_scale(scale, args.runs, results, 1_000_000 if 1_000_000 in measured else measured[-1])
        measured = sorted(results)
        if len(measured) >= 2:
            big, small = measured[-1], (1_000_000 if 1_000_000 in measured[:-1] else measured[-2])
            factor = f"({big // small}× events)"
            # With a scale run, against the smaller size's runs paired with it; else against its own row.
            cold_peer = results[big].get("peer_cold", results[small]["cold"])
            verify_peer = results[big].get("peer_verify", results[small]["verify"])
            paired = ", paired runs" if "peer_cold" in results[big] else ""
            runner.add("balances cold (scale)", label(big), [], None, None, None,
                       f"balances cold {label(small)} {factor}{paired}", ratio=results[big]["cold"] / cold_peer)
            runner.add("verify (scale)", label(big), [], None, None, None, f"verify {label(small)} {factor}{paired}",
                       ratio=results[big]["verify"] / verify_peer)
            runner.add("balances cold RSS (scale)", label(big), [], results[big]["cold_rss"], None, None,
                       f"peak RSS at {label(small)}", ratio=results[big]["cold_rss"] / results[small]["cold_rss"])
    except Exception as error:  # report what was measured so far
        runner.failures.append(f"{type(error).__name__}: {error}")
    finally:
        shutil.rmtree(runner.scratch, ignore_errors=True)

    runner.print_table()
    for note in runner.notes:
        print(f"- {note}")
    if not args.duckdb_python:
        print("- DuckDB columns skipped: no DuckDB available (run Scripts/bench.sh without --smoke, online, to install it)")
    for failure in runner.failures:
        print(f"FAIL: {failure}")
    sys.exit(1 if runner.failures else 0)


if __name__ == "__main__":
    main()
