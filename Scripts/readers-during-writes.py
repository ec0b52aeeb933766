#!/usr/bin/env python3
"""Readers during writes (issue 7).

Usage: python3 Scripts/readers-during-writes.py --bin PATH [--seconds S] [--writers W] [--readers R] [--seed X]

Writers append random valid batches (the generator of torture.py) in a loop while readers replay
the ledger in a loop with `armsledger log --format jsonl` and `armsledger balances --format json`.
`verify` is not run while writing: it reports an append in progress as a torn tail, by design.

Each read must:
- exit 0;
- for `log`: print only complete lines, each parsing as JSON and ending with `,"hash":"<64 hex>"}`,
  with seq 1, 2, 3, ... and each line's prev equal to the previous line's hash;
- agree with every earlier read on the lines they share (same hash at the same seq: a read is a
  prefix of the ledger, never a different history), and never shrink for the same reader;
- for `balances`: print one JSON object with a `pairs` array.

At the end `verify` must pass and hold every acknowledged event. One verdict line; exit 1 on
any failure.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torture import make_batch  # noqa: E402

SUFFIX = re.compile(rb',"hash":"[0-9a-f]{64}"\}$')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(2**31)
    binary = os.path.abspath(args.bin)
    workdir = tempfile.mkdtemp(prefix="armsledger-readers-")
    ledger = os.path.join(workdir, "ledger.jsonl")
    lock = threading.Lock()
    stop = threading.Event()
    stats = dict(reads=0, log_reads=0, balance_reads=0, appends=0, acked_events=0, tails_ignored=0,
                 max_lines_seen=0, failures=0)
    errors = []
    hashes = {}          # seq -> hash, as first seen by any reader
    acked = []

    def fail(message):
        with lock:
            stats["failures"] += 1
            if len(errors) < 10:
                errors.append(message)

    def command(*arguments, input_bytes=None):
        return subprocess.run([binary, "--ledger", ledger, *arguments], input=input_bytes,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)

    def writer(index, seed):
        rng = random.Random(seed)
        number = 0
        while not stop.is_set():
            ids, data, _ = make_batch(rng, index, number)
            number += 1
            time.sleep(rng.uniform(0, 0.01))   # keep the ledger from outgrowing the readers
            result = command("append", "-", input_bytes=data)
            with lock:
                stats["appends"] += 1
            if result.returncode != 0:
                fail(f"append exited {result.returncode}: {result.stderr.decode(errors='replace').strip()[:300]}")
                continue
            with lock:
                acked.extend(ids)
                stats["acked_events"] += len(ids)

    def check_log(output, stderr, previous):
        if not output.endswith(b"\n") and output:
            return "log output does not end with a newline", previous
        lines = output.split(b"\n")[:-1]
        prev = "0" * 64
        for seq, raw in enumerate(lines, start=1):
            if not SUFFIX.search(raw):
                return f"line {seq} does not end with the hash field: ...{raw[-80:]!r}", previous
            try:
                line = json.loads(raw)
            except ValueError as error:
                return f"line {seq} is not JSON ({error}): ...{raw[-80:]!r}", previous
            if line.get("seq") != seq:
                return f"line {seq} has seq {line.get('seq')}", previous
            if line.get("prev") != prev:
                return f"line {seq}: prev does not link to line {seq - 1}", previous
            prev = line["hash"]
            with lock:
                known = hashes.setdefault(seq, prev)
            if known != prev:
                return f"line {seq}: a different line than an earlier read saw at the same seq", previous
        if len(lines) < previous:
            return f"read shrank from {previous} to {len(lines)} lines", previous
        if stderr:
            if b"incomplete last line left out" in stderr:
                with lock:
                    stats["tails_ignored"] += 1
            else:
                return f"log wrote to stderr: {stderr.decode(errors='replace').strip()[:200]}", previous
        with lock:
            stats["max_lines_seen"] = max(stats["max_lines_seen"], len(lines))
        return None, len(lines)

    def reader(seed):
        rng = random.Random(seed)
        previous = 0
        while not stop.is_set():
            if rng.random() < 0.75:
                result = command("log", "--format", "jsonl")
                with lock:
                    stats["reads"] += 1
                    stats["log_reads"] += 1
                if result.returncode != 0:
                    fail(f"log exited {result.returncode}: {result.stderr.decode(errors='replace').strip()[:300]}")
                    continue
                problem, previous = check_log(result.stdout, result.stderr, previous)
                if problem:
                    fail("log: " + problem)
            else:
                result = command("balances", "--format", "json")
                with lock:
                    stats["reads"] += 1
                    stats["balance_reads"] += 1
                if result.returncode != 0:
                    fail(f"balances exited {result.returncode}: {result.stderr.decode(errors='replace').strip()[:300]}")
                    continue
                try:
                    report = json.loads(result.stdout)
                    if not isinstance(report.get("pairs"), list):
                        raise ValueError("no pairs array")
                except ValueError as error:
                    fail(f"balances printed no valid report: {error}")

    started = time.monotonic()
    try:
        init = command("init")
        if init.returncode != 0:
            fail(f"init failed: {init.stderr.decode(errors='replace').strip()}")
        else:
            rng = random.Random(args.seed)
            threads = [threading.Thread(target=writer, args=(i, rng.randrange(2**32))) for i in range(args.writers)]
            threads += [threading.Thread(target=reader, args=(rng.randrange(2**32),)) for _ in range(args.readers)]
            for thread in threads:
                thread.start()
            time.sleep(args.seconds)
            stop.set()
            for thread in threads:
                thread.join()
            verify = command("verify")
            if verify.returncode != 0:
                fail(f"verify after the run failed: {verify.stderr.decode(errors='replace').strip()[:300]}")
            else:
                final = command("log", "--format", "jsonl")
                present = [json.loads(raw)["id"] for raw in final.stdout.split(b"\n")[:-1]]
                missing = set(acked) - set(present)
                if missing:
                    fail(f"{len(missing)} acknowledged events missing at the end, e.g. {sorted(missing)[0]}")
                if len(present) != len(set(present)):
                    fail("an id appears twice at the end")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.monotonic() - started
    s = stats
    verdict = "PASS" if not errors else "FAIL"
    print(f"readers-during-writes: {verdict} seconds={elapsed:.0f} writers={args.writers} readers={args.readers} "
          f"reads={s['reads']} (log={s['log_reads']} balances={s['balance_reads']}) appends={s['appends']} "
          f"acked-events={s['acked_events']} max-lines-read={s['max_lines_seen']} "
          f"unterminated-tails-ignored={s['tails_ignored']} failures={s['failures']} seed={args.seed}")
    for error in errors[:5]:
        print(f"error: {error}", file=sys.stderr)
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
