#!/usr/bin/env bash
# The short reliability run for CI (issue 7): crash torture (20 rounds), readers during writes
# (15 s), out of space / I/O errors, fuzzing (60 s). Prints each harness's verdict line and a
# summary; exit 1 if any failed. About 2 minutes on 2 cores with warm builds (.build/reliability,
# .build/fuzz); 4.5 minutes when both must be rebuilt (last run: 270 s, fuzz build 92 s).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
Scripts/reliability-build.sh >/dev/null      # build once, up front, so the timings below are the runs
failed=()
run() {
    local name="$1"
    shift
    local t=$SECONDS
    if "$@"; then
        echo "  ($name: $((SECONDS - t)) s)"
    else
        failed+=("$name")
        echo "  ($name: FAILED after $((SECONDS - t)) s)"
    fi
}
run torture Scripts/torture.sh 20 120
run readers Scripts/readers-during-writes.sh 15
run out-of-space Scripts/out-of-space.sh
run fuzz Scripts/fuzz.sh 60
if [[ ${#failed[@]} -eq 0 ]]; then
    echo "reliability-ci: PASS in $((SECONDS - started)) s"
else
    echo "reliability-ci: FAIL (${failed[*]}) in $((SECONDS - started)) s"
    exit 1
fi
