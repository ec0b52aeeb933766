#!/usr/bin/env python3
"""Check the input batches in Events/batches/ before they are appended to the ledger.

Usage: python3 Scripts/check-batches.py [BATCH_DIR]

Loads every NN-topic.jsonl file in filename order (the order `armsledger append` will see them)
and checks each line against the input format of SPEC.md sections 2-4 and 6:

- the line is compact UTF-8 JSON (no spaces, no \\u escapes, no escaped '/'), no BOM, no blank lines;
- top-level fields are exactly id, type, occurred, recorded, confidence, sources, data, in that order;
- ids are unique and match [a-z0-9][a-z0-9._-]{0,127};
- the type is one of SPEC section 4 and `data` holds its required fields with the right types;
- categories, services, confidences and source kinds come from the SPEC lists;
- actors are ISO 3166-1 alpha-3 codes (/usr/share/iso-codes/json/iso_3166-1.json) or were
  introduced by an earlier actor.described;
- all transfer/service events of one deal carry the same supplier, recipient, system and category;
- references resolve to something earlier: alliance.described before other alliance events,
  conflict.started before conflict.ended, earlier event ids for target / replaced_by / about;
- EDTF dates (occurred; source dates limited to day, month or year) parse and are valid days;
- sources are non-empty except for correction and description events; URLs are http(s).

Standard library only. Exit status 0 when everything passes, 1 otherwise; problems go to
standard error as `FILE:LINE: field: reason`.
"""
import calendar
import glob
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DIR = os.path.join(ROOT, "Events", "batches")
ISO_PATH = "/usr/share/iso-codes/json/iso_3166-1.json"
ISO4217_PATH = "/usr/share/iso-codes/json/iso_4217.json"

TOP_FIELDS = ["id", "type", "occurred", "recorded", "confidence", "sources", "data"]
SOURCE_FIELDS = ["publisher", "title", "date", "url", "kind"]  # order; title and url optional
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")
RECORDED_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
FILE_RE = re.compile(r"^\d{2}-[a-z0-9][a-z0-9-]*\.jsonl$")

CONFIDENCES = {"confirmed", "reported", "claimed", "estimated"}
SOURCE_KINDS = {"news", "official", "leak", "database", "analysis", "statement"}
CATEGORIES = {"ballistic-missile", "rocket-artillery", "artillery", "armour", "combat-aircraft", "helicopter",
              "air-defence", "uav", "loitering-munition", "electronic-warfare", "fire-control", "naval",
              "small-arms", "other"}
SERVICES = {"modernisation", "repair", "upgrade", "components"}
ACTOR_KINDS = {"state", "non-state", "organisation"}

DEAL_TYPES = {"transfer.offered", "transfer.declined", "transfer.blocked", "transfer.ordered",
              "transfer.delivered", "transfer.cancelled", "service.delivered"}
MEMBERSHIP_TYPES = {"alliance.joined", "alliance.suspended", "alliance.withdrawal-announced", "alliance.left"}
NO_SOURCE_OK = {"event.disputed", "event.retracted", "actor.described", "system.described", "alliance.described"}

# type -> {field: kind}; kinds: str, actor, bool, id, category, service, sides, list-of-ids
REQUIRED = {
    "actor.described": {"actor": "str", "name": "str", "kind": "actor-kind"},
    "system.described": {"system": "str", "category": "category"},
    "alliance.described": {"alliance": "id", "name": "str", "collective_defence": "bool"},
    "obligation.invoked": {"alliance": "id", "by": "actor"},
    "obligation.answered": {"alliance": "id", "to": "actor", "response": "str", "fulfilled": "bool"},
    "conflict.started": {"conflict": "id", "name": "str", "sides": "sides"},
    "conflict.ended": {"conflict": "id"},
    "statement.made": {"by": "actor", "speaker": "str", "summary": "str"},
    "event.disputed": {"target": "id", "reason": "str"},
    "event.retracted": {"target": "id", "reason": "str"},
}
DEAL_FIELDS = {"deal": "id", "supplier": "actor", "recipient": "actor", "system": "str", "category": "category"}
for t in DEAL_TYPES:
    REQUIRED[t] = dict(DEAL_FIELDS)
REQUIRED["transfer.declined"]["by"] = "actor"
REQUIRED["transfer.blocked"]["by"] = "actor"
REQUIRED["service.delivered"]["service"] = "service"
for t in MEMBERSHIP_TYPES:
    REQUIRED[t] = {"alliance": "id", "member": "actor"}

OPTIONAL = {
    "actor.described": {"notes": "str"},
    "system.described": {"name": "str", "origin": "actor", "range_km": "nonneg-number", "notes": "str"},
    "alliance.described": {"article": "str", "notes": "str"},
    "obligation.invoked": {"against": "actor", "article": "str", "notes": "str"},
    "obligation.answered": {"notes": "str"},
    "conflict.started": {"notes": "str"},
    "conflict.ended": {"notes": "str"},
    "statement.made": {"about": "id-list"},
    "event.disputed": {"by": "actor"},
    "event.retracted": {"replaced_by": "id"},
}
for t in DEAL_TYPES:
    OPTIONAL[t] = {"quantity": "nonneg-int", "quantity_estimated": "bool", "value": "money", "notes": "str",
                   "reason": "str", "financing": "str"}
for t in MEMBERSHIP_TYPES:
    OPTIONAL[t] = {"notes": "str"}


# ---------------------------------------------------------------- EDTF (SPEC section 3)
class EDTFError(ValueError):
    pass


DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([?~%])?$")


def _single(text):
    """Return (lo, hi) ordinal-day tuple for a single EDTF date; raises EDTFError."""
    m = DATE_RE.match(text)
    if not m:
        raise EDTFError("not an EDTF date: %r" % text)
    y = int(m.group(1))
    if m.group(2) is None:
        return (y, 1, 1), (y, 12, 31), "year"
    mm = int(m.group(2))
    if m.group(3) is None:
        if 1 <= mm <= 12:
            last = calendar.monthrange(y, mm)[1]
            return (y, mm, 1), (y, mm, last), "month"
        if 21 <= mm <= 24:
            seasons = {21: ((y, 3, 1), (y, 5, 31)), 22: ((y, 6, 1), (y, 8, 31)), 23: ((y, 9, 1), (y, 11, 30)),
                       24: ((y, 12, 1), (y + 1, 2, calendar.monthrange(y + 1, 2)[1]))}
            lo, hi = seasons[mm]
            return lo, hi, "season"
        raise EDTFError("month or season out of range in %r" % text)
    if not 1 <= mm <= 12:
        raise EDTFError("month out of range in %r" % text)
    dd = int(m.group(3))
    if not 1 <= dd <= calendar.monthrange(y, mm)[1]:
        raise EDTFError("day out of range in %r" % text)
    return (y, mm, dd), (y, mm, dd), "day"


def parse_edtf(text):
    """Return (lo, hi, precision) for an EDTF date or interval of the SPEC subset."""
    if not isinstance(text, str) or not text:
        raise EDTFError("must be a non-empty string")
    if "/" in text:
        parts = text.split("/")
        if len(parts) != 2:
            raise EDTFError("an interval has exactly one '/'")
        a, b = parts
        if a == ".." and b == "..":
            raise EDTFError("an interval needs at least one closed end")
        lo = (0, 1, 1) if a == ".." else _single(a)[0]
        hi = (9999, 12, 31) if b == ".." else _single(b)[1]
        if a != ".." and b != ".." and _single(a)[0] > _single(b)[1]:
            raise EDTFError("interval ends before it starts: %r" % text)
        return lo, hi, "interval"
    return _single(text)


# ---------------------------------------------------------------- checker
class Checker:
    def __init__(self):
        self.errors = []
        with open(ISO_PATH, encoding="utf-8") as f:
            self.iso = {c["alpha_3"] for c in json.load(f)["3166-1"]}
        try:
            with open(ISO4217_PATH, encoding="utf-8") as f:
                self.currencies = {c["alpha_3"] for c in json.load(f)["4217"]}
        except (OSError, KeyError, ValueError):
            self.currencies = None
        self.ids = {}            # id -> type
        self.described_actors = set()
        self.alliances = set()
        self.conflicts_started = set()
        self.conflicts_ended = set()
        self.deals = {}          # deal -> (supplier, recipient, system, category, where)
        self.systems = {}        # system -> category
        self.counts = {}

    def err(self, where, field, reason):
        self.errors.append("%s: %s: %s" % (where, field, reason))

    # -- value checks
    def check_value(self, where, path, kind, v):
        if kind == "str":
            if not isinstance(v, str) or not v.strip():
                self.err(where, path, "must be a non-empty string")
        elif kind == "id":
            if not isinstance(v, str) or not ID_RE.match(v):
                self.err(where, path, "must match [a-z0-9][a-z0-9._-]{0,127}, got %r" % (v,))
        elif kind == "bool":
            if not isinstance(v, bool):
                self.err(where, path, "must be true or false")
        elif kind == "actor":
            self.check_actor(where, path, v)
        elif kind == "actor-kind":
            if v not in ACTOR_KINDS:
                self.err(where, path, "must be one of %s" % sorted(ACTOR_KINDS))
        elif kind == "category":
            if v not in CATEGORIES:
                self.err(where, path, "unknown category %r" % (v,))
        elif kind == "service":
            if v not in SERVICES:
                self.err(where, path, "unknown service %r" % (v,))
        elif kind == "nonneg-int":
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                self.err(where, path, "must be an integer >= 0, got %r" % (v,))
        elif kind == "nonneg-number":
            if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
                self.err(where, path, "must be a number >= 0, got %r" % (v,))
        elif kind == "money":
            if not isinstance(v, dict) or set(v) != {"amount", "currency"}:
                self.err(where, path, "must be {\"amount\", \"currency\"}")
            else:
                self.check_value(where, path + ".amount", "nonneg-number", v["amount"])
                cur = v["currency"]
                if not isinstance(cur, str) or not re.match(r"^[A-Z]{3}$", cur) or \
                        (self.currencies is not None and cur not in self.currencies):
                    self.err(where, path + ".currency", "not an ISO 4217 code: %r" % (cur,))
        elif kind == "sides":
            if not (isinstance(v, list) and len(v) == 2 and all(isinstance(s, list) and s for s in v)):
                self.err(where, path, "must be two non-empty arrays of actors")
            else:
                for i, side in enumerate(v):
                    for j, a in enumerate(side):
                        self.check_actor(where, "%s[%d][%d]" % (path, i, j), a)
        elif kind == "id-list":
            if not isinstance(v, list):
                self.err(where, path, "must be an array of event ids")
            else:
                for i, ref in enumerate(v):
                    self.check_ref(where, "%s[%d]" % (path, i), ref)
        else:  # pragma: no cover
            raise AssertionError(kind)

    def check_actor(self, where, path, v):
        if not isinstance(v, str) or not re.match(r"^[A-Z0-9]{2,16}$", v):
            self.err(where, path, "must be an actor code, got %r" % (v,))
        elif v not in self.iso and v not in self.described_actors:
            self.err(where, path, "%r is not an ISO 3166-1 alpha-3 code and no earlier actor.described" % v)

    def check_ref(self, where, path, ref):
        if not isinstance(ref, str) or not ID_RE.match(ref):
            self.err(where, path, "must be an event id, got %r" % (ref,))
        elif ref not in self.ids:
            self.err(where, path, "refers to %r, which is not an earlier event id" % ref)

    def check_date(self, where, path, v, source=False):
        try:
            _, _, precision = parse_edtf(v)
        except EDTFError as e:
            self.err(where, path, str(e))
            return
        if source:
            if precision not in ("year", "month", "day") or v[-1] in "?~%":
                self.err(where, path, "a source date is a plain day, month or year, got %r" % v)

    def check_sources(self, where, etype, sources):
        if not isinstance(sources, list):
            self.err(where, "sources", "must be an array")
            return
        if not sources and etype not in NO_SOURCE_OK:
            self.err(where, "sources", "at least one source is required for %s" % etype)
        for i, s in enumerate(sources):
            p = "sources[%d]" % i
            if not isinstance(s, dict):
                self.err(where, p, "must be an object")
                continue
            keys = list(s)
            unknown = [k for k in keys if k not in SOURCE_FIELDS]
            if unknown:
                self.err(where, p, "unknown fields %s" % unknown)
            order = [k for k in SOURCE_FIELDS if k in s]
            if keys != order and not unknown:
                self.err(where, p, "fields out of order: %s (want %s)" % (keys, order))
            for req in ("publisher", "date", "kind"):
                if req not in s:
                    self.err(where, p + "." + req, "required")
            if "publisher" in s:
                self.check_value(where, p + ".publisher", "str", s["publisher"])
            if "title" in s:
                self.check_value(where, p + ".title", "str", s["title"])
            if "date" in s:
                self.check_date(where, p + ".date", s["date"], source=True)
            if "url" in s:
                u = s["url"]
                if not isinstance(u, str) or not re.match(r"^https?://[^\s/$.?#][^\s]*$", u):
                    self.err(where, p + ".url", "must be an http(s) URL, got %r" % (u,))
            if "kind" in s and s["kind"] not in SOURCE_KINDS:
                self.err(where, p + ".kind", "must be one of %s" % sorted(SOURCE_KINDS))

    def check_line(self, where, raw):
        if raw.startswith("\ufeff"):
            self.err(where, "line", "byte-order mark")
        if raw.strip() == "":
            self.err(where, "line", "blank line")
            return
        try:
            obj = json.loads(raw, object_pairs_hook=_pairs)
        except ValueError as e:
            self.err(where, "line", "invalid JSON: %s" % e)
            return
        if not isinstance(obj, dict):
            self.err(where, "line", "must be a JSON object")
            return
        canonical = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        if canonical != raw:
            self.err(where, "line", "not compact JSON as written by the ledger (spaces, \\u escapes or escaped '/')")
        keys = list(obj)
        if keys != TOP_FIELDS:
            self.err(where, "line", "fields must be exactly %s in that order, got %s" % (TOP_FIELDS, keys))
            return
        eid, etype, data = obj["id"], obj["type"], obj["data"]
        if not isinstance(eid, str) or not ID_RE.match(eid):
            self.err(where, "id", "must match [a-z0-9][a-z0-9._-]{0,127}, got %r" % (eid,))
        elif eid in self.ids:
            self.err(where, "id", "duplicate id %r" % eid)
        if etype not in REQUIRED:
            self.err(where, "type", "unknown type %r" % (etype,))
            return
        self.counts[etype] = self.counts.get(etype, 0) + 1
        self.check_date(where, "occurred", obj["occurred"])
        if not isinstance(obj["recorded"], str) or not RECORDED_RE.match(obj["recorded"]):
            self.err(where, "recorded", "must be RFC 3339 UTC like 2026-11-23T00:00:00Z")
        if obj["confidence"] not in CONFIDENCES:
            self.err(where, "confidence", "must be one of %s" % sorted(CONFIDENCES))
        self.check_sources(where, etype, obj["sources"])
        if not isinstance(data, dict):
            self.err(where, "data", "must be an object")
            return
        for field, kind in REQUIRED[etype].items():
            if field not in data:
                self.err(where, "data." + field, "required for %s" % etype)
            else:
                self.check_value(where, "data." + field, kind, data[field])
        for field, kind in OPTIONAL.get(etype, {}).items():
            if field in data:
                self.check_value(where, "data." + field, kind, data[field])
        self.check_semantics(where, eid, etype, data)
        if isinstance(eid, str):
            self.ids[eid] = etype

    def check_semantics(self, where, eid, etype, data):
        if etype == "actor.described" and isinstance(data.get("actor"), str):
            if not re.match(r"^[A-Z0-9]{2,16}$", data["actor"]):
                self.err(where, "data.actor", "actor codes are upper-case letters and digits")
            self.described_actors.add(data["actor"])
        elif etype == "system.described":
            self.systems[data.get("system")] = data.get("category")
        elif etype == "alliance.described":
            self.alliances.add(data.get("alliance"))
        elif etype in MEMBERSHIP_TYPES or etype.startswith("obligation."):
            if data.get("alliance") not in self.alliances:
                self.err(where, "data.alliance", "alliance %r has no earlier alliance.described" % data.get("alliance"))
        elif etype == "conflict.started":
            c = data.get("conflict")
            if c in self.conflicts_started:
                self.err(where, "data.conflict", "conflict %r already started earlier" % c)
            self.conflicts_started.add(c)
        elif etype == "conflict.ended":
            c = data.get("conflict")
            if c not in self.conflicts_started:
                self.err(where, "data.conflict", "conflict %r has no earlier conflict.started" % c)
            self.conflicts_ended.add(c)
        elif etype in ("event.disputed", "event.retracted"):
            self.check_ref(where, "data.target", data.get("target"))
            if etype == "event.retracted" and "replaced_by" in data:
                self.check_ref(where, "data.replaced_by", data["replaced_by"])
        if etype in DEAL_TYPES:
            deal = data.get("deal")
            facts = tuple(data.get(k) for k in ("supplier", "recipient", "system", "category"))
            if deal in self.deals:
                first, first_where = self.deals[deal]
                if facts != first:
                    self.err(where, "data", "deal %r: supplier/recipient/system/category %s differ from %s at %s"
                             % (deal, facts, first, first_where))
            else:
                self.deals[deal] = (facts, where)
            sysname, cat = data.get("system"), data.get("category")
            if sysname in self.systems and self.systems[sysname] != cat:
                self.err(where, "data.category", "system %r is described as %r, deal says %r"
                         % (sysname, self.systems[sysname], cat))

    def run(self, batch_dir):
        paths = sorted(glob.glob(os.path.join(batch_dir, "*.jsonl")))
        if not paths:
            self.err(batch_dir, "files", "no *.jsonl batch files found")
        for path in paths:
            name = os.path.basename(path)
            if not FILE_RE.match(name):
                self.err(name, "file", "batch files are named NN-topic.jsonl")
            with open(path, "rb") as f:
                blob = f.read()
            try:
                text = blob.decode("utf-8")
            except UnicodeDecodeError as e:
                self.err(name, "file", "not UTF-8: %s" % e)
                continue
            if text and not text.endswith("\n"):
                self.err(name, "file", "last line does not end with a newline")
            if "\r" in text:
                self.err(name, "file", "carriage returns found; lines end with \\n only")
            lines = text.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            for n, raw in enumerate(lines, 1):
                self.check_line("%s:%d" % (name, n), raw)
        # systems used by deals should be described somewhere
        for deal, (facts, where) in self.deals.items():
            if facts[2] not in self.systems:
                self.err(where, "data.system", "system %r of deal %r has no system.described" % (facts[2], deal))
        return paths


def _pairs(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise ValueError("duplicate key %r" % k)
        d[k] = v
    return d


def main(argv):
    batch_dir = argv[1] if len(argv) > 1 else DEFAULT_DIR
    c = Checker()
    paths = c.run(batch_dir)
    for e in c.errors:
        print("error: " + e, file=sys.stderr)
    total = sum(c.counts.values())
    print("%d file(s), %d event(s)" % (len(paths), total))
    for t in sorted(c.counts):
        print("  %-30s %d" % (t, c.counts[t]))
    if c.errors:
        print("FAILED: %d problem(s)" % len(c.errors), file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
