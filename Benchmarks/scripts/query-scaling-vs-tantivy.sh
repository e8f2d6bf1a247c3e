#!/usr/bin/env bash
# Term-query latency at the 1M-post scaling run, Hudong beside tantivy on the same input: the three
# bundled corpora repeated N times (13: 1.03M posts), as `hudong-bench index --repeat N` indexes them.
# tantivy indexes the jieba-segmented text of the same lines, repeated alike
# (scripts/tantivy_scaling.py); both answer top-10 term queries for words sampled the same way (a
# random post, a random CJK word of two characters or more in it). Rounds alternate the two.
# Hudong: thread CPU time per query, the exact hit count included (it is the list's length);
# tantivy: wall time around searcher.search from Python, top 10 without the count (block-max WAND
# pruning) and with it (every hit visited).
#
# usage: Benchmarks/scripts/query-scaling-vs-tantivy.sh
# env:   HUDONG_PEERS (../shared/peers), HUDONG_PEERS_VENV (/tmp/hudong-peers), HUDONG_BENCH (a built
#        hudong-bench: skip the build), HUDONG_BENCH_SCRATCH (Benchmarks/.build-bench-index),
#        HUDONG_BENCH_ROUNDS (2), HUDONG_BENCH_REPEAT (13), HUDONG_BENCH_QUERIES (2000).
set -euo pipefail
bench_dir=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$bench_dir/.." && pwd)
peers=${HUDONG_PEERS:-$root/../shared/peers}
venv=${HUDONG_PEERS_VENV:-/tmp/hudong-peers}
scratch=${HUDONG_BENCH_SCRATCH:-$bench_dir/.build-bench-index}
repeat=${HUDONG_BENCH_REPEAT:-13}
queries=${HUDONG_BENCH_QUERIES:-2000}
corpora=("$root/corpora/reviews_zh.txt" "$root/corpora/manpages_zh_CN.txt" "$root/corpora/manpages_zh_TW.txt")

if [ ! -f "$venv/bin/activate" ]; then
    echo "peers' venv missing: python3 -m venv $venv && . $venv/bin/activate && pip install jieba==0.42.1 tantivy==0.27.0" >&2
    exit 2
fi
# shellcheck disable=SC1091
. "$venv/bin/activate"
if [ -z "${HUDONG_BENCH:-}" ]; then
    (cd "$bench_dir" && swift build -c release --scratch-path "$scratch" --product hudong-bench >&2)
fi
bench=${HUDONG_BENCH:-$scratch/release/hudong-bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HUDONG_PEERS_WORK=$work
cat "${corpora[@]}" > "$work/corpora.txt"
echo "# segmenting the corpora with jieba (once)" >&2
python3 "$peers/jieba_seg.py" --hmm 1 --input "$work/corpora.txt" --out "$work/seg.txt" > /dev/null

results="$work/results"
for round in $(seq "${HUDONG_BENCH_ROUNDS:-2}"); do
    echo "# round $round" >&2
    (cd "$bench_dir" && "$bench" index --repeat "$repeat" --queries "$queries" --classes term) | grep '^RESULT ' | tee -a "$results"
    python3 "$bench_dir/scripts/tantivy_scaling.py" --seg "$work/seg.txt" --repeat "$repeat" --queries "$queries" \
        --work "$work/tantivy" | grep '^RESULT ' | tee -a "$results"
done

python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l[len('RESULT '):]) for l in open(sys.argv[1])]
hudong = [r for r in rows if r.get('what') == 'query' and r.get('class') == 'term' and 'tool' not in r]
tantivy = [r for r in rows if r.get('tool') == 'tantivy']
med = statistics.median
print()
print(f"term queries, top 10, {hudong[0]['posts']} posts (Hudong) / {tantivy[0]['docs']} documents (tantivy), "
      f"{len(hudong)} rounds; p50 / p99 in us, median over rounds")
print(f"hudong (thread CPU, exact count)   p50 {med([r['p50_us'] for r in hudong]):7.1f}  p99 {med([r['p99_us'] for r in hudong]):8.1f}  "
      f"mean hits {med([r['mean_hits'] for r in hudong]):.0f}")
for key, label in [('top10', 'tantivy (wall, no count)'), ('top10_counted', 'tantivy (wall, counted)')]:
    print(f"{label:34s} p50 {med([t[key]['p50_us'] for t in tantivy]):7.1f}  p99 {med([t[key]['p99_us'] for t in tantivy]):8.1f}"
          + (f"  mean hits {med([t[key]['mean_hits'] for t in tantivy]):.0f}" if 'mean_hits' in tantivy[0][key] else ''))
PY
