#!/usr/bin/env bash
# The exit index (hudong route) against 10k / 100k / 1M generated subscriptions, and the full
# brute-force verification.
#
# `hudong-bench route` (release, one thread, thread CPU time, best of --repeat passes) builds the
# realistic mix of SyntheticWorkload.realisticSpecs (8% categories, 17% tags, 20% keyword paths,
# 55% queries of 1–5 corpus words) over posts made from the corpus lines with synthetic metadata,
# key frequencies from a separate 5,000-post sample, and prints one RESULT line per size:
# match_posts_per_s (analysis excluded), match_with_analysis_posts_per_s, route_posts_per_s
# (permissions, quiet hours, caps, trust order; deliveries_per_post says how much output that is),
# brute_posts_per_s (BruteForceMatcher on a sample of the same posts, its match count asserted
# equal), candidates/verified/matches per post, build_s, index_bytes (the index's arrays) and
# rss_index_mb (resident growth during the build, build temporaries included).
# Then `route --verify`: 10,000 posts × 10,000 random subscriptions, every pair, index against
# BruteForceMatcher (two threads); it exits 1 on any difference.
#
# usage: Benchmarks/scripts/routing.sh
# env:   HUDONG_BENCH_SCRATCH (Benchmarks/.build-bench-route), HUDONG_BENCH (a built hudong-bench:
#        skip the build), HUDONG_ROUTE_SIZES (10000,100000,1000000), HUDONG_ROUTE_POSTS (20000),
#        HUDONG_ROUTE_VERIFY=0 to skip the verification, HUDONG_BENCH_STRICT=1 to exit 1 below target.
# Target (issue 6): >= 100,000 posts/s against 100k subscriptions, analysis excluded, one thread.
set -euo pipefail
bench_dir=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$bench_dir/.." && pwd)
scratch=${HUDONG_BENCH_SCRATCH:-$bench_dir/.build-bench-route}
sizes=${HUDONG_ROUTE_SIZES:-10000,100000,1000000}
posts=${HUDONG_ROUTE_POSTS:-20000}

if [ -z "${HUDONG_BENCH:-}" ]; then
    (cd "$bench_dir" && swift build -c release --scratch-path "$scratch" --product hudong-bench >&2)
fi
bench=${HUDONG_BENCH:-$scratch/release/hudong-bench}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

"$bench" route --input "$root/corpora/reviews_zh.txt" --subscriptions "$sizes" --posts "$posts" --repeat 3 | tee "$out"
if [ "${HUDONG_ROUTE_VERIFY:-1}" != 0 ]; then
    "$bench" route --input "$root/corpora/reviews_zh.txt" --verify --threads 2
fi

python3 - "$out" <<'PY'
import json, os, sys
rows = [json.loads(l[7:]) for l in open(sys.argv[1]) if l.startswith("RESULT ")]
print(f"{'subs':>9} {'match/s':>9} {'+analysis/s':>11} {'route/s':>8} {'brute/s':>8} {'matches':>8} {'verified':>8} {'index MB':>8} {'build s':>7}")
ok = True
for r in rows:
    print(f"{r['subscriptions']:>9} {r['match_posts_per_s']:>9.0f} {r['match_with_analysis_posts_per_s']:>11.0f} "
          f"{r['route_posts_per_s']:>8.0f} {r['brute_posts_per_s']:>8.1f} {r['matches_per_post']:>8.0f} "
          f"{r['verified_per_post']:>8.1f} {r['index_bytes'] / 1e6:>8.1f} {r['build_s']:>7.2f}")
    if r["subscriptions"] == 100000 and r["match_posts_per_s"] < 100000:
        ok = False
if not ok:
    print("below target: < 100,000 posts/s at 100k subscriptions", file=sys.stderr)
    if os.environ.get("HUDONG_BENCH_STRICT") == "1":
        sys.exit(1)
PY
