#!/usr/bin/env bash
# Readers during writes: Scripts/readers-during-writes.sh [SECONDS [EXTRA readers-during-writes.py OPTIONS...]]
# Builds the release binary, then runs Scripts/readers-during-writes.py (default 15 s).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-15}"
shift $(( $# > 1 ? 1 : $# ))
bin="$(Scripts/reliability-build.sh)"
exec python3 Scripts/readers-during-writes.py --bin "$bin" --seconds "$seconds" "$@"
