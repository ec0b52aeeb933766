#!/usr/bin/env bash
# Builds Events/ledger.jsonl from Events/batches/*.jsonl, in file-name order, through
# `armsledger append` (never by hand), so every line is validated and chain-linked.
#
#   Scripts/append-batches.sh            rebuild Events/ledger.jsonl
#   Scripts/append-batches.sh --check    rebuild into a temporary file and fail if it differs
#                                        from the checked-in ledger (batches and ledger in step)
#
# Every batch line carries its own `recorded` time, so the rebuild is byte-for-byte repeatable.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product armsledger >/dev/null
BIN="$(swift build --show-bin-path)/armsledger"
mode="${1:-}"
out=Events/ledger.jsonl
if [[ "$mode" == "--check" ]]; then
    out="$(mktemp -d)/ledger.jsonl"
else
    rm -f "$out" "$out.index" "$out.index.replay"
fi
"$BIN" --ledger "$out" init >/dev/null
for batch in Events/batches/*.jsonl; do
    printf '%-45s ' "$batch"
    "$BIN" --ledger "$out" append "$batch"
done
"$BIN" --ledger "$out" verify
if [[ "$mode" == "--check" ]]; then
    if cmp -s "$out" Events/ledger.jsonl; then
        echo "ledger matches its batches"
    else
        echo "error: Events/ledger.jsonl differs from a rebuild of Events/batches; run Scripts/append-batches.sh" >&2
        exit 1
    fi
fi
