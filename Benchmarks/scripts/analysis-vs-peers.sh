#!/usr/bin/env bash
# Hudong's analysis throughput beside its peers, in one run on the same file:
#   hudong-bench analysis (release, one thread, starter dictionary, best and median of 5 passes),
#   bare ICU word break via PyICU (../shared/peers/icu_seg.py),
#   jieba with HMM off and on (../shared/peers/jieba_seg.py),
# then Hudong once more, and prints Hudong's ratio to each peer using the slower of its two
# medians (machines are shared: quote ratios from one run, not absolute MB/s across runs).
#
# usage: Benchmarks/scripts/analysis-vs-peers.sh [CORPUS]     (default: corpora/reviews_zh.txt)
# env:   HUDONG_PEERS (../shared/peers), HUDONG_PEERS_VENV (/tmp/hudong-peers),
#        HUDONG_BENCH_SCRATCH (Benchmarks/.build-bench-text), HUDONG_BENCH (a built hudong-bench: skip
#        the build), HUDONG_BENCH_STRICT=1 to exit 1 below target.
# Targets (issue 2): Hudong >= 0.75x bare ICU and >= 8x jieba.
set -euo pipefail
bench_dir=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$bench_dir/.." && pwd)
corpus=$(realpath "${1:-$root/corpora/reviews_zh.txt}")
peers=${HUDONG_PEERS:-$root/../shared/peers}
venv=${HUDONG_PEERS_VENV:-/tmp/hudong-peers}
scratch=${HUDONG_BENCH_SCRATCH:-$bench_dir/.build-bench-text}

if [ ! -f "$venv/bin/activate" ]; then
    echo "peers' venv missing: python3 -m venv $venv && . $venv/bin/activate && pip install jieba==0.42.1 pyicu==2.17" >&2
    exit 2
fi
# shellcheck disable=SC1091
. "$venv/bin/activate"

if [ -z "${HUDONG_BENCH:-}" ]; then
    (cd "$bench_dir" && swift build -c release --scratch-path "$scratch" --product hudong-bench >&2)
fi
bench=${HUDONG_BENCH:-$scratch/release/hudong-bench}
results=$(mktemp)
trap 'rm -f "$results"' EXIT

run() { "$@" | grep '^RESULT ' | tee -a "$results"; }
run "$bench" analysis --input "$corpus" --dict "$root/corpora/userdict.txt" --repeat 5
run python3 "$peers/icu_seg.py" --input "$corpus"
run python3 "$peers/jieba_seg.py" --hmm 0 --input "$corpus"
run python3 "$peers/jieba_seg.py" --hmm 1 --input "$corpus"
run "$bench" analysis --input "$corpus" --dict "$root/corpora/userdict.txt" --repeat 5

python3 - "$results" <<'PY'
import json, os, sys
rows = [json.loads(l[len('RESULT '):]) for l in open(sys.argv[1]) if l.startswith('RESULT ')]
hudong = [r for r in rows if r['tool'] == 'hudong']
icu = next(r for r in rows if r['tool'] == 'icu')
jieba = {r['hmm']: r for r in rows if r['tool'] == 'jieba'}
h = min(r['median_mb_per_s'] for r in hudong)
best = max(r['mb_per_s'] for r in hudong)
print()
print(f"input: {hudong[0]['input_mb']:.2f} MB, {hudong[0]['docs']} docs, {hudong[0]['tokens']} Hudong tokens")
print(f"hudong analysis   {h:7.2f} MB/s (slower median of two 5-pass runs; best pass {best:.2f} MB/s)")
checks = [('bare ICU (PyICU)', icu['mb_per_s'], 0.75), ('jieba HMM off', jieba[0]['mb_per_s'], 8.0),
          ('jieba HMM on', jieba[1]['mb_per_s'], 8.0)]
failed = False
for name, mbps, target in checks:
    ratio = h / mbps
    ok = ratio >= target
    failed |= not ok
    print(f"{name:17s} {mbps:7.2f} MB/s  ->  hudong / peer = {ratio:5.2f}x  (target >= {target}x: {'ok' if ok else 'BELOW'})")
if failed and os.environ.get('HUDONG_BENCH_STRICT') == '1':
    sys.exit(1)
PY
