#!/usr/bin/env bash
# Paired runs of a projection against its peer, cold `balances`, for comparing binaries on this
# noisy machine by the ratio the issue's goal is stated in (BENCHMARKS.md quotes its output).
#
#   Scripts/paired-ratio.sh ROUNDS LEDGER COMMAND BINARY...
#       each round runs, for every binary in turn: the ledger `cat`-ed, then
#       `BINARY --ledger LEDGER balances --as-of 2020-09-27 --format json`, then the same with
#       COMMAND (e.g. obligations) in place of balances, timed back to back
#
# Prints, for each binary, the medians of both, the ratio of the medians, the median of the
# per-round ratios, and the median CPU seconds (user + system) of COMMAND.
set -euo pipefail
if [[ $# -lt 4 ]]; then
    sed -n '2,11p' "$0" >&2
    exit 2
fi
rounds=$1 ledger=$2 command=$3
shift 3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
binaries=("$@")
now() { date +%s.%N; }
for _ in $(seq "$rounds"); do
    for index in "${!binaries[@]}"; do
        binary=${binaries[$index]}
        cat "$ledger" > /dev/null
        start=$(now)
        "$binary" --ledger "$ledger" balances --as-of 2020-09-27 --format json > /dev/null
        middle=$(now)
        /usr/bin/time -f "%U %S" -o "$scratch/cpu" "$binary" --ledger "$ledger" "$command" --as-of 2020-09-27 --format json > /dev/null
        end=$(now)
        echo "$start $middle $end $(cat "$scratch/cpu")" >> "$scratch/$index.times"
    done
done
for index in "${!binaries[@]}"; do
    python3 - "$scratch/$index.times" "${binaries[$index]}" "$command" <<'PY'
import statistics as st
import sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
peer = [m - s for s, m, e, u, k in rows]
own = [e - m for s, m, e, u, k in rows]
cpu = [u + k for s, m, e, u, k in rows]
print(f"{sys.argv[2]}: balances median {st.median(peer):.3f} s, {sys.argv[3]} median {st.median(own):.3f} s "
      f"(min {min(own):.3f}), ratio of medians {st.median(own) / st.median(peer):.2f}, "
      f"median ratio {st.median([o / p for o, p in zip(own, peer)]):.2f}, {sys.argv[3]} CPU {st.median(cpu):.2f} s ({len(rows)} rounds)")
PY
done
