import HudongIndex
import HudongTagging
import HudongText
import Testing

/// The label APIs tagging adds to the index (`SearchIndex+Retag.swift`) give exactly what the
/// plain `add` gives: the same stored items and the same `category:`, `tag:` and `kw:` postings.
@Suite struct IndexLabelTests {
    static func items() -> [Item] {
        (0..<600).map { i in
            var item = Item(id: "r\(i % 550)", text: Fixtures.reviews[(i * 53) % Fixtures.reviews.count])
            if i % 9 == 0 { item.text = "#双十一# " + item.text + " #好物#" }
            if i % 11 == 0 { item.tags = ["吐槽", "好物"] }
            if i % 13 == 0 { item.category = "客服" }
            if i % 17 == 0 { item.keywordPaths = ["酒店/房間", " 品牌 / 小米 "] }
            return item
        }
    }

    static func expectSame(_ a: SearchIndex, _ b: SearchIndex, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.documents.items == b.documents.items, sourceLocation: sourceLocation)
        #expect(a.documents.live == b.documents.live, sourceLocation: sourceLocation)
        for field in [QueryField.category, .tag, .keyword] {
            let values = a.fields.values(of: field)
            #expect(values == b.fields.values(of: field), "\(field)", sourceLocation: sourceLocation)
            for value in values.keys {
                #expect(a.fields.documents(field, value) == b.fields.documents(field, value), "\(field):\(value)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("a tagged batch with a LabelBatch indexes like plain add, upserts and hashtags included")
    func batch() {
        let items = Self.items()
        let analyses = items.map { Fixtures.analyzer.analyze($0.text) }
        var plain = SearchIndex(analyzer: Fixtures.analyzer)
        var scratch = TaggingScratch()
        let outcomes = zip(items, analyses).map { Fixtures.tagger.tag($0, analysis: $1, scratch: &scratch) }
        for (outcome, analysis) in zip(outcomes, analyses) { plain.add(outcome.item, analysis: analysis) }
        let tagged = TaggedIndex(analyzer: Fixtures.analyzer, taxonomy: Fixtures.taxonomy)
        for start in stride(from: 0, to: items.count, by: 128) { tagged.add(Array(items[start..<min(items.count, start + 128)])) }
        Self.expectSame(plain, tagged.index.snapshot)
    }

    @Test("add with folded labels indexes like plain add")
    func foldedLabels() {
        var plain = SearchIndex(analyzer: Fixtures.analyzer)
        var folded = SearchIndex(analyzer: Fixtures.analyzer)
        var scratch = TaggingScratch()
        let reference = ReferenceTagger(Fixtures.tagger.compiled)
        for item in Self.items() {
            let analysis = Fixtures.analyzer.analyze(item.text)
            let outcome = Fixtures.tagger.tag(item, analysis: analysis, scratch: &scratch)
            #expect(Fixtures.tagger.foldedLabels(of: outcome) == reference.foldedLabels(of: outcome))
            plain.add(outcome.item, analysis: analysis)
            folded.add(outcome.item, analysis: analysis, foldedLabels: Fixtures.tagger.foldedLabels(of: outcome))
        }
        Self.expectSame(plain, folded)
    }

    @Test("relabel in place gives the postings of an index built with the new labels")
    func relabel() {
        // Unique ids: relabel changes live items only (an upserted item's dead version keeps its postings).
        let items = Self.items().enumerated().map { i, item in
            var unique = item
            unique.id = "u\(i)"
            return unique
        }
        var old = SearchIndex(analyzer: Fixtures.analyzer)
        var new = SearchIndex(analyzer: Fixtures.analyzer)
        var changes: [ItemLabels] = []
        for (i, item) in items.enumerated() {
            let analysis = Fixtures.analyzer.analyze(item.text)
            old.add(item, analysis: analysis)
            var relabelled = item
            relabelled.category = i % 3 == 0 ? nil : "类\(i % 4)"
            relabelled.tags = i % 2 == 0 ? [] : ["标签\(i % 5)", "吐槽"]
            relabelled.keywordPaths = i % 4 == 0 ? item.keywordPaths : ["酒店/房间/隔音", "书籍/作者"]
            // The index makes hashtags tags; a relabel passes them along as the tagger does.
            for token in analysis.tokens where token.kind == .hashtag && !relabelled.tags.contains(String(token.bareTerm)) {
                relabelled.tags.append(String(token.bareTerm))
            }
            new.add(relabelled, analysis: analysis)
            changes.append(ItemLabels(id: item.id, category: relabelled.category, tags: relabelled.tags, keywordPaths: relabelled.keywordPaths))
        }
        let count = old.relabel(changes)
        #expect(count > 400)
        Self.expectSame(old, new)
        #expect(old.relabel(changes) == 0, "relabelling to the same labels changes nothing")
        #expect(old.relabel([ItemLabels(id: "nope", category: "x", tags: [], keywordPaths: [])]) == 0)
    }
}
