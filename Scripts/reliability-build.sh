#!/usr/bin/env bash
# Builds the release `armsledger` for the reliability harnesses into its own scratch path
# (.build/reliability, so it never fights another build) and prints the binary's path.
# The build's output is shown only when it fails. A build that fails only because a source
# file was edited meanwhile (a shared checkout) is retried, up to three times.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build/reliability
mkdir -p .build
log=.build/reliability-build.log
for attempt in 1 2 3 4; do
    if swift build -c release --product armsledger --scratch-path "$scratch" >"$log" 2>&1; then
        echo "$(swift build -c release --scratch-path "$scratch" --show-bin-path)/armsledger"
        exit 0
    fi
    grep -q "was modified during the build" "$log" && [[ $attempt -lt 4 ]] || break
    sleep 20
done
cat "$log" >&2
echo "error: the release build of armsledger failed (log above)" >&2
exit 1
