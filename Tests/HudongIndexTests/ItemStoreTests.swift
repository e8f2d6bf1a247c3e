import Foundation
@testable import HudongIndex
import HudongText
import Testing

/// The packed item store (`ItemStore`) against a plain array of the same items, and the facets
/// counted from its columns against a count over the items themselves.
@Suite("Packed item store")
struct ItemStoreTests {
    /// Items at the edges of every field: counts that do not fit 16 or 32 bits or are negative, empty
    /// strings (not the same as none), messages, times at zero and below, repeated labels,
    /// emoji, Traditional and decomposed text, ids beyond 15 bytes and outside ASCII.
    static let edgeItems: [Item] = [
        Item(id: "a", text: "好"),
        Item(id: "p-1", type: .post, channel: "weibo", author: "用户_很长的名字超过十五个字节", time: 1_793_000_000,
             text: "小米14 Ultra 拍照真好 😀 #小米#", city: "北京", relay: true, likes: 12, shares: 3, comments: 4,
             tags: ["小米", "手机", "小米"], category: "口碑", keywordPaths: ["品牌/小米/小米手机", "品类/手机"]),
        Item(id: "m-1", type: .message, channel: "wechat", time: 0, text: "退款到賬了嗎？", likes: Int(UInt32.max), shares: Int.max,
             comments: -7, from: "fan_9", to: "brand", direction: .in, group: "g7"),
        Item(id: "m-2", type: .message, time: -86_400, text: "好的", direction: .out),
        Item(id: "m-3", type: .message, text: "在吗", group: "g7"),
        Item(id: "m-4", type: .message, text: "点赞", likes: 65_535, shares: 65_534, comments: 65_536),
        Item(id: "", channel: "", author: "", text: " ", city: "", likes: Int(UInt32.max) - 1, tags: [""], category: "",
             keywordPaths: [""]),
        Item(id: "café", text: "cafe\u{301} 咖啡 ＡＢＣ１２３"),
        Item(id: "一个很长的编号-用来超过十五个字节", text: String(repeating: "长文", count: 5_000), tags: ["长"]),
        Item(id: "p-2", channel: "weibo", text: "同一个渠道", city: "北京", tags: ["手机"], keywordPaths: ["品牌/小米/小米手机"]),
    ]

    static func sameBytes(_ a: Item, _ b: Item) -> Bool {
        a == b && a.id.utf8.elementsEqual(b.id.utf8) && a.text.utf8.elementsEqual(b.text.utf8)
    }

    @Test("Every field reads back as written, byte for byte")
    func edgeValuesRoundTrip() {
        let store = ItemStore(Self.edgeItems)
        #expect(store.count == Self.edgeItems.count)
        for (i, item) in Self.edgeItems.enumerated() {
            #expect(Self.sameBytes(store[i], item), "item \(i): \(store[i]) ≠ \(item)")
            #expect(store.id(at: i) == item.id && store.text(at: i) == item.text && store.tags(at: i) == item.tags)
            #expect(store.textLength(at: i) == item.text.utf8.count)
            #expect(store.times[i] == (item.time ?? Int64.min))
        }
        #expect(store == ItemStore(Self.edgeItems))
        #expect(store != ItemStore(Self.edgeItems.dropLast()))

        // `isSame` tells any one field changed.
        let changes: [(String, (inout Item) -> Void)] = [
            ("id", { $0.id += "x" }), ("text", { $0.text += "。" }), ("channel", { $0.channel = $0.channel == nil ? "weibo" : nil }),
            ("author", { $0.author = ($0.author ?? "") + "x" }), ("city", { $0.city = $0.city == "上海" ? "北京" : "上海" }),
            ("category", { $0.category = $0.category == nil ? "" : nil }), ("time", { $0.time = $0.time == nil ? 0 : nil }),
            ("likes", { $0.likes = $0.likes == Int.max ? 1 : Int.max }), ("shares", { $0.shares = $0.shares == 0 ? 1 : 0 }), ("comments", { $0.comments = $0.comments == 0 ? -1 : 0 }),
            ("tags", { $0.tags.append("新") }), ("tag order", { $0.tags = $0.tags.count < 2 ? ["a", "b"] : [$0.tags[1], $0.tags[0]] + $0.tags.dropFirst(2) }),
            ("paths", { $0.keywordPaths = $0.keywordPaths.isEmpty ? ["品牌"] : [] }), ("type", { $0.type = $0.type == .post ? .message : .post }),
            ("relay", { $0.relay.toggle() }), ("from", { $0.from = $0.from == nil ? "fan" : nil }), ("to", { $0.to = ($0.to ?? "") + "x" }),
            ("group", { $0.group = $0.group == "g7" ? "g8" : "g7" }), ("direction", { $0.direction = $0.direction == .in ? .out : .in }),
        ]
        for (name, change) in changes {
            let changed = ItemStore(Self.edgeItems.map { var item = $0; change(&item); return item })
            for i in Self.edgeItems.indices {
                #expect(!store.isSame(at: i, as: changed, at: i), "\(name) of item \(i)")
                #expect(changed.isSame(at: i, as: changed, at: i) && store.isSame(at: i, as: store, at: i))
            }
        }
    }

    @Test("3,000 random appends, replacements and packs read back like an array of the items")
    func againstAnArray() {
        var rng = TestCorpus.Random(seed: 77)
        let texts = TestCorpus.items(reviews: 60, traditional: 20, simplified: 20).map(\.text)
        let labels = ["小米", "华为", "手机", "客服", "退款", "品牌/小米", "品牌/华为/Mate", "品类/手机/旗舰"]
        func randomItem(_ n: Int) -> Item {
            func some(_ values: [String]) -> String? { Int.random(in: 0..<3, using: &rng) == 0 ? nil : values.randomElement(using: &rng) }
            func few() -> [String] { (0..<Int.random(in: 0..<4, using: &rng)).map { _ in labels.randomElement(using: &rng)! } }
            let message = Int.random(in: 0..<4, using: &rng) == 0
            let counts = [0, 1, 50, 65_534, 65_535, 65_536, Int(UInt32.max), Int.max, -3]
            return Item(id: "id-\(n)", type: message ? .message : .post, channel: some(["weibo", "wechat", ""]),
                        author: some(["a", "用户_很长的名字超过十五个字节"]),
                        time: Int.random(in: 0..<3, using: &rng) == 0 ? nil : Int64.random(in: -1_000...2_000_000_000, using: &rng),
                        text: texts.randomElement(using: &rng)!, city: some(["北京", "上海"]), relay: Bool.random(using: &rng),
                        likes: counts.randomElement(using: &rng)!, shares: counts.randomElement(using: &rng)!,
                        comments: counts.randomElement(using: &rng)!, tags: few(), category: some(["口碑", "客服"]), keywordPaths: few(),
                        from: message ? some(["fan", "brand"]) : nil, to: message ? some(["fan", "brand"]) : nil,
                        direction: message ? [Direction.in, .out, nil].randomElement(using: &rng)! : nil,
                        group: message ? some(["g1", "g2"]) : nil)
        }
        var store = ItemStore(), model: [Item] = []
        for step in 0..<3_000 {
            let choice = Int.random(in: 0..<10, using: &rng)
            if model.isEmpty || choice < 5 {
                let item = randomItem(step)
                store.append(item)
                model.append(item)
            } else {
                // The last item (rewritten in place) or any other; labels only, text only, or all.
                let i = choice < 7 ? model.count - 1 : Int.random(in: 0..<model.count, using: &rng)
                var item = model[i]
                let fresh = randomItem(step)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: item.tags = fresh.tags; item.keywordPaths = fresh.keywordPaths; item.category = fresh.category
                case 1: item.text = fresh.text
                case 2: item = fresh
                default: break  // the same item again
                }
                store[i] = item
                model[i] = item
            }
            // A pack now and then: the texts so far coded, those written after in `CompactText`,
            // items replaced with their text unchanged kept coded.
            if step % 400 == 170 { store.codeTexts() }
            if step % 500 == 499 {
                #expect(store.count == model.count)
                for i in model.indices where !Self.sameBytes(store[i], model[i]) {
                    Issue.record("step \(step), item \(i): \(store[i]) ≠ \(model[i])")
                }
                // Joined after other items (as a snapshot's chunks are; with none before, its
                // code is taken along, else its coded texts are recoded), it reads the same.
                var joined = ItemStore(model.suffix(step % 7))
                joined.append(contentsOf: store)
                #expect(joined.count == step % 7 + model.count)
                for i in model.indices where !Self.sameBytes(joined[step % 7 + i], model[i]) {
                    Issue.record("joined at step \(step), item \(i): \(joined[step % 7 + i]) ≠ \(model[i])")
                }
                // Packed again (a second code over texts of both kinds), it reads the same.
                joined.codeTexts()
                for i in model.indices where !Self.sameBytes(joined[step % 7 + i], model[i]) || !joined.isSame(at: step % 7 + i, as: store, at: i) {
                    Issue.record("joined and packed at step \(step), item \(i): \(joined[step % 7 + i]) ≠ \(model[i])")
                }
                // Every third item copied out as stored (as compaction keeps the live ones), it
                // reads the same and is the same as those items packed afresh.
                let picked = Array(stride(from: step % 3, to: model.count, by: 3))
                var kept = ItemStore()
                kept.append(picked, of: store)
                let keptFresh = ItemStore(picked.map { model[$0] })
                #expect(kept.count == picked.count)
                for (k, i) in picked.enumerated() where !Self.sameBytes(kept[k], model[i]) || !kept.isSame(at: k, as: keptFresh, at: k) {
                    Issue.record("kept at step \(step), item \(i): \(kept[k]) ≠ \(model[i])")
                }
                // `isSame` against a store packed afresh (its values numbered differently), its
                // texts in `CompactText` or in a code of their own.
                let fresh = ItemStore(model)
                var freshCoded = fresh
                freshCoded.codeTexts()
                for i in model.indices {
                    let j = (i * 7 + step) % model.count
                    for other in [fresh, freshCoded] {
                        #expect(store.isSame(at: i, as: other, at: i), "step \(step), item \(i)")
                        #expect(store.isSame(at: i, as: other, at: j) == Self.sameBytes(model[i], model[j]), "step \(step), items \(i), \(j)")
                    }
                }
            }
        }
    }

    @Test("Relabelling the last item, as tagging does after each add, rewrites it in place")
    func relabellingTheLastItemInPlace() {
        var store = ItemStore(Self.edgeItems)
        var last = Self.edgeItems[1]
        last.id = "last"
        store.append(last)
        func relabel(_ k: Int) {
            var item = last
            item.tags = ["标签\(k % 7)", "#小米#"]
            item.keywordPaths = ["品牌/小米/\(k % 5)"]
            item.text = "改过的文字 \(k % 3)"
            store[store.count - 1] = item
        }
        for k in 0..<10 { relabel(k) }
        let settled = store.memoryBytes
        for k in 10..<2_000 { relabel(k) }
        #expect(store.memoryBytes == settled)
        #expect(store[store.count - 1].keywordPaths == ["品牌/小米/\(1_999 % 5)"])
        for (i, item) in Self.edgeItems.enumerated() { #expect(Self.sameBytes(store[i], item)) }
    }

    /// The stored (coded) bytes of item `i`'s text.
    static func storedText(_ store: ItemStore, _ i: Int) -> [UInt8] {
        let r = store.rows[i]
        let start = r.start + Int(r.idLength)
        return store.bytes.withUnsafeBufferPointer { Array($0[start..<start + Int(r.storedTextLength)]) }
    }

    @Test("A pack codes the texts in fewer bytes, and a re-tag that leaves them as they are keeps them so")
    func codedTextsStayCodedThroughARetag() {
        let items = TestCorpus.items(reviews: 300, traditional: 100, simplified: 100) + Self.edgeItems
        var store = ItemStore(items)
        let compact = store.storedTextBytes
        store.codeTexts()
        #expect(store.storedTextBytes < compact * 3 / 4, "coded \(store.storedTextBytes) bytes of text, \(compact) in CompactText")
        for (i, item) in items.enumerated() { #expect(Self.sameBytes(store[i], item), "item \(i)") }
        // A small store (counted by scalar in a hash table) with emoji and other escaped scalars.
        var edges = ItemStore(Self.edgeItems)
        #expect(edges.storedTextBytes < 1 << 16)
        edges.codeTexts()
        for (i, item) in Self.edgeItems.enumerated() { #expect(Self.sameBytes(edges[i], item), "edge item \(i)") }
        // Past 64 KB of text the characters are counted in a table, not a hash table, pairs of
        // characters get codes of their own, and past 8,192 items the work is split over
        // threads: the same items 70 times over, coded on one thread or three, give the same
        // bytes, each copy of an item the same as the others.
        let few = Array(items.prefix(120))
        let copies = (0..<70).flatMap { k in few.map { var item = $0; item.id += "-\(k)"; return item } }
        var big = ItemStore(copies), bigOnOne = big
        let bigCompact = big.storedTextBytes
        #expect(bigCompact >= 1 << 16 && big.count >= 8_192)
        big.codeTexts(threads: 3)
        bigOnOne.codeTexts(threads: 1)
        #expect(big.storedTextBytes == bigOnOne.storedTextBytes && big.storedTextBytes < bigCompact * 3 / 5)
        #expect(big.textCode?.symbols.contains(where: \.isPair) == true)
        var unlike = 0
        for i in big.indices where !(big.id(at: i) == copies[i].id && big.text(at: i).utf8.elementsEqual(copies[i].text.utf8)
                                      && Self.storedText(big, i) == Self.storedText(big, i % few.count)
                                      && Self.storedText(big, i) == Self.storedText(bigOnOne, i)) {
            unlike += 1
        }
        #expect(unlike == 0)
        // Items added after a pack, then a second pack over coded and uncoded rows alike.
        for item in items.suffix(200) { big.append(item) }
        big.codeTexts(threads: 2)
        let all = copies + items.suffix(200)
        #expect(big.count == all.count && big.textCode?.symbols.contains(where: \.isPair) == true)
        unlike = 0
        for i in big.indices where !big.text(at: i).utf8.elementsEqual(all[i].text.utf8) { unlike += 1 }
        #expect(unlike == 0)
        let codedText = store.memory.text, arena = store.arenaByteCount
        for (i, item) in items.enumerated() {
            var relabelled = item
            relabelled.tags = ["重贴\(i % 3)"]
            relabelled.keywordPaths = []
            store[i] = relabelled
        }
        #expect(store.memory.text == codedText && store.arenaByteCount == arena)
        for (i, item) in items.enumerated() {
            #expect(store.text(at: i).utf8.elementsEqual(item.text.utf8) && store.tags(at: i) == ["重贴\(i % 3)"], "item \(i)")
        }
    }

    @Test("An id finds its item in the index whether the query's form is composed or decomposed, and only then")
    func canonicallyEquivalentIds() {
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        index.add(Item(id: "café", text: "咖啡"))
        index.add(Item(id: "cafe", text: "茶"))
        index.add(Item(id: "一个很长的编号-用来超过十五个字节", text: "水"))
        index.add(Item(id: "x-é-1", text: "冰"))
        #expect(index.item(id: "x-e\u{301}-1")?.text == "冰" && index.item(id: "x-e-1") == nil && index.item(id: "x-é-2") == nil)
        index.delete(id: "x-e\u{301}-1")
        #expect(index.item(id: "x-é-1") == nil)
        #expect(index.item(id: "cafe\u{301}")?.text == "咖啡")
        #expect(index.item(id: "cafe")?.text == "茶")
        #expect(index.item(id: "CAFE") == nil && index.item(id: "caf") == nil)
        #expect(index.item(id: "一个很长的编号-用来超过十五个字节")?.text == "水")
        #expect(index.add(Item(id: "cafe\u{301}", text: "拿铁")) == .replaced)
        #expect(index.item(id: "café")?.text == "拿铁" && index.documents.liveCount == 3)
    }

    @Test("Facets count what a pass over the matched items counts")
    func facetsAgainstItems() throws {
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        var rng = TestCorpus.Random(seed: 5)
        let texts = TestCorpus.items(reviews: 200, traditional: 30, simplified: 30).map(\.text)
        let tags = ["小米", "华为", "手机", "客服"], paths = ["品牌/小米", "品牌/小米/小米14", "品牌/华为", "品类/手机", "品牌 / 小米 /"]
        for n in 0..<400 {
            index.add(Item(id: "f\(n)", channel: ["weibo", "wechat", nil].randomElement(using: &rng)!, text: texts.randomElement(using: &rng)!,
                           city: ["北京", "上海", nil].randomElement(using: &rng)!,
                           tags: (0..<Int.random(in: 0..<3, using: &rng)).map { _ in tags.randomElement(using: &rng)! },
                           category: ["口碑", nil].randomElement(using: &rng)!,
                           keywordPaths: (0..<Int.random(in: 0..<3, using: &rng)).map { _ in paths.randomElement(using: &rng)! }))
        }
        for n in stride(from: 0, to: 400, by: 9) { index.delete(id: "f\(n)") }
        for query in ["的", "酒店 OR 房间", "-的"] {
            let results = QueryExecutor.search(try QueryParser().parse(query), in: index, options: SearchOptions(limit: 1_000_000, facets: true))
            var expected: [QueryField: [String: Int]] = [:]
            for hit in results.hits {
                let item = hit.item
                if let c = item.category { expected[.category, default: [:]][c, default: 0] += 1 }
                if let c = item.channel { expected[.channel, default: [:]][c, default: 0] += 1 }
                if let c = item.city { expected[.city, default: [:]][c, default: 0] += 1 }
                for tag in Set(item.tags) { expected[.tag, default: [:]][tag, default: 0] += 1 }
                var nodes = Set<String>()
                for path in item.keywordPaths {
                    let parts = path.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    for k in parts.indices { nodes.insert(parts[...k].joined(separator: "/")) }
                }
                for node in nodes { expected[.keyword, default: [:]][node, default: 0] += 1 }
            }
            #expect(results.totalHits == results.hits.count && results.totalHits > 0, "\(query)")
            for field in [QueryField.category, .tag, .keyword, .channel, .city] {
                let got = Dictionary(uniqueKeysWithValues: (results.facets[field] ?? []).map { ($0.value, $0.count) })
                #expect(got == (expected[field] ?? [:]), "\(query) \(field)")
            }
        }
    }
}
