#!/usr/bin/env bash
# Fuzzing (issue 7): libFuzzer over the line reader, the JSON parser, the EDTF parser, the event
# decoders and validation, and the store's read / verify / repair / append (Tests/Fuzz/FuzzEntry.swift).
#
#   Scripts/fuzz.sh [SECONDS]      fuzz for SECONDS (default 60), then print one verdict line
#
# SwiftPM cannot build a libFuzzer target, so this compiles Sources/ArmsLedger/**/*.swift and the
# entry file into one module with `swiftc -sanitize=fuzzer,address` (.build/fuzz/, rebuilt only
# when a source changed). The seed corpus is Tests/Fuzz/Corpus/ (read only); what the fuzzer
# learns goes to .build/fuzz/corpus/ and is kept between runs. An input that crashes is copied
# into Tests/Fuzz/Corpus/ as crash-<sha1> so that every later run replays it (commit it with
# the fix). Exit 1 on any crash, leak or property failure.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
out=.build/fuzz
binary="$out/armsledger-fuzz"
mkdir -p "$out/corpus" "$out/artifacts"

mapfile -t sources < <(find Sources/ArmsLedger -name '*.swift' | LC_ALL=C sort)
# C targets (Sources/C*/ with an include/ directory, e.g. CArmsLedgerSHA) are compiled with clang
# and given a module map, as SwiftPM would.
mapfile -t csources < <(find Sources -path 'Sources/C*/*' -name '*.c' | LC_ALL=C sort)
entry=Tests/Fuzz/FuzzEntry.swift
stale=1
if [[ -x "$binary" ]]; then
    stale=0
    for file in "${sources[@]}" "${csources[@]}" $(find Sources -path 'Sources/C*/include/*' -name '*.h') "$entry" "$0"; do
        if [[ "$file" -nt "$binary" ]]; then stale=1; break; fi
    done
    # A deleted or added source changes the list.
    if [[ "$(printf '%s\n' "${sources[@]}" "${csources[@]}")" != "$(cat "$out/sources.txt" 2>/dev/null)" ]]; then stale=1; fi
fi
if [[ "$stale" == 1 ]]; then
    build_started=$SECONDS
    # Compile a snapshot, so that a file edited meanwhile cannot break the build halfway.
    rm -rf "$out/src"
    mkdir -p "$out/src"
    cp --parents "${sources[@]}" "$entry" "$out/src/"
    [[ ${#csources[@]} -eq 0 ]] || cp -r --parents $(find Sources -maxdepth 1 -path 'Sources/C*' -type d) "$out/src/"
    if ! (
        cd "$out/src"
        objects=()
        module_flags=()
        for target in $(find Sources -maxdepth 1 -path 'Sources/C*' -type d | LC_ALL=C sort); do
            name="$(basename "$target")"
            include="$PWD/$target/include"
            if [[ ! -e "$include/module.modulemap" ]]; then
                printf 'module %s {\n    umbrella "%s"\n    export *\n}\n' "$name" "$include" >"$include/module.modulemap"
            fi
            module_flags+=(-I "$include")
            for c in $(find "$target" -name '*.c'); do
                clang -c -O2 -g -fsanitize=fuzzer-no-link,address -I "$include" -o "${c%.c}.o" "$c"
                objects+=("${c%.c}.o")
            done
        done
        swiftc -sanitize=fuzzer,address -parse-as-library -module-name ArmsLedger -swift-version 6 \
            -O -g "${module_flags[@]}" -o "../armsledger-fuzz.tmp" "${sources[@]}" "$entry" "${objects[@]}"
    ) >"$out/build.log" 2>&1; then
        grep -v 'ld.gold: warning' "$out/build.log" | grep -B2 -A6 'error' | head -60 >&2
        echo "error: the fuzz target did not build (log above)" >&2
        exit 1
    fi
    mv "$binary.tmp" "$binary"
    printf '%s\n' "${sources[@]}" "${csources[@]}" >"$out/sources.txt"
    echo "fuzz: built $binary in $((SECONDS - build_started)) s" >&2
fi

scratch="$(mktemp -d -t armsledger-fuzz-XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
log="$out/last-run.log"
rm -f "$out"/artifacts/*
set +e
FUZZ_TMPDIR="$scratch" FUZZ_BASE_LEDGER="$PWD/Events/ledger.jsonl" \
ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}" \
LSAN_OPTIONS="suppressions=$PWD/Scripts/lsan-suppressions.txt:print_suppressions=0:${LSAN_OPTIONS:-}" \
    "$binary" "$out/corpus" Tests/Fuzz/Corpus \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
    -artifact_prefix="$out/artifacts/" -print_final_stats=1 >"$log" 2>&1
status=$?
set -e

crashes=0
for artifact in "$out"/artifacts/*; do
    [[ -e "$artifact" ]] || continue
    crashes=$((crashes + 1))
    name="crash-$(sha1sum "$artifact" | cut -c1-40)"
    cp "$artifact" "Tests/Fuzz/Corpus/$name"
    echo "error: fuzz: $(basename "$artifact") saved as Tests/Fuzz/Corpus/$name" >&2
done
runs="$(grep -oE 'stat::number_of_executed_units:[[:space:]]*[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)"
corpus="$(grep -oE 'corp: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)"
coverage="$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)"
if [[ "$status" != 0 && "$crashes" == 0 ]]; then crashes=1; fi
verdict=PASS
[[ "$status" == 0 ]] || verdict=FAIL
echo "fuzz: $verdict seconds=$seconds runs=${runs:-?} crashes=$crashes corpus=${corpus:-?} coverage=${coverage:-?} seeds=$(ls Tests/Fuzz/Corpus | wc -l) exit=$status"
if [[ "$status" != 0 ]]; then
    grep -E 'ERROR|SUMMARY|fuzz property failed|Fatal error|==[0-9]+==' "$log" | head -20 >&2 || true
    echo "error: fuzz: full log in $log" >&2
    exit 1
fi
