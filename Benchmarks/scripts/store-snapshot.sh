#!/usr/bin/env bash
# Snapshot write/load time and size for ~100 MB of text (the corpora repeated under fresh ids),
# release build, plus journal append throughput. Target: loading the snapshot takes <= 1 s.
#
#   Benchmarks/scripts/store-snapshot.sh [--target-mb 100] [--loads 3] [--threads 2]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product hudong-bench --scratch-path .build-bench-store >&2
.build-bench-store/release/hudong-bench store "$@"
