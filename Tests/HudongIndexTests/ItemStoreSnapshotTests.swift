@testable import HudongIndex
import HudongTestSupport
import Testing

/// The item store in a snapshot as it is kept (format 9): read back item for item, byte for
/// byte, its texts coded on the way out; damage to any of its offsets, ids or code is an
/// error at load.
@Suite("Item store snapshots")
struct ItemStoreSnapshotTests {
    /// A store of the edge items and corpus items, packed part-way: coded and `CompactText`
    /// texts, replaced items (unused arena bytes), labels, messages and large counts.
    static func mixedStore() -> (ItemStore, [Item]) {
        var model = ItemStoreTests.edgeItems
        let corpus = TestCorpus.items(reviews: 120, traditional: 40, simplified: 40)
        for (n, item) in corpus.enumerated() {
            var item = item
            item.id = "c\(n)"
            item.tags = n % 3 == 0 ? ["小米", "口碑"] : []
            item.keywordPaths = n % 5 == 0 ? ["品牌/小米/小米手机"] : []
            item.likes = n % 7 == 0 ? 70_000 : n
            model.append(item)
        }
        var store = ItemStore(model.prefix(150))
        store.codeTexts()
        for item in model.dropFirst(150) { store.append(item) }
        // Replaced: one coded, one not, and the last (rewritten in place).
        for i in [20, 170, model.count - 1] {
            model[i].text += " 改"
            model[i].tags.append("改")
            store[i] = model[i]
        }
        return (store, model)
    }

    static func roundTrip(_ store: ItemStore) throws(IndexError) -> ItemStore {
        var sink = MemoryBytes()
        store.writeSnapshot(to: &sink, threads: 2)
        var loaded = try ItemStore(snapshot: &sink, count: store.count)
        loaded.times = store.times
        #expect(sink.remaining == 0)
        return loaded
    }

    @Test("A store of coded and uncoded texts reads back item for item, every text coded, the store written left as it was")
    func roundTrip() throws {
        let (store, model) = Self.mixedStore()
        let uncodedBefore = store.rows.filter { $0.flags & ItemStore.Flag.coded == 0 }.count
        #expect(uncodedBefore > 0)
        let loaded = try Self.roundTrip(store)
        #expect(loaded.count == model.count)
        for i in model.indices where !ItemStoreTests.sameBytes(loaded[i], model[i]) || !loaded.isSame(at: i, as: store, at: i) {
            Issue.record("item \(i): \(loaded[i]) ≠ \(model[i])")
        }
        let allCoded = loaded.rows.allSatisfy { $0.flags & ItemStore.Flag.coded != 0 || $0.storedTextLength == 0 }
        #expect(allCoded)
        #expect(loaded.storedTextBytes < store.storedTextBytes)
        #expect(store.rows.filter { $0.flags & ItemStore.Flag.coded == 0 }.count == uncodedBefore)
        // Written again, a coded store gives the same bytes (nothing recoded), and it goes on
        // taking items and replacements like the store it came from.
        var first = MemoryBytes(), second = MemoryBytes()
        loaded.writeSnapshot(to: &first, threads: 1)
        try Self.roundTrip(loaded).writeSnapshot(to: &second, threads: 1)
        #expect(first.bytes == second.bytes)
        var grown = loaded, original = store
        for item in ItemStoreTests.edgeItems.prefix(4) {
            grown.append(item)
            original.append(item)
        }
        grown[model.count - 1] = ItemStoreTests.edgeItems[1]
        original[model.count - 1] = ItemStoreTests.edgeItems[1]
        #expect(grown == original)
    }

    /// Records every item of `loaded` that differs from `model`'s, byte for byte.
    static func recordDifferences(_ loaded: ItemStore, _ model: [Item], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(loaded.count == model.count, sourceLocation: sourceLocation)
        for i in model.indices where i < loaded.count && !ItemStoreTests.sameBytes(loaded[i], model[i]) {
            Issue.record("item \(i): \(loaded[i]) ≠ \(model[i])", sourceLocation: sourceLocation)
        }
    }

    /// Bytes the rows of `store` point at: its arena holds nothing else when it is written compact.
    static func pointedBytes(_ store: ItemStore) -> Int {
        store.rows.reduce(0) { $0 + Int($1.idLength) + Int($1.storedTextLength) }
    }

    @Test("Texts added after a pack are coded in the store's own code when it has their characters (the code kept); a new character gets a new code")
    func newTextsKeepTheCode() throws {
        let corpus = TestCorpus.items(reviews: 60, traditional: 20, simplified: 20)
        var model = Array(corpus.prefix(80))
        var store = ItemStore(model)
        store.codeTexts()
        let code = try #require(store.textCode)
        // New items of the characters already coded (two earlier texts joined), and an empty one.
        for k in 0..<20 {
            var item = corpus[k]
            item.id = "new\(k)"
            item.text = corpus[k].text + corpus[k + 1].text
            model.append(item)
            store.append(item)
        }
        model.append(Item(id: "blank", text: ""))
        store.append(model[model.count - 1])
        let loaded = try Self.roundTrip(store)
        Self.recordDifferences(loaded, model)
        let kept = try #require(loaded.textCode)
        #expect(kept.symbols == code.symbols && kept.lengths == code.lengths)
        let allCoded = loaded.rows.allSatisfy { $0.flags & ItemStore.Flag.coded != 0 }
        #expect(allCoded)
        #expect(store.rows.suffix(21).allSatisfy { $0.flags & ItemStore.Flag.coded == 0 })
        // A character the code has not got: every text coded afresh, in a new code that has it.
        var grown = store
        model.append(Item(id: "rare", text: "龘靐齉"))
        grown.append(model[model.count - 1])
        let recoded = try Self.roundTrip(grown)
        Self.recordDifferences(recoded, model)
        let fresh = try #require(recoded.textCode)
        #expect(fresh.symbols.contains { $0.first == ("龘" as Unicode.Scalar).value })
        #expect(!code.symbols.contains { $0.first == ("龘" as Unicode.Scalar).value })
    }

    @Test("The written arena holds what the rows point at and nothing else (replaced items leave no bytes behind)")
    func writtenArenaIsCompact() throws {
        let (store, _) = Self.mixedStore()
        let loaded = try Self.roundTrip(store)
        #expect(store.bytes.count > Self.pointedBytes(store))
        #expect(loaded.bytes.count == Self.pointedBytes(loaded))
        // Rows one after another, in order.
        var next = 0
        for r in loaded.rows {
            #expect(r.start == next)
            next = r.start + Int(r.idLength) + Int(r.storedTextLength)
        }
    }

    @Test("An empty store and a store of empty texts (no code) round-trip")
    func emptyStores() throws {
        #expect(try Self.roundTrip(ItemStore()).isEmpty)
        let blank = ItemStore([Item(id: "a", text: ""), Item(id: "b", text: "")])
        let loaded = try Self.roundTrip(blank)
        #expect(loaded.textCode == nil && loaded == blank)
    }

    /// Whether `store`, written as it is (not recoded), fails to load with a decoding error.
    static func refused(_ store: ItemStore) -> Bool {
        var sink = MemoryBytes()
        store.writeVerbatimSnapshot(to: &sink)
        do {
            _ = try ItemStore(snapshot: &sink, count: store.count)
            return false
        } catch {
            return true
        }
    }

    @Test("An offset, length, value id, label or code that points outside what it indexes is refused at load")
    func damageIsRefused() throws {
        let (mixed, _) = Self.mixedStore()
        let store = try Self.roundTrip(mixed)
        let intactRefused = Self.refused(store)
        #expect(!intactRefused)
        let labelled = store.indices.first { store.rows[$0].labels > 0 }!
        let damages: [(String, (inout ItemStore) -> Void)] = [
            ("start past the arena", { $0.rows[3].start = $0.bytes.count }),
            ("text past the arena", { $0.rows[5].storedTextLength += UInt32($0.bytes.count) }),
            ("text length beyond its bytes", { $0.rows[7].textLength = $0.rows[7].storedTextLength * 64 + 1 }),
            ("channel outside the values", { $0.rows[2].channel = UInt32($0.values.count + 1) }),
            ("category outside the values", { $0.rows[2].category = UInt32($0.values.count + 1) }),
            ("labels past the list", { $0.rows[labelled].labels = UInt32($0.labelList.count + 1) }),
            ("a label outside the values", { $0.labelList[Int($0.rows[labelled].labels)] = UInt32($0.values.count) }),
            ("a tag count past the list", { $0.labelList[Int($0.rows[labelled].labels - 1)] = UInt32($0.labelList.count) }),
            ("an unknown flag", { $0.rows[1].flags |= 128 }),
            ("a coded text without a code", { $0.textCode = nil }),
            ("a value twice", { $0.values[1] = $0.values[0] }),
            ("a message field outside the values", { store in
                let k = store.conversations.keys.first!
                store.conversations[k]?.group = UInt32(store.values.count + 1)
            }),
            ("a conversation of no item", { $0.conversations[Int32($0.count)] = ItemStore.Conversation(from: 0, to: 0, group: 0) }),
        ]
        for (what, damage) in damages {
            var damaged = store
            damage(&damaged)
            let refused = Self.refused(damaged)
            #expect(refused, "\(what)")
        }
    }

    @Test("A code rebuilt from its canonical symbols and lengths codes alike; lengths that are no prefix code are refused")
    func canonicalCode() throws {
        let texts = TestCorpus.items(reviews: 80, traditional: 20, simplified: 20).map(\.text)
        let (code, coded) = try #require(TextCodeTests.coded(texts))
        let rebuilt = try #require(TextCode(canonical: code.symbols, lengths: code.lengths))
        let decodedAlike = zip(texts, coded).allSatisfy { text, bytes in
            bytes.withUnsafeBufferPointer { rebuilt.decode($0, utf8Count: text.utf8.count) } == text
        }
        #expect(decodedAlike)
        #expect(code.symbols.indices.allSatisfy { rebuilt.entry(ofSymbol: $0) == code.entry(ofSymbol: $0) })
        let a = TextCode.Symbol(first: 0x4E00), b = TextCode.Symbol(first: 0x4E01), c = TextCode.Symbol(first: 0x4E02)
        #expect(TextCode(canonical: [a, b], lengths: [1, 1]) != nil)
        #expect(TextCode(canonical: [a, b, c], lengths: [1, 2, 2]) != nil)
        #expect(TextCode(canonical: [a, b, c], lengths: [1, 1, 1]) == nil)  // Kraft's sum over 1
        #expect(TextCode(canonical: [b, a], lengths: [1, 1]) == nil)  // not in canonical order
        #expect(TextCode(canonical: [a, a], lengths: [1, 1]) == nil)  // repeated
        #expect(TextCode(canonical: [a, b], lengths: [2, 1]) == nil)  // longer before shorter
        #expect(TextCode(canonical: [a, b], lengths: [0, 1]) == nil)
        #expect(TextCode(canonical: [a, b], lengths: [1, 25]) == nil)
        #expect(TextCode(canonical: [a], lengths: [1, 1]) == nil)
        #expect(TextCode(canonical: [], lengths: []) == nil)
        #expect(TextCode(canonical: [TextCode.Symbol(first: 0xD800), b], lengths: [1, 1]) == nil)  // a surrogate
        #expect(TextCode(canonical: [a, TextCode.Symbol(first: 0x4E01, second: 0x11_0000)], lengths: [1, 1]) == nil)
    }
}
