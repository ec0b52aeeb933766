#!/usr/bin/env python3
"""Crash torture for the ledger store (issue 7).

Usage: python3 Scripts/torture.py --bin PATH [--rounds N] [--seconds S] [--writers W] [--seed X]

Several writers append random valid batches (1-20 events with unique ids `t-<writer>-<n>-<i>`)
through the `armsledger append` binary while a killer sends SIGKILL to running appends at random
moments; a killed writer restarts and retries its unacknowledged batch (an idempotent retry) or
gives it up. At the end of each round every running append is killed (a crash) and, in most
rounds, a power loss is simulated on the bytes that were never acknowledged:

- truncate the file at a random offset at or after the end of the last acknowledged line
  (an append is acknowledged when it exited 0, i.e. after its fsync);
- or zero-fill the file from such an offset to its end (the file size reached the disk, the
  data blocks did not);
- or append a torn partial line (a write cut short).

Acknowledged bytes are never touched: fsync'd data survives a power loss. Then `armsledger repair`,
`armsledger verify`, `armsledger log --format jsonl`, and the checks:

- verify exits 0 and `log` shows exactly the lines verify counted;
- every line is one of our events, byte-identical in content to what its writer generated
  (nothing partial, nothing invented);
- every acknowledged batch is present exactly once, its ids in batch order;
- no id appears twice.

The ledger is restarted every --reset-every rounds to keep scans short. One verdict line at the
end; exit status 1 on any loss, duplication, verify failure or unexpected error.
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ACTORS = ["ARM", "AZE", "BLR", "RUS", "ISR", "TUR", "KAZ"]
CATEGORIES = ["ballistic-missile", "rocket-artillery", "artillery", "armour", "combat-aircraft",
              "helicopter", "air-defence", "uav", "loitering-munition", "electronic-warfare",
              "fire-control", "naval", "small-arms", "other"]
SYSTEMS = ["Iskander-E", "Polonez", "Groza-S", "Buk-MB", "Harop", "Bayraktar TB2", "T-90S"]
PUBLISHERS = ["Eurasianet", "Interfax", "SIPRI", "Jamestown Foundation", "Armenpress", "APA"]
CONFIDENCES = ["confirmed", "reported", "claimed", "estimated"]
TEXT = "abcdefghijklmnopqrstuvwxyz ÄÖÜ éè ßø 'quoted' \"dq\" / \\ «»"


class Failure(Exception):
    pass


def random_text(rng, low, high):
    return "".join(rng.choice(TEXT) for _ in range(rng.randint(low, high))).strip() or "x"


def random_date(rng):
    year = rng.randint(1995, 2024)
    kind = rng.random()
    if kind < 0.4:
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if kind < 0.7:
        return f"{year}-{rng.randint(1, 12):02d}"
    if kind < 0.85:
        return f"{year}"
    return f"{year}/{year + rng.randint(0, 3)}"


def random_source(rng):
    source = {"publisher": rng.choice(PUBLISHERS), "date": f"{rng.randint(1995, 2024)}-{rng.randint(1, 12):02d}"}
    if rng.random() < 0.5:
        source["title"] = random_text(rng, 5, 60)
    if rng.random() < 0.5:
        source["url"] = f"https://example.org/{rng.randint(0, 10**9)}"
    if rng.random() < 0.7:
        source["kind"] = rng.choice(["news", "official", "leak", "database", "analysis", "statement"])
    return source


def make_batch(rng, writer, number, count=None):
    """A batch of 1-20 valid events; returns (ids, input bytes, expected {id: content})."""
    count = count or rng.randint(1, 20)
    supplier, recipient = rng.sample(ACTORS, 2)
    deal = f"d-{writer}-{number}"
    system, category = rng.choice(SYSTEMS), rng.choice(CATEGORIES)
    ids, lines, expected = [], [], {}
    for i in range(count):
        event_id = f"t-{writer}-{number}-{i}"
        if rng.random() < 0.6:
            event_type = "transfer.delivered"
            data = {"deal": deal, "supplier": supplier, "recipient": recipient, "system": system, "category": category}
            if rng.random() < 0.6:
                data["quantity"] = rng.randint(0, 500)
            if rng.random() < 0.3:
                data["value"] = {"amount": rng.randint(0, 10**10), "currency": "USD"}
        else:
            event_type = "statement.made"
            data = {"by": rng.choice(ACTORS), "speaker": random_text(rng, 3, 30), "summary": random_text(rng, 10, 400)}
        event = {"id": event_id, "type": event_type, "occurred": random_date(rng),
                 "confidence": rng.choice(CONFIDENCES),
                 "sources": [random_source(rng) for _ in range(rng.randint(1, 3))], "data": data}
        ids.append(event_id)
        lines.append(json.dumps(event, ensure_ascii=False, separators=(",", ":")))
        expected[event_id] = (event_type, data, event["occurred"], event["confidence"], event["sources"])
    return ids, ("\n".join(lines) + "\n").encode(), expected


class Torture:
    def __init__(self, args):
        self.args = args
        self.bin = os.path.abspath(args.bin)
        self.rng = random.Random(args.seed)
        self.workdir = tempfile.mkdtemp(prefix="armsledger-torture-")
        self.ledger = os.path.join(self.workdir, "ledger.jsonl")
        self.lock = threading.Lock()
        self.live = {}              # writer -> Popen of its running append
        self.stop = threading.Event()
        self.stats = dict(rounds=0, kills=0, crash_kills=0, truncations=0, zero_fills=0, torn_appends=0,
                          repairs_moved=0, acked_batches=0, acked_events=0, retries=0, skipped_on_retry=0,
                          torn_refusals=0, lost=0, duplicated=0, partial_unacked=0, appends=0, resets=0,
                          stray_files=0, quarantines=0)
        self.errors = []
        self.batch_counter = {}
        self.partial_seen = set()
        self.stray = set()          # files left next to the ledger that nobody cleans up
        self.quarantines_before = 0
        self.reset_ledger()

    # -- helpers -------------------------------------------------------------------------------

    def run(self, *arguments, input_bytes=None, check=True):
        result = subprocess.run([self.bin, "--ledger", self.ledger, *arguments], input=input_bytes,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        if check and result.returncode != 0:
            raise Failure(f"`armsledger {' '.join(arguments)}` exited {result.returncode}: "
                          f"{result.stderr.decode(errors='replace').strip()[:300]}")
        return result

    def reset_ledger(self):
        self.quarantines_before = self.stats["quarantines"]
        for name in os.listdir(self.workdir):
            os.unlink(os.path.join(self.workdir, name))
        self.run("init")
        self.expected = {}          # id -> expected content of every event ever generated
        self.acked = []             # acknowledged batches: lists of ids
        self.attempted = []         # every batch ever sent: lists of ids

    def fail(self, message):
        with self.lock:
            self.errors.append(message)

    # -- a round -------------------------------------------------------------------------------

    def writer(self, index, seed):
        rng = random.Random(seed)
        pending = None
        while not self.stop.is_set():
            if pending is None or rng.random() < 0.2:   # a restarted writer usually retries
                number = self.batch_counter.get(index, 0)
                self.batch_counter[index] = number + 1
                ids, data, expected = make_batch(rng, index, number)
                with self.lock:
                    self.expected.update(expected)
                    self.attempted.append(ids)
                pending = (ids, data)
                retry = False
            else:
                retry = True
            ids, data = pending
            with self.lock:
                if self.stop.is_set():
                    return
                process = subprocess.Popen([self.bin, "--ledger", self.ledger, "append", "-"],
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                self.live[index] = process
            try:
                out, err = process.communicate(data, timeout=120)
            except (BrokenPipeError, OSError):
                out, err = b"", b""
                process.wait()
            with self.lock:
                self.live.pop(index, None)
                self.stats["appends"] += 1
                if retry:
                    self.stats["retries"] += 1
            code = process.returncode
            if code == 0:
                text = out.decode(errors="replace")
                with self.lock:
                    self.acked.append(ids)
                    self.stats["acked_batches"] += 1
                    self.stats["acked_events"] += len(ids)
                    if retry and "skipped 0" not in text:
                        self.stats["skipped_on_retry"] += 1
                pending = None
            elif code == -signal.SIGKILL:
                with self.lock:
                    if self.stop.is_set():
                        self.stats["crash_kills"] += 1
                    else:
                        self.stats["kills"] += 1
            elif code == 1 and b"incomplete last line" in err:
                # A kill cut a write short (a fatal signal ends pwrite early): appends refuse
                # until `repair` moves the torn tail aside, which is what an operator would do.
                with self.lock:
                    self.stats["torn_refusals"] += 1
                subprocess.run([self.bin, "--ledger", self.ledger, "repair"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=120)
            else:
                self.fail(f"append of batch {ids[0]}.. exited {code}: {err.decode(errors='replace').strip()[:400]}")
                pending = None
                time.sleep(0.05)

    def killer(self, seed):
        rng = random.Random(seed)
        while not self.stop.is_set():
            time.sleep(rng.expovariate(1 / 0.03))
            with self.lock:
                if self.stop.is_set() or not self.live:
                    continue
                process = rng.choice(list(self.live.values()))
                try:
                    process.send_signal(signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def durable_length(self):
        """The end offset of the last line holding an acknowledged event: fsync'd, never lost."""
        acked_ids = {i for batch in self.acked for i in batch}
        with open(self.ledger, "rb") as f:
            content = f.read()
        end, offset = 0, 0
        for line in content.split(b"\n")[:-1]:
            offset += len(line) + 1
            try:
                event_id = json.loads(line)["id"]
            except Exception:
                break
            if event_id in acked_ids:
                end = offset
        return end, len(content)

    def simulate_power_loss(self):
        durable, size = self.durable_length()
        choice = self.rng.random()
        if choice < 0.35 and size > durable:
            cut = self.rng.randint(durable, size)
            os.truncate(self.ledger, cut)
            self.stats["truncations"] += 1
        elif choice < 0.55 and size > durable:
            start = self.rng.randint(durable, size - 1)
            with open(self.ledger, "r+b") as f:
                f.seek(start)
                f.write(b"\0" * (size - start))
            self.stats["zero_fills"] += 1
        elif choice < 0.8:
            # A torn write of one more line: a prefix of a line-like record, no newline.
            fake = ('{"seq":999999,"id":"torn-%d","type":"statement.made","stream":"actor:ARM","occurred":"2020",'
                    '"recorded":"2026-01-01T00:00:00Z","confidence":"claimed","sources":[],"data":{"by":"ARM",'
                    '"speaker":"x","summary":"%s"},"prev":"%s","hash":"%s"}' % (
                        self.rng.randint(0, 10**9), "y" * self.rng.randint(0, 3000), "0" * 64, "f" * 64)).encode()
            with open(self.ledger, "ab") as f:
                f.write(fake[:self.rng.randint(1, len(fake) - 1)])
            self.stats["torn_appends"] += 1

    def check(self):
        result = self.run("repair")
        if b"moved" in result.stdout:
            self.stats["repairs_moved"] += 1
        verify = self.run("verify", check=False)
        if verify.returncode != 0:
            raise Failure(f"verify failed after repair: {verify.stderr.decode(errors='replace').strip()[:400]}")
        log = self.run("log", "--format", "jsonl")
        if log.stderr:
            raise Failure(f"log after repair warned: {log.stderr.decode(errors='replace').strip()[:300]}")
        with open(self.ledger, "rb") as f:
            content = f.read()
        for name in os.listdir(self.workdir):
            if name not in ("ledger.jsonl", "ledger.jsonl.index", "ledger.jsonl.index.replay") and not name.startswith("ledger.jsonl.torn-"):
                self.stray.add(name)
        self.stats["stray_files"] = len(self.stray)
        self.stats["quarantines"] = len([n for n in os.listdir(self.workdir) if n.startswith("ledger.jsonl.torn-")]) + self.quarantines_before
        if log.stdout != content:
            raise Failure("log --format jsonl does not print exactly the ledger's lines after repair")
        positions = {}
        for number, raw in enumerate(content.split(b"\n")[:-1], start=1):
            line = json.loads(raw)
            event_id = line["id"]
            if event_id in positions:
                self.stats["duplicated"] += 1
                raise Failure(f"id {event_id} appears twice (lines {positions[event_id]} and {number})")
            positions[event_id] = number
            want = self.expected.get(event_id)
            if want is None:
                raise Failure(f"line {number}: id {event_id} was never generated")
            got = (line["type"], line["data"], line["occurred"], line["confidence"], line["sources"])
            if got != want:
                raise Failure(f"line {number}: event {event_id} differs from what its writer sent")
        if str(len(positions)) + " event" not in verify.stdout.decode():
            raise Failure(f"verify counted differently from the file: {verify.stdout.decode().strip()}")
        for batch in self.acked:
            where = [positions.get(i) for i in batch]
            missing = [i for i, p in zip(batch, where) if p is None]
            if missing:
                self.stats["lost"] += len(missing)
                raise Failure(f"acknowledged batch {batch[0]}..: {len(missing)} of {len(batch)} events lost (e.g. {missing[0]})")
            if where != sorted(where):
                raise Failure(f"acknowledged batch {batch[0]}.. is out of order: lines {where}")
        # Batches never acknowledged may be absent or present; a batch of which only some lines
        # survive (a write cut short by a kill or a power loss, then repaired) is counted: the
        # store's all-or-nothing promise covers validation, not crashes (see RELIABILITY.md).
        acked_set = {batch[0] for batch in self.acked}
        for batch in self.attempted:
            if batch[0] in acked_set:
                continue
            present = sum(1 for i in batch if i in positions)
            if 0 < present < len(batch):
                self.partial_seen.add(batch[0])
        self.stats["partial_unacked"] = len(self.partial_seen)

    def round(self):
        self.stop.clear()
        seeds = [self.rng.randrange(2**32) for _ in range(self.args.writers + 1)]
        threads = [threading.Thread(target=self.writer, args=(i, seeds[i])) for i in range(self.args.writers)]
        threads.append(threading.Thread(target=self.killer, args=(seeds[-1],)))
        for thread in threads:
            thread.start()
        time.sleep(self.rng.uniform(0.3, 1.2) * self.args.round_seconds)
        with self.lock:
            self.stop.set()
            for process in self.live.values():      # the crash: everything running dies now
                try:
                    process.send_signal(signal.SIGKILL)
                except ProcessLookupError:
                    pass
        for thread in threads:
            thread.join()
        if self.rng.random() < 0.85:
            self.simulate_power_loss()
        self.check()
        self.stats["rounds"] += 1

    def main(self):
        started = time.monotonic()
        try:
            while self.stats["rounds"] < self.args.rounds and time.monotonic() - started < self.args.seconds:
                if self.stats["rounds"] and self.stats["rounds"] % self.args.reset_every == 0:
                    self.reset_ledger()
                    self.stats["resets"] += 1
                self.round()
                if self.errors:
                    raise Failure(self.errors[0])
        except Failure as failure:
            self.errors.append(str(failure))
        except subprocess.TimeoutExpired as timeout:
            self.errors.append(f"timed out: {timeout}")
        finally:
            elapsed = time.monotonic() - started
            keep = bool(self.errors) and self.args.keep_on_failure
            if not keep:
                shutil.rmtree(self.workdir, ignore_errors=True)
        s = self.stats
        verdict = "PASS" if not self.errors else "FAIL"
        print(f"torture: {verdict} rounds={s['rounds']} seconds={elapsed:.0f} writers={self.args.writers} "
              f"appends={s['appends']} kills={s['kills']} crash-kills={s['crash_kills']} "
              f"truncations={s['truncations']} zero-fills={s['zero_fills']} torn-appends={s['torn_appends']} "
              f"repairs-moved={s['repairs_moved']} torn-refusals={s['torn_refusals']} "
              f"acked-batches={s['acked_batches']} acked-events={s['acked_events']} retries={s['retries']} "
              f"partial-unacked-batches={s['partial_unacked']} stray-files={s['stray_files']} lost={s['lost']} duplicated={s['duplicated']} "
              f"seed={self.args.seed}")
        for error in self.errors[:5]:
            print(f"error: {error}", file=sys.stderr)
        if self.stray:
            print(f"note: files left next to the ledger: {', '.join(sorted(self.stray)[:5])}", file=sys.stderr)
        if keep:
            print(f"error: ledger kept in {self.workdir}", file=sys.stderr)
        return 0 if not self.errors else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="the armsledger binary")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120, help="stop after this long even if rounds remain")
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--round-seconds", type=float, default=1.0, help="mean writing time per round")
    parser.add_argument("--reset-every", type=int, default=25)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep-on-failure", action="store_true")
    args = parser.parse_args()
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(2**31)
    sys.exit(Torture(args).main())


if __name__ == "__main__":
    main()
