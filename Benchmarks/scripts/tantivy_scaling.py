#!/usr/bin/env python3
"""tantivy term-query latency on the 1M-post scaling input: the jieba-segmented corpora repeated N
times, as `hudong-bench index --repeat N` indexes them (every copy a document of its own).

The peer side of `query-scaling-vs-tantivy.sh`. Segmentation is not timed here (it is done once by
../shared/peers/jieba_seg.py --out). Queries are top 10 by BM25, timed from Python (wall time,
the call included), two ways: without counting the hits (tantivy prunes with block-max WAND) and
with the count (every hit visited), the way `../shared/peers/tantivy_bench.py` times them.
Terms are sampled like that script does, and like hudong-bench's `term` class: a random
document, then a random all-CJK token of it of two characters or more (so frequent words are
drawn more often); with --two-characters, of exactly two.

usage: tantivy_scaling.py --seg SEGMENTED.txt [--repeat 13] [--queries 2000] [--two-characters]
"""
import argparse, os, random, re, shutil, statistics, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument('--seg', required=True, help='jieba-segmented corpora, one document a line, words separated by spaces')
ap.add_argument('--repeat', type=int, default=13)
ap.add_argument('--queries', type=int, default=2000)
ap.add_argument('--two-characters', action='store_true')
ap.add_argument('--work', default=None, help='directory for the index (default: a fresh temporary one, removed at exit)')
a = ap.parse_args()

import tantivy

with open(a.seg, encoding='utf8') as f:
    seg = [l.rstrip('\n') for l in f]
work = a.work or tempfile.mkdtemp(prefix='tantivy-scaling-')
idx_dir = os.path.join(work, 'index')
shutil.rmtree(idx_dir, ignore_errors=True)
os.makedirs(idx_dir)
try:
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field('id', stored=True)
    sb.add_text_field('body', stored=False, tokenizer_name='default', index_option='position')
    schema = sb.build()
    index = tantivy.Index(schema, path=idx_dir)
    t0 = time.perf_counter()
    w = index.writer(heap_size=512_000_000)
    n = 0
    for _ in range(a.repeat):
        for s in seg:
            w.add_document(tantivy.Document(id=n, body=s))
            n += 1
    w.commit()
    w.wait_merging_threads()
    index_s = time.perf_counter() - t0
    index.reload()
    searcher = index.searcher()
    assert searcher.num_docs == n, (searcher.num_docs, n)

    cjk = re.compile(r'^[\u3400-\u9fff]{2}$' if a.two_characters else r'^[\u3400-\u9fff]{2,}$')
    rng = random.Random(42)

    def term():
        while True:
            toks = [t for t in seg[rng.randrange(len(seg))].split() if cjk.match(t)]
            if toks:
                return rng.choice(toks)

    terms = [term() for _ in range(a.queries)]
    queries = [tantivy.Query.term_query(schema, 'body', t) for t in terms]

    def timed(count):
        for q in queries[:100]:
            searcher.search(q, 10, count=count)  # warm-up
        lat, hits = [], []
        for q in queries:
            t = time.perf_counter()
            r = searcher.search(q, 10, count=count)
            lat.append(time.perf_counter() - t)
            hits.append(r.count if count else len(r.hits))
        lat.sort()
        return {'p50_us': 1e6 * lat[len(lat) // 2], 'p99_us': 1e6 * lat[len(lat) * 99 // 100],
                'mean_hits' if count else 'mean_returned': statistics.mean(hits)}

    import json
    print('RESULT ' + json.dumps({'tool': 'tantivy', 'what': 'query', 'class': 'term', 'docs': n, 'repeat': a.repeat,
                                  'lengths': '2' if a.two_characters else '2+', 'queries': len(queries), 'index_s': index_s,
                                  'top10': timed(False), 'top10_counted': timed(True)}, ensure_ascii=False), flush=True)
finally:
    if a.work is None:
        shutil.rmtree(work, ignore_errors=True)
