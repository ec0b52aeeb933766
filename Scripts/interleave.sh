#!/usr/bin/env bash
# Interleaved timings of several armsledger binaries on the same work, for comparing a change
# with the commit before it on this noisy machine (BENCHMARKS.md quotes its output).
#
#   Scripts/interleave.sh ROUNDS LEDGER "COMMAND ARGS" BINARY...
#       each round runs every binary once, in turn, as `BINARY --ledger LEDGER COMMAND ARGS`,
#       with the ledger `cat`-ed first (as Scripts/bench.py does)
#   Scripts/interleave.sh ROUNDS INPUT append-batch BINARY...
#       each round appends INPUT to a fresh empty ledger (init first, untimed) with every binary
#   Scripts/interleave.sh ROUNDS LEDGER paired:COMMAND BINARY...
#       each round runs, with every binary in turn, cold `balances --as-of 2020-09-27 --format
#       json` and then COMMAND (e.g. obligations) with the same arguments, back to back, so that
#       the ratio the issue's goals are stated in is taken per round and the machine's drift cancels
#
# Prints the min and median wall seconds of each binary; for paired:COMMAND, the medians of both,
# the ratio of the medians, the median of the per-round ratios and COMMAND's median CPU seconds.
set -euo pipefail
if [[ $# -lt 4 ]]; then
    sed -n '2,17p' "$0" >&2
    exit 2
fi
rounds=$1 file=$2 work=$3
shift 3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
binaries=("$@")
now() { date +%s.%N; }
for _ in $(seq "$rounds"); do
    for index in "${!binaries[@]}"; do
        binary=${binaries[$index]}
        times="$scratch/$index.times"
        if [[ $work == paired:* ]]; then
            command=${work#paired:}
            cat "$file" > /dev/null
            start=$(now)
            "$binary" --ledger "$file" balances --as-of 2020-09-27 --format json > /dev/null
            middle=$(now)
            /usr/bin/time -f "%U %S" -o "$scratch/cpu" "$binary" --ledger "$file" "$command" --as-of 2020-09-27 --format json > /dev/null
            end=$(now)
            echo "$start $middle $end $(cat "$scratch/cpu")" >> "$times"
            continue
        elif [[ $work == append-batch ]]; then
            rm -f "$scratch"/target.jsonl*
            "$binary" --ledger "$scratch/target.jsonl" init > /dev/null
            cat "$file" > /dev/null
            start=$(now)
            "$binary" --ledger "$scratch/target.jsonl" append "$file" > /dev/null
            end=$(now)
        else
            cat "$file" > /dev/null
            start=$(now)
            # shellcheck disable=SC2086  # the command and its arguments are split on purpose
            "$binary" --ledger "$file" $work > /dev/null
            end=$(now)
        fi
        awk -v start="$start" -v end="$end" 'BEGIN { printf "%.6f\n", end - start }' >> "$times"
    done
done
if [[ $work == paired:* ]]; then
    for index in "${!binaries[@]}"; do
        python3 - "$scratch/$index.times" "${binaries[$index]}" "${work#paired:}" <<'PY'
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
    exit 0
fi
for index in "${!binaries[@]}"; do
    sort -n "$scratch/$index.times" \
        | awk -v name="${binaries[$index]}" '{ t[NR] = $1 } END { printf "%s: min %.3f s, median %.3f s (%d runs)\n", name, t[1], t[int((NR + 1) / 2)], NR }'
done
