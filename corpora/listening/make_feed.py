#!/usr/bin/env python3
"""Builds corpora/listening/feed.jsonl: real reviews with synthetic metadata and an injected burst.

Data generation only (not product code). Deterministic: the same seed gives the same feed.

- Background: 6,000 reviews sampled from corpora/reviews_zh.txt (real text, unchanged), each given
  a synthetic id, channel, city, author, relay flag and a time drawn uniformly over five days,
  2026-11-09 00:00 to 2026-11-14 00:00 China time (+08:00).
- Burst: on 2026-11-12 between 20:00 and 21:00 (+08:00), 32 real reviews that mention 联想 together
  with a complaint word (蓝屏, 死机, 驱动, 售后…), mostly from Shanghai on weibo, a third of them
  relays. Four of them are re-spelled the way people write brand names (聯想, 联 想, 联-想, LENOVO
  for 联想) to show the variant folding; that is the only change made to any text.

Usage: python3 corpora/listening/make_feed.py  (from the repository root)
"""
import json, os, random, re

HERE = os.path.dirname(os.path.abspath(__file__))
REVIEWS = os.path.join(HERE, '..', 'reviews_zh.txt')
OUT = os.path.join(HERE, 'feed.jsonl')
START = 1794153600          # 2026-11-09T00:00:00+08:00
HOURS = 5 * 24
BURST_START = START + (3 * 24 + 20) * 3600   # 2026-11-12T20:00:00+08:00
COMPLAINT = re.compile('蓝屏|死机|黑屏|驱动|花屏|噪音|发热|售后|客服|退货|返修|维修')
CHANNELS = ['weibo'] * 4 + ['wechat'] * 2 + ['forum'] * 2 + ['dianping'] * 2
CITIES = ['北京', '上海', '广州', '深圳', '成都', '杭州', '武汉', '南京', None]


def iso(seconds):
    local = seconds + 8 * 3600
    days, rest = divmod(local, 86400)
    import datetime
    day = datetime.date(1970, 1, 1) + datetime.timedelta(days=days)
    return '%sT%02d:%02d:%02d+08:00' % (day.isoformat(), rest // 3600, rest % 3600 // 60, rest % 60)


def main():
    rng = random.Random(20261109)
    lines = [l.rstrip('\n') for l in open(REVIEWS, encoding='utf8')]
    burst_pool = [i for i, l in enumerate(lines) if '联想' in l and COMPLAINT.search(l) and '联想到' not in l]
    burst_lines = rng.sample(burst_pool, 32)
    excluded = set(burst_lines)
    background_lines = rng.sample([i for i in range(len(lines)) if i not in excluded and lines[i].strip()], 6000)

    items = []
    for n, index in enumerate(background_lines):
        items.append({
            'id': 'r%05d' % (n + 1), 'type': 'post', 'channel': rng.choice(CHANNELS),
            'author': 'user_%04d' % rng.randrange(3000), 'time': START + rng.randrange(HOURS * 3600),
            'text': lines[index], 'city': rng.choice(CITIES), 'relay': rng.random() < 0.15,
        })
    respell = {0: ('联想', '聯想'), 1: ('联想', '联 想'), 2: ('联想', '联-想'), 3: ('联想', 'LENOVO')}
    for n, index in enumerate(burst_lines):
        text = lines[index]
        if n in respell:
            text = text.replace(*respell[n], 1)
        items.append({
            'id': 'burst%02d' % (n + 1), 'type': 'post', 'channel': 'weibo' if rng.random() < 0.75 else 'forum',
            'author': 'user_%04d' % rng.randrange(3000), 'time': BURST_START + rng.randrange(3600),
            'text': text, 'city': '上海' if rng.random() < 0.8 else rng.choice(CITIES[:-1]),
            'relay': n % 3 == 2,
        })
    items.sort(key=lambda item: (item['time'], item['id']))
    with open(OUT, 'w', encoding='utf8') as out:
        for item in items:
            item['time'] = iso(item['time'])
            if item['city'] is None:
                del item['city']
            out.write(json.dumps(item, ensure_ascii=False, separators=(',', ':')) + '\n')
    print('wrote %d items (%d background, %d burst) to %s' % (len(items), 6000, len(burst_lines), OUT))


if __name__ == '__main__':
    main()
