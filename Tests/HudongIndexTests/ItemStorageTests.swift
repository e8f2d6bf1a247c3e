import Foundation
import HudongTestSupport
@testable import HudongIndex
import HudongText
import Testing

/// Items as stored (message fields boxed) and the index's own account of its memory.
@Suite("Item storage and memory accounting")
struct ItemStorageTests {
    @Test("Message fields read back however they were set, and compare and encode by value")
    func messageFields() throws {
        let made = Item(id: "m1", type: .message, text: "退款到账了吗", from: "fan_9", to: "brand", direction: .in, group: "g7")
        var set = Item(id: "m1", type: .message, text: "退款到账了吗")
        set.from = "fan_9"
        set.to = "brand"
        set.direction = .in
        set.group = "g7"
        #expect(made == set && made.hashValue == set.hashValue)
        #expect(set.from == "fan_9" && set.to == "brand" && set.direction == .in && set.group == "g7")

        // A copy is independent of the original.
        var copy = set
        copy.to = "agent_2"
        #expect(set.to == "brand" && copy.to == "agent_2" && copy != set)

        // Clearing every field gives the same item as one that never had them.
        copy.from = nil; copy.to = nil; copy.direction = nil; copy.group = nil
        #expect(copy == Item(id: "m1", type: .message, text: "退款到账了吗"))

        // JSON round trip keeps them, and a post has none to write.
        let decoded = try JSONDecoder().decode(Item.self, from: JSONEncoder().encode(made))
        #expect(decoded == made)
        let post = String(decoding: try JSONEncoder().encode(Item(id: "p1", text: "好")), as: UTF8.self)
        #expect(!post.contains("from") && !post.contains("direction"))
    }

    @Test("memoryUse counts the postings and the text, and grows with the items")
    func memoryAccounting() {
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        let items = TestCorpus.items(reviews: 300, traditional: 50, simplified: 50)
        for item in items.prefix(100) { index.add(item) }
        let small = index.memoryUse()
        for item in items.dropFirst(100) { index.add(item) }
        let large = index.memoryUse()

        let textBytes = items.reduce(0) { $0 + $1.text.utf8.count }
        #expect(large.postings == index.postings.memoryBytes)
        // Text: its bytes as stored (`CompactText`, two bytes for most Chinese characters)
        // and where each text is (an offset and two lengths).
        let storedBytes = items.reduce(0) { sum, item in
            var text = item.text
            return sum + text.withUTF8 { utf8 in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8.count) { CompactText.encode(utf8, into: $0) }
            }
        }
        #expect(large.text == storedBytes + items.count * 12)
        #expect(Double(storedBytes) < 0.8 * Double(textBytes))
        // Items: at least the text, the ids' bytes and a row each.
        let idBytes = items.reduce(0) { $0 + $1.id.utf8.count }
        #expect(large.items >= large.text + idBytes + items.count * 32)
        #expect(large.items > small.items && large.postings > small.postings && large.ids >= small.ids && large.ids >= items.count * 4)
        #expect(large.total == large.parts.reduce(0) { $0 + $1.bytes })
        #expect(MemoryLayout<Item>.stride <= 160)
        // The README's 44-byte row per stored item.
        #expect(MemoryLayout<ItemStore.Row>.stride == 44)
    }
}

/// The id map (`IdTable`) against a dictionary, through upserts, deletes, compaction and snapshots.
@Suite("Ids after upserts and deletes")
struct IdMapTests {
    @Test("4,000 random upserts and deletes over 600 ids: every id finds its latest live version")
    func randomUpsertsAndDeletes() throws {
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        var model: [String: String] = [:]  // id → text of the live version
        var rng = TestCorpus.Random(seed: 31)
        let texts = TestCorpus.items(reviews: 200, traditional: 0, simplified: 0).map(\.text)
        let ids = (0..<600).map { "p\($0)" } + (0..<10).map { "一个很长的编号-\($0)-用来超过十五个字节" }
        func check(_ index: SearchIndex, _ label: String) {
            for id in ids {
                #expect(index.item(id: id)?.text == model[id], "\(label): \(id)")
                if let doc = index.documents.internalId(of: id) {
                    #expect(index.documents.live[Int(doc)] && index.documents.items[Int(doc)].id == id, "\(label): \(id)")
                }
            }
            #expect(index.documents.liveCount == model.count, "\(label)")
        }
        for step in 0..<4_000 {
            let id = ids.randomElement(using: &rng)!
            if Int.random(in: 0..<4, using: &rng) == 0 {
                #expect(index.delete(id: id) == (model.removeValue(forKey: id) != nil))
            } else {
                let text = texts.randomElement(using: &rng)!
                let outcome = index.add(Item(id: id, text: text))
                #expect(outcome == (model[id] == nil ? .added : .replaced))
                model[id] = text
            }
            if step % 1_000 == 999 { check(index, "step \(step)") }
        }
        check(index.removingDeadDocuments(), "compacted")
        var bytes = MemoryBytes()
        index.writeSnapshot(to: &bytes)
        check(try SearchIndex(snapshot: &bytes, format: SearchIndex.snapshotFormat, analyzer: TestCorpus.analyzer), "loaded")
    }
}
