#!/usr/bin/env bash
# The benchmark of issue 6 (see BENCHMARKS.md): builds in release mode (the Swift runtime linked
# statically, as README recommends for large ledgers), prepares DuckDB in a
# virtual environment under .build/, generates synthetic ledgers under .build/bench-data/
# (cached by size and seed), times every operation against its peer and prints one table.
#
#   Scripts/bench.sh                      # 100k and 1M events, 3 runs each
#   Scripts/bench.sh --sizes 100k,1m,5m --runs 5
#   Scripts/bench.sh --smoke              # CI: 10k events, one run each, no DuckDB install (< 60 s)
#
# Exit status: 0 when everything ran and every answer check passed; 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
args=()
for arg in "$@"; do
    case "$arg" in
        --smoke) smoke=1; args+=("$arg") ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) args+=("$arg") ;;
    esac
done

scratch=.build/release-bench
echo "bench: building release binaries (--scratch-path $scratch)" >&2
for attempt in 1 2 3 4 5; do
    if swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product armsledger-bench >&2 \
        && swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product armsledger >&2; then
        break
    fi
    [[ $attempt == 5 ]] && { echo "bench: build failed" >&2; exit 1; }
    echo "bench: build failed (files changing under us?); retrying in 30 s" >&2
    sleep 30
done
bin="$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)"

venv=.build/bench-venv
duckdb_python=""
if [[ -x $venv/bin/python ]] && "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
    duckdb_python="$venv/bin/python"
elif [[ $smoke == 0 ]]; then
    echo "bench: installing DuckDB into $venv" >&2
    if python3 -m venv "$venv" >&2 && "$venv/bin/pip" install --quiet duckdb >&2; then
        duckdb_python="$venv/bin/python"
    else
        echo "bench: could not install DuckDB (offline?); the DuckDB columns are skipped" >&2
    fi
else
    echo "bench: smoke run without DuckDB ($venv not prepared); the DuckDB columns are skipped" >&2
fi

exec python3 Scripts/bench.py --bin "$bin" --duckdb-python "$duckdb_python" "${args[@]}"
