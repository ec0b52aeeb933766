#!/usr/bin/env bash
# Interleaved timings of several armsledger binaries on the same work, for comparing a change
# with the commit before it on this noisy machine (BENCHMARKS.md quotes its output).
#
#   Scripts/interleave.sh ROUNDS LEDGER "COMMAND ARGS" BINARY...
#       each round runs every binary once, in turn, as `BINARY --ledger LEDGER COMMAND ARGS`,
#       with the ledger `cat`-ed first (as Scripts/bench.py does)
#   Scripts/interleave.sh ROUNDS INPUT append-batch BINARY...
#       each round appends INPUT to a fresh empty ledger (init first, untimed) with every binary
#
# Prints the min and median wall seconds of each binary.
set -euo pipefail
if [[ $# -lt 4 ]]; then
    sed -n '2,12p' "$0" >&2
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
        if [[ $work == append-batch ]]; then
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
for index in "${!binaries[@]}"; do
    sort -n "$scratch/$index.times" \
        | awk -v name="${binaries[$index]}" '{ t[NR] = $1 } END { printf "%s: min %.3f s, median %.3f s (%d runs)\n", name, t[1], t[int((NR + 1) / 2)], NR }'
done
