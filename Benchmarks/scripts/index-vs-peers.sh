#!/usr/bin/env bash
# Hudong's ingest (analysis + indexing) beside the peer pipeline jieba + tantivy, in one run on the
# same file, interleaved: each round runs `hudong-bench index --threads 1` (release, one thread;
# ingest timed in thread CPU time, wall time beside; then query latency per class), jieba with HMM
# on writing the segmented text (../shared/peers/jieba_seg.py --out), and tantivy indexing that
# text with one thread (../shared/peers/tantivy_bench.py --threads 1; term and 2-term AND query
# latency, top 10). The peer's ingest time is jieba's seg_s + tantivy's index_s (as the peers
# README says); dictionary loads and set-up are left out on both sides. Shared machines are noisy,
# so every figure is its best over the rounds (the least disturbed run), medians are printed
# beside, and the ratio is best to best. Query latencies are medians over the rounds (best beside);
# Hudong's are thread CPU time, tantivy's wall time measured from Python.
#
# usage: Benchmarks/scripts/index-vs-peers.sh [CORPUS]     (default: corpora/reviews_zh.txt)
# env:   HUDONG_PEERS (../shared/peers), HUDONG_PEERS_VENV (/tmp/hudong-peers),
#        HUDONG_PEERS_WORK (scratch for the segmented text and the tantivy index; default a fresh
#        temporary directory, removed at exit), HUDONG_BENCH_SCRATCH (Benchmarks/.build-bench-index),
#        HUDONG_BENCH (a built hudong-bench: skip the build), HUDONG_BENCH_ROUNDS (3),
#        HUDONG_BENCH_QUERIES (300 per Hudong query class), HUDONG_BENCH_STRICT=1 to exit 1 below target.
# Targets (issue): Hudong ingest >= 7x jieba + tantivy and >= 8 MB/s (CPU time, one thread).
# Measured (2 shared cores, load 2-3, reviews corpus 7.38 MB, 3 rounds, two runs back to back):
# Hudong 5.92 / 5.82 MB/s CPU best (5.92 / 5.59 median; wall within 1%), jieba + tantivy 1.09 / 1.10
# MB/s best (jieba seg 6.40 / 6.33 s + tantivy index 0.38 / 0.37 s): 5.4x / 5.3x best to best, so
# both targets are missed. Queries p50 / p99, median over rounds: Hudong term 31 / 231 us, and2
# 54 / 276 us (thread CPU); tantivy term 7 / 37 us, 2-term AND 7.5 / 51 us (wall, from Python).
# After indexing on raw buffers (a7eb36e; two runs, the build before run in between): Hudong 7.09 / 7.11
# MB/s CPU best (6.77 / 6.48 median), jieba + tantivy 0.89 / 0.92: 8.01x / 7.76x (the build before: 5.80
# MB/s, 6.89x); 8 MB/s is still missed (best round: analysis 0.61 s, indexing 0.43 s of 1.04 s).
# With an analysis's tokens kept as spans, batches read in place and ICU not detached per text
# (three runs, the build before run in between): 8.26 / 8.05 / 7.73 MB/s CPU best (8.17 / 8.02 / 7.50
# median), jieba + tantivy 1.03 / 0.99 / 0.92: 7.99x / 8.15x / 8.40x; the build before 7.80 / 7.31.
set -euo pipefail
bench_dir=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$bench_dir/.." && pwd)
corpus=$(realpath "${1:-$root/corpora/reviews_zh.txt}")
peers=${HUDONG_PEERS:-$root/../shared/peers}
venv=${HUDONG_PEERS_VENV:-/tmp/hudong-peers}
scratch=${HUDONG_BENCH_SCRATCH:-$bench_dir/.build-bench-index}

if [ ! -f "$venv/bin/activate" ]; then
    echo "peers' venv missing: python3 -m venv $venv && . $venv/bin/activate && pip install jieba==0.42.1 pyicu==2.17 opencc==1.4.2 tantivy==0.27.0 pyahocorasick==2.3.1" >&2
    exit 2
fi
# shellcheck disable=SC1091
. "$venv/bin/activate"

if [ -z "${HUDONG_BENCH:-}" ]; then
    # If the build complains that a type is missing, delete $scratch/release/description.json and rerun.
    (cd "$bench_dir" && swift build -c release --scratch-path "$scratch" --product hudong-bench >&2)
fi
bench=${HUDONG_BENCH:-$scratch/release/hudong-bench}
results=$(mktemp)
if [ -n "${HUDONG_PEERS_WORK:-}" ]; then
    work=$HUDONG_PEERS_WORK
    trap 'rm -f "$results"' EXIT
else
    work=$(mktemp -d)
    trap 'rm -rf "$results" "$work"' EXIT
fi
export HUDONG_PEERS_WORK=$work
mkdir -p "$work"
seg="$work/seg_jieba.txt"

run() { "$@" | grep '^RESULT ' | tee -a "$results"; }
rounds=${HUDONG_BENCH_ROUNDS:-3}
for round in $(seq "$rounds"); do
    echo "# round $round/$rounds" >&2
    run "$bench" index --input "$corpus" --threads 1 --queries "${HUDONG_BENCH_QUERIES:-300}"
    run python3 "$peers/jieba_seg.py" --hmm 1 --input "$corpus" --out "$seg"
    run python3 "$peers/tantivy_bench.py" --threads 1 --input "$corpus" --seg "$seg"
done

python3 - "$results" <<'PY'
import json, os, statistics, sys
rows = [json.loads(l[len('RESULT '):]) for l in open(sys.argv[1]) if l.startswith('RESULT ')]
ingest = [r for r in rows if r.get('what') == 'ingest']
queries = [r for r in rows if r.get('what') == 'query']
jieba = [r for r in rows if r.get('tool') == 'jieba']
tantivy = [r for r in rows if r.get('tool') == 'tantivy']
if not (len(ingest) == len(jieba) == len(tantivy) > 0):
    sys.exit(f"missing results: {len(ingest)} hudong, {len(jieba)} jieba, {len(tantivy)} tantivy runs")
for name, rs, key in [('hudong', ingest, 'terms'), ('jieba', jieba, 'tokens')]:
    if len({r[key] for r in rs}) != 1:
        sys.exit(f"{name} {key} differ between runs: {sorted({r[key] for r in rs})}")
mb = ingest[0]['input_mb']
if any(abs(r['input_mb'] - mb) > 1e-6 for r in jieba + tantivy):
    sys.exit("hudong and the peers read different amounts of text")
h_cpu = [r['cpu_mb_per_s'] for r in ingest]
h_wall = [r['mb_per_s'] for r in ingest]
peer = [mb / (j['seg_s'] + t['index_s']) for j, t in zip(jieba, tantivy)]
seg_s = [j['seg_s'] for j in jieba]
index_s = [t['index_s'] for t in tantivy]
med = statistics.median
print()
print(f"input: {mb:.2f} MB, {ingest[0]['posts']} posts, {len(ingest)} rounds; "
      f"Hudong {ingest[0]['terms']} terms, jieba {jieba[0]['tokens']} tokens")
print(f"{'ingest, one thread':32s} {'best':>8s} {'median':>8s}")
print(f"{'hudong (CPU time)':32s} {max(h_cpu):8.2f} {med(h_cpu):8.2f} MB/s")
print(f"{'hudong (wall)':32s} {max(h_wall):8.2f} {med(h_wall):8.2f} MB/s")
print(f"{'jieba + tantivy (wall)':32s} {max(peer):8.2f} {med(peer):8.2f} MB/s   "
      f"(jieba seg {min(seg_s):.2f} s best, tantivy index {min(index_s):.2f} s best)")
ratio, median_ratio = max(h_cpu) / max(peer), med(h_cpu) / med(peer)
ratio_ok, speed_ok = ratio >= 7.0, max(h_cpu) >= 8.0
print(f"hudong / jieba+tantivy: {ratio:.2f}x best to best, {median_ratio:.2f}x median "
      f"(target >= 7x: {'ok' if ratio_ok else 'BELOW'}); hudong best {max(h_cpu):.2f} MB/s "
      f"(target >= 8 MB/s: {'ok' if speed_ok else 'BELOW'})")
print()
print("queries, top 10, p50 / p99 in us: median over rounds (best). Hudong: thread CPU time;")
print("tantivy: wall-clock time around searcher.search from Python.")
def lat(values):
    return f"{med(values):7.1f} ({min(values):6.1f})"
for h_class, t_prefix, label in [('term', 'term', 'term'), ('and2', 'and2', '2-term AND')]:
    hq = [r for r in queries if r['class'] == h_class]
    print(f"{label:11s} hudong  p50 {lat([r['p50_us'] for r in hq])}  p99 {lat([r['p99_us'] for r in hq])}  "
          f"mean hits {med([r['mean_hits'] for r in hq]):.0f}")
    print(f"{'':11s} tantivy p50 {lat([1000 * t[t_prefix + '_p50_ms'] for t in tantivy])}  "
          f"p99 {lat([1000 * t[t_prefix + '_p99_ms'] for t in tantivy])}  "
          f"median hits {med([t[t_prefix + '_median_hits'] for t in tantivy]):.0f}")
if not (ratio_ok and speed_ok) and os.environ.get('HUDONG_BENCH_STRICT') == '1':
    sys.exit(1)
PY
