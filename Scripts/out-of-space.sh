#!/usr/bin/env bash
# Out of space and I/O errors (issue 7): an append whose write or fsync fails must exit 1 with
# an `error:` line naming the failure, and leave the ledger byte-for-byte as it was, verifying;
# the next append, once the cause is gone, must succeed.
#
#   Scripts/out-of-space.sh
#
# Cases:
#   efbig   `ulimit -f` just above the ledger's size, then a batch that crosses it: "File too large"
#           (the kernel writes up to the limit, then refuses: the store must cut the partial write back)
#   enospc  a 256 KiB tmpfs (or, if tmpfs cannot be mounted, a loop-mounted 1 MiB ext4 image),
#           filled up, then a batch: "No space left on device" (skipped, not failed, when neither mounts)
#   eio-write  an LD_PRELOAD shim (Scripts/faultinject.c): the first pwrite on the ledger writes half,
#           the next fails with EIO: "Input/output error"
#   eio-fsync  the same shim makes fsync on the ledger fail with EIO
# Prints one verdict line; exit 1 if any case that ran failed.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(Scripts/reliability-build.sh)"
work="$(mktemp -d -t armsledger-oos-XXXXXX)"
mnt=""
loopdev=""
cleanup() {
    if [[ -n "$mnt" ]] && mountpoint -q "$mnt" 2>/dev/null; then umount "$mnt" 2>/dev/null || umount -l "$mnt" || true; fi
    if [[ -n "$loopdev" ]]; then losetup -d "$loopdev" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

results=()
failed=0
batch_number=0

# batch COUNT FILE: writes a batch of COUNT valid events with fresh ids to FILE.
batch() {
    batch_number=$((batch_number + 1))
    python3 - "$1" "$batch_number" "$2" <<'PY'
import os, random, sys
sys.path.insert(0, "Scripts")
from torture import make_batch
count, number, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
_, data, _ = make_batch(random.Random(number), "oos", number, count)
open(path, "wb").write(data)
PY
}

# seed LEDGER BATCHES: a fresh ledger with BATCHES batches of 20 events (and its side index).
seed() {
    "$bin" --ledger "$1" init >/dev/null
    for _ in $(seq "$2"); do
        batch 20 "$work/seed.jsonl"
        "$bin" --ledger "$1" append "$work/seed.jsonl" >/dev/null
    done
}

# expect_failure NAME LEDGER MESSAGE RC ERRFILE: checks a failed append's exit status, message,
# that the ledger is unchanged (against LEDGER.before) and still verifies.
expect_failure() {
    local name="$1" ledger="$2" message="$3" rc="$4" err="$5" problems=""
    [[ "$rc" == 1 ]] || problems+=" exit=$rc (expected 1)"
    if ! grep -q "^error: .*$message" "$err"; then
        problems+=" no 'error: ...$message' line (stderr: $(head -c 200 "$err" | tr '\n' ' '))"
    fi
    cmp -s "$ledger" "$ledger.before" || problems+=" ledger changed ($(stat -c %s "$ledger.before") -> $(stat -c %s "$ledger") bytes)"
    "$bin" --ledger "$ledger" verify >/dev/null 2>"$work/verify.err" || problems+=" verify failed: $(head -c 200 "$work/verify.err")"
    if [[ -z "$problems" ]]; then
        results+=("$name=ok")
    else
        results+=("$name=FAIL")
        echo "error: $name:$problems" >&2
        failed=1
    fi
}

# expect_recovery NAME LEDGER: an append after the cause is gone succeeds and verifies.
expect_recovery() {
    batch 5 "$work/recover.jsonl"
    if "$bin" --ledger "$2" append "$work/recover.jsonl" >/dev/null 2>"$work/recover.err" \
        && "$bin" --ledger "$2" verify >/dev/null 2>>"$work/recover.err"; then
        :
    else
        results+=("$1-recovery=FAIL")
        echo "error: $1: append after the fault failed: $(head -c 300 "$work/recover.err")" >&2
        failed=1
    fi
}

# --- efbig: ulimit -f ------------------------------------------------------------------------
ledger="$work/efbig/ledger.jsonl"
mkdir -p "$work/efbig"
seed "$ledger" 3
size=$(stat -c %s "$ledger")
blocks=$(( size / 1024 + 1 ))
batch 20 "$work/big.jsonl"
cp "$ledger" "$ledger.before"
set +e
( ulimit -f "$blocks"; exec "$bin" --ledger "$ledger" append "$work/big.jsonl" ) >"$work/out" 2>"$work/err"
rc=$?
set -e
expect_failure efbig "$ledger" "File too large" "$rc" "$work/err"
expect_recovery efbig "$ledger"
efbig_figures="ledger=${size}B limit=$((blocks * 1024))B batch=$(stat -c %s "$work/big.jsonl")B"

# --- enospc: a full small filesystem ---------------------------------------------------------
mnt="$work/mnt"
mkdir -p "$mnt"
fs=""
if mount -t tmpfs -o size=256k tmpfs "$mnt" 2>/dev/null; then
    fs=tmpfs-256k
elif command -v mkfs.ext4 >/dev/null && truncate -s 1M "$work/fs.img" && mkfs.ext4 -q -F "$work/fs.img" >/dev/null 2>&1 \
    && loopdev="$(losetup --find --show "$work/fs.img" 2>/dev/null)" && mount "$loopdev" "$mnt" 2>/dev/null; then
    fs=ext4-loop-1m
fi
if [[ -n "$fs" ]]; then
    ledger="$mnt/ledger.jsonl"
    seed "$ledger" 2
    dd if=/dev/zero of="$mnt/fill" bs=4096 >/dev/null 2>&1 || true   # until the filesystem is full
    cp "$ledger" "$work/enospc.before"
    batch 20 "$work/big.jsonl"
    set +e
    "$bin" --ledger "$ledger" append "$work/big.jsonl" >"$work/out" 2>"$work/err"
    rc=$?
    set -e
    # The copy of the ledger lives outside the full filesystem.
    ln -sf "$work/enospc.before" "$ledger.before" 2>/dev/null || true
    if [[ -e "$ledger.before" ]]; then
        expect_failure "enospc($fs)" "$ledger" "No space left on device" "$rc" "$work/err"
    else
        # Not even a symlink fits: compare directly.
        cp "$work/enospc.before" "$work/enospc.cmp"
        ledger_copy="$work/enospc.ledger"
        cp "$ledger" "$ledger_copy"; cp "$work/enospc.cmp" "$ledger_copy.before"
        expect_failure "enospc($fs)" "$ledger_copy" "No space left on device" "$rc" "$work/err"
    fi
    rm -f "$mnt/fill" "$ledger.before"
    expect_recovery enospc "$ledger"
    umount "$mnt"
    if [[ -n "$loopdev" ]]; then losetup -d "$loopdev"; loopdev=""; fi
    mnt=""
else
    results+=("enospc=SKIPPED(no-tmpfs-or-loop-mount)")
fi

# --- eio-write / eio-fsync: LD_PRELOAD fault injection ---------------------------------------
cc=""
for candidate in cc gcc clang; do
    if command -v "$candidate" >/dev/null; then cc="$candidate"; break; fi
done
if [[ -n "$cc" ]] && "$cc" -shared -fPIC -O2 -o "$work/faultinject.so" Scripts/faultinject.c -ldl 2>"$work/cc.err"; then
    for fault in pwrite fsync; do
        ledger="$work/eio-$fault/ledger.jsonl"
        mkdir -p "$work/eio-$fault"
        seed "$ledger" 2
        cp "$ledger" "$ledger.before"
        batch 20 "$work/big.jsonl"
        if [[ "$fault" == pwrite ]]; then name=eio-write; message="cannot write: Input/output error"; else name=eio-fsync; message="cannot fsync: Input/output error"; fi
        set +e
        env LD_PRELOAD="$work/faultinject.so" FAULT_PATH="$(realpath "$ledger")" "FAULT_${fault^^}=1" \
            "$bin" --ledger "$ledger" append "$work/big.jsonl" >"$work/out" 2>"$work/err"
        rc=$?
        set -e
        expect_failure "$name" "$ledger" "$message" "$rc" "$work/err"
        expect_recovery "$name" "$ledger"
    done
else
    results+=("eio=SKIPPED(no-C-compiler)")
fi

verdict=PASS
[[ "$failed" == 0 ]] || verdict=FAIL
echo "out-of-space: $verdict ${results[*]} ($efbig_figures)"
exit "$failed"
