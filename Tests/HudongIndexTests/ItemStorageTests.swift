import Foundation
import HudongIndex
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
        // Text: at least its UTF-8 bytes, at most those plus a header, rounding and a String each.
        #expect(large.text >= textBytes && large.text <= textBytes + items.count * (16 + 32 + 16))
        #expect(large.items >= large.text + items.count * MemoryLayout<Item>.stride / 2)
        #expect(large.items > small.items && large.postings > small.postings && large.ids > small.ids)
        #expect(large.total == large.parts.reduce(0) { $0 + $1.bytes })
        #expect(MemoryLayout<Item>.stride <= 160)
    }
}
