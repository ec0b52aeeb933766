#!/usr/bin/env python3
"""Verify an ArmsLedger ledger independently of the Swift code, by SPEC.md section 1 alone.

Usage: python3 Scripts/verify-independent.py [LEDGER]   (default Events/ledger.jsonl)

Uses only the standard library (hashlib, json). For each line it checks that:

- the file is UTF-8 JSON lines, every line ended by a newline, no blank lines, no byte-order mark;
- the line ends with ,"hash":"<64 lowercase hex>"} and that hash is the SHA-256 of the line's
  bytes before ,"hash": ;
- the line is one JSON object with exactly the fields seq, id, type, stream, occurred, recorded,
  confidence, sources, data, prev, hash, in this order, and no duplicate keys;
- the line is compact JSON as the spec writes it: re-serialising it with
  json.dumps(obj, separators=(',', ':'), ensure_ascii=False) gives the same bytes
  (no spaces outside strings, '/' not escaped, non-ASCII as UTF-8);
- seq is 1 on the first line and one more on each next line;
- prev is 64 zeros on the first line and the previous line's hash after that;
- id matches [a-z0-9][a-z0-9._-]{0,127} and is unique.

Prints `ok: N events` and exits 0, or prints the first problem as `LEDGER:LINE: reason` to
standard error and exits 1. Exit 2 when the file cannot be read.
"""

import hashlib
import json
import re
import sys

FIELDS = ["seq", "id", "type", "stream", "occurred", "recorded", "confidence", "sources", "data", "prev", "hash"]
MARKER = b',"hash":"'
SUFFIX = re.compile(rb',"hash":"([0-9a-f]{64})"\}\Z')
ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,127}\Z")
HEX64 = re.compile(r"[0-9a-f]{64}\Z")
ZEROS = "0" * 64


class Problem(Exception):
    pass


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    seen = set()
    for key in keys:
        if key in seen:
            raise Problem(f"duplicate key {key!r}")
        seen.add(key)
    return dict(pairs)


def reject_constant(name):
    raise Problem(f"{name} is not JSON")


def check_line(raw, number, expected_prev, ids):
    """Checks one line (without its newline); returns its hash."""
    if not raw:
        raise Problem("empty line")
    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raise Problem("byte-order mark at the start of the file")
    match = SUFFIX.search(raw)
    if not match:
        raise Problem('line does not end with ,"hash":"<64 lowercase hex>"}')
    stated = match.group(1).decode("ascii")
    prefix = raw[: match.start()]
    actual = hashlib.sha256(prefix).hexdigest()
    if actual != stated:
        raise Problem(f"hash does not match the line's bytes (stated {stated}, computed {actual})")
    try:
        text = raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise Problem(f"invalid UTF-8 at byte {error.start + 1}")
    try:
        obj = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=reject_constant)
    except json.JSONDecodeError as error:
        raise Problem(f"invalid JSON at column {error.colno}: {error.msg}")
    if not isinstance(obj, dict):
        raise Problem("a line must be a JSON object")
    if list(obj.keys()) != FIELDS:
        raise Problem("fields must be exactly " + ", ".join(FIELDS) + " in this order, got " + ", ".join(obj.keys()))
    compact = json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    if compact != raw:
        at = next((i for i, (a, b) in enumerate(zip(compact, raw)) if a != b), min(len(compact), len(raw)))
        raise Problem(f"not compact JSON as written by the spec (first difference at column {at + 1})")
    seq = obj["seq"]
    if type(seq) is not int or seq != number:
        raise Problem(f"seq is {seq!r}, expected {number}")
    if not isinstance(obj["id"], str) or not ID.match(obj["id"]):
        raise Problem(f"id {obj['id']!r} does not match [a-z0-9][a-z0-9._-]{{0,127}}")
    if obj["id"] in ids:
        raise Problem(f"id {obj['id']!r} appears twice (first on line {ids[obj['id']]})")
    ids[obj["id"]] = number
    prev = obj["prev"]
    if not isinstance(prev, str) or not HEX64.match(prev):
        raise Problem("prev must be 64 lowercase hex digits")
    if prev != expected_prev:
        what = "64 zeros on line 1" if number == 1 else f"the hash of line {number - 1}"
        raise Problem(f"prev does not match {what} (the chain is broken)")
    if obj["hash"] != stated:
        raise Problem("hash field does not match the line's suffix")
    return stated


def verify(path):
    with open(path, "rb") as handle:
        data = handle.read()
    if not data:
        return 0
    pieces = data.split(b"\n")
    tail = pieces.pop()  # after the last newline: empty for a complete file
    prev = ZEROS
    ids = {}
    for number, raw in enumerate(pieces, start=1):
        try:
            prev = check_line(raw, number, prev, ids)
        except Problem as problem:
            raise Problem(f"{path}:{number}: {problem}")
    if tail:
        raise Problem(f"{path}:{len(pieces) + 1}: incomplete last line (no newline at the end)")
    return len(pieces)


def main(argv):
    path = argv[1] if len(argv) > 1 else "Events/ledger.jsonl"
    try:
        count = verify(path)
    except OSError as error:
        print(f"error: {path}: {error.strerror}", file=sys.stderr)
        return 2
    except Problem as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    print(f"ok: {count} event{'' if count == 1 else 's'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
