@testable import HudongIndex
import HudongText
import Testing

/// A CJK character is listed alone only where no CJK character follows it; its other places
/// are in the bigrams it begins. Snapshots before format 7 listed a character at every place,
/// so a search must give the same results from either kind of list.
@Suite("Character lists")
struct CharacterListTests {
    /// `index`'s postings rebuilt as snapshots before format 7 had them: every unit at every
    /// place, and every bigram (the index's own term ids).
    static func listingEveryPlace(_ index: SearchIndex) -> PostingPool {
        var pool = PostingPool()
        pool.grow(to: index.terms.count)
        let whole = UnitSequence.startsWord | UnitSequence.endsWord
        for doc in 0..<index.documents.count {
            let units = UnitSequence(index.analyzer.analyze(index.documents.items[doc].text))
            var places: [Int32: (positions: [UInt32], whole: Bool)] = [:]
            func add(_ term: Int32, _ position: Int32, _ isWhole: Bool) {
                places[term, default: ([], false)].positions.append(UInt32(position))
                if isWhole { places[term]?.whole = true }
            }
            for i in 0..<units.count {
                guard let id = index.terms.id(of: units.keys[i]) else { Issue.record("unit without an id"); continue }
                add(id, units.positions[i], units.flags[i] == whole)
                if i > 0, units.keys[i].isCJKCharacter, units.keys[i - 1].isCJKCharacter, units.positions[i] == units.positions[i - 1] + 1,
                   let previous = index.terms.id(of: units.keys[i - 1]), let bigram = index.terms.bigramId(previous, id) {
                    add(bigram, units.positions[i - 1],
                        units.flags[i - 1] & UnitSequence.startsWord != 0 && units.flags[i] & UnitSequence.endsWord != 0)
                }
            }
            for (term, place) in places.sorted(by: { $0.key < $1.key }) {
                let filled = place.positions.withUnsafeBufferPointer { positions in
                    pool.append(term: Int(term), document: Int32(doc), positions: positions, wholeWord: place.whole,
                                signals: index.documents.signals(Int32(doc)))
                }
                if filled { pool.sealFirstBlock(term: Int(term), signals: index.documents.signals) }
            }
        }
        return pool
    }

    @Test("a character is listed alone only where no CJK character follows it")
    func listsOnlyUnfollowedPlaces() {
        let items = TestCorpus.items(reviews: 300, traditional: 50, simplified: 50, seed: 23)
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in items { index.add(item) }
        let full = Self.listingEveryPlace(index)
        var trimmed = 0, kept = 0
        for term in 0..<index.terms.count {
            guard case let .unit(key) = index.terms.terms[term], key.isCJKCharacter else { continue }
            func places(_ pool: PostingPool, _ lists: [Int32]) -> Set<[Int64]> {
                var found: Set<[Int64]> = []
                for list in lists {
                    pool.forEachDocument(term: Int(list)) { doc, _, cursor in
                        while let p = cursor.next() { found.insert([Int64(doc), Int64(p)]) }
                    }
                }
                return found
            }
            let own = places(index.postings, [Int32(term)]), every = places(full, [Int32(term)])
            let followed = places(index.postings, index.terms.bigrams(beginning: Int32(term)))
            // Listed alone exactly where no bigram it begins is.
            #expect(own == every.subtracting(followed), "\(index.terms.text(of: Int32(term)))")
            #expect(followed.isSubset(of: every))
            trimmed += every.count - own.count
            kept += own.count
        }
        #expect(trimmed > 5_000 && kept > 500, "trimmed \(trimmed), kept \(kept)")
    }

    @Test("lists holding every place (snapshots before format 7) give the same hits, scores and totals")
    func everyPlaceListsSearchTheSame() {
        let items = TestCorpus.items(reviews: 500, traditional: 80, simplified: 80, seed: 29)
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in items { index.add(item) }
        var legacy = index
        legacy.postings = Self.listingEveryPlace(index)
        var generator = QueryGenerator(items: items, analyzer: TestCorpus.analyzer, seed: 31)
        var found = 0
        for round in 0..<300 {
            let query: ParsedQuery = switch round % 3 {
            case 0: ParsedQuery(root: .term(generator.substring(1)))
            case 1: ParsedQuery(root: .phrase(generator.substring(3)))
            default: generator.next().1
            }
            for shortcuts in [true, false] {
                var options = SearchOptions(limit: 10)
                options.shortcuts = shortcuts
                let a = QueryExecutor.search(query, in: index, options: options), b = QueryExecutor.search(query, in: legacy, options: options)
                let samePage = a.hits.map(\.item.id) == b.hits.map(\.item.id) && a.hits.map(\.score) == b.hits.map(\.score)
                let sameHighlights = a.hits.map(\.highlights) == b.hits.map(\.highlights)
                #expect(a.totalHits == b.totalHits, "\(query.root)")
                #expect(samePage, "\(query.root)")
                #expect(sameHighlights, "\(query.root)")
            }
            if QueryExecutor.search(query, in: index, options: SearchOptions(limit: 0)).totalHits > 0 { found += 1 }
        }
        #expect(found > 200, "only \(found) queries found something")
    }
}
