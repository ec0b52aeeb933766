#!/usr/bin/env bash
# Crash torture: Scripts/torture.sh [ROUNDS [SECONDS [EXTRA torture.py OPTIONS...]]]
#   ROUNDS   rounds of write / kill / power loss / repair / verify / check (default 20)
#   SECONDS  stop after this long even if rounds remain (default 300)
# Prints one verdict line; exit 1 on any lost, duplicated or partial event or verify failure.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-20}"
seconds="${2:-300}"
shift $(( $# > 2 ? 2 : $# ))
bin="$(Scripts/reliability-build.sh)"
exec python3 Scripts/torture.py --bin "$bin" --rounds "$rounds" --seconds "$seconds" "$@"
