#!/usr/bin/env bash
# Smoke test: the commands the README shows, run on the shipped ledger as a newcomer would,
# plus a round trip of init/append/verify/repair on a scratch copy. Fails on the first surprise.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product armsledger >/dev/null
BIN="$(swift build --show-bin-path)/armsledger"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
expect_exit() { local want=$1; shift; set +e; "$@" >"$scratch/out" 2>"$scratch/err"; local got=$?; set -e
    [[ $got == "$want" ]] || { cat "$scratch/out" "$scratch/err" >&2; fail "exit $got, expected $want: $*"; }; }

# The README's main command and the projections on the shipped ledger.
expect_exit 0 "$BIN" balance-of-power ARM AZE --as-of 2020-09-27
grep -q "ARM" "$scratch/out" || fail "balance-of-power printed no ARM column"
for format in table json csv md; do
    expect_exit 0 "$BIN" register --as-of 2020-09-27 --format "$format"
    expect_exit 0 "$BIN" balances --as-of 2020-09-27 --format "$format"
    expect_exit 0 "$BIN" obligations --format "$format"
    expect_exit 0 "$BIN" balance-of-power ARM AZE --as-of 2023-09-19 --since 2020-09-27 --format "$format"
done
expect_exit 0 "$BIN" history blr-aze-polonez
expect_exit 0 "$BIN" diff --known-from 2023-12-31 --known-to 2024-12-31
expect_exit 0 "$BIN" log --type transfer.delivered --as-of 2020-09-27
expect_exit 0 "$BIN" verify
expect_exit 0 "$BIN" --version
expect_exit 2 "$BIN" register --as-of 2018-13
grep -q '^error: ' "$scratch/err" || fail "bad date gave no error: line"

# A scratch ledger: init, append twice (idempotent), a bad batch, a torn tail, repair.
L="$scratch/ledger.jsonl"
expect_exit 0 "$BIN" --ledger "$L" init
head -n 20 Events/batches/01-actors-systems.jsonl >"$scratch/batch.jsonl"
expect_exit 0 "$BIN" --ledger "$L" append "$scratch/batch.jsonl"
grep -q '^appended ' "$scratch/out" || fail "append printed no summary"
expect_exit 0 "$BIN" --ledger "$L" append - <"$scratch/batch.jsonl"
grep -q 'appended 0, skipped' "$scratch/out" || fail "a repeated batch was not skipped"
cp "$L" "$scratch/before"
echo '{"type":"transfer.delivered","occurred":"2018-13","confidence":"reported","sources":[],"data":{}}' >"$scratch/bad.jsonl"
expect_exit 1 "$BIN" --ledger "$L" append "$scratch/bad.jsonl"
grep -q '^error: input:1: ' "$scratch/err" || fail "bad batch: no error: input:1: line"
cmp -s "$L" "$scratch/before" || fail "a rejected batch changed the ledger"
printf '{"seq":99,"id":"torn' >>"$L"
expect_exit 1 "$BIN" --ledger "$L" verify
expect_exit 0 "$BIN" --ledger "$L" repair
cmp -s "$L" "$scratch/before" || fail "repair did not restore the valid part exactly"
expect_exit 0 "$BIN" --ledger "$L" verify
echo "smoke: ok"
