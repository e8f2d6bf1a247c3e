#!/usr/bin/env bash
# Word-segmentation F1 of Hudong on the People's Daily 1998-01 gold (PKU; read from ../shared/data,
# never copied into the repository), beside jieba (HMM on/off) and bare ICU, scored by
# ../shared/peers/seg_eval.py (span matching, as in the SIGHAN bakeoffs).
#
# Hudong runs three ways: no dictionary (ICU + folding + entities), the starter user dictionary
# (corpora/userdict.txt), and jieba's lexicon (../shared/data/jieba_dict.txt, MIT) as a second
# dictionary layer (`hudong analyze --lexicon`). Each line's words are the surfaces of Hudong's
# tokens, plus every other non-space character on its own (punctuation is no token, and ICU
# splits it character by character too).
#
# Measured (19,484 gold lines): F1 jieba HMM off 0.8290, HMM on 0.8065, ICU 0.7853; Hudong 0.7849
# without a dictionary, 0.7850 with the starter dictionary, 0.8123 with jieba's lexicon layer.
#
# usage: Benchmarks/scripts/segmentation-f1.sh
# env:   HUDONG_PEERS, HUDONG_PEERS_VENV, HUDONG_BENCH_SCRATCH, HUDONG_BENCH as in analysis-vs-peers.sh;
#        HUDONG_LEXICON (../shared/data/jieba_dict.txt), HUDONG_F1_WORK (/tmp/hudong-f1).
set -euo pipefail
bench_dir=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$bench_dir/.." && pwd)
peers=${HUDONG_PEERS:-$root/../shared/peers}
venv=${HUDONG_PEERS_VENV:-/tmp/hudong-peers}
scratch=${HUDONG_BENCH_SCRATCH:-$bench_dir/.build-bench-text}
lexicon=${HUDONG_LEXICON:-$root/../shared/data/jieba_dict.txt}
work=${HUDONG_F1_WORK:-/tmp/hudong-f1}
mkdir -p "$work"

# shellcheck disable=SC1091
. "$venv/bin/activate"
if [ -z "${HUDONG_BENCH:-}" ]; then
    (cd "$bench_dir" && swift build -c release --scratch-path "$scratch" --product hudong-bench >&2)
fi
bench=${HUDONG_BENCH:-$scratch/release/hudong-bench}

python3 "$peers/seg_eval.py" --raw "$work/pd_raw.txt"
"$bench" analysis --input "$work/pd_raw.txt" --dict none --segment-out "$work/hudong.txt"
"$bench" analysis --input "$work/pd_raw.txt" --dict "$root/corpora/userdict.txt" --segment-out "$work/hudong_userdict.txt"
"$bench" analysis --input "$work/pd_raw.txt" --dict none --lexicon "$lexicon" --segment-out "$work/hudong_jieba_lexicon.txt"

python3 "$peers/seg_eval.py" \
    --extra hudong="$work/hudong.txt" \
    --extra hudong_userdict="$work/hudong_userdict.txt" \
    --extra hudong_jieba_lexicon="$work/hudong_jieba_lexicon.txt" | tee "$work/scores.txt"

python3 - "$work/scores.txt" <<'PY'
import json, sys
rows = {r['tool']: r for r in (json.loads(l[len('RESULT '):]) for l in open(sys.argv[1]) if l.startswith('RESULT '))}
print()
for name in ['jieba_nohmm', 'jieba_hmm', 'icu', 'hudong', 'hudong_userdict', 'hudong_jieba_lexicon']:
    r = rows[name]
    print(f"{name:22s} P {r['precision']:.4f}  R {r['recall']:.4f}  F1 {r['f1']:.4f}")
PY
