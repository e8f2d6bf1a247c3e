import HudongText

/// New labels for one indexed item: what a re-tag changes.
public struct ItemLabels: Sendable, Hashable {
    /// The item's id.
    public var id: String
    /// The new category (nil: none).
    public var category: String?
    /// The new tags, whole (hashtags of the text included).
    public var tags: [String]
    /// The new keyword paths, whole.
    public var keywordPaths: [String]

    /// New labels for the item `id`.
    public init(id: String, category: String?, tags: [String], keywordPaths: [String]) {
        self.id = id
        self.category = category
        self.tags = tags
        self.keywordPaths = keywordPaths
    }
}

/// An item's category, tags and keyword-path prefixes, already folded as the field indexes hold
/// them: what a tagger hands the index so it need not fold and split the labels again.
///
/// Compared as sets (order and repeats do not matter).
public struct FoldedLabels: Sendable, Hashable {
    /// The category, folded.
    public var category: String?
    /// Every tag, folded.
    public var tags: [String]
    /// Every prefix of every keyword path (`酒店`, `酒店/房间`…), folded.
    public var keywordPrefixes: [String]

    /// Folded labels (the caller folds them as the field index does).
    public init(category: String? = nil, tags: [String] = [], keywordPrefixes: [String] = []) {
        self.category = category
        self.tags = tags
        self.keywordPrefixes = keywordPrefixes
    }

    /// Equal as sets.
    public static func == (a: FoldedLabels, b: FoldedLabels) -> Bool {
        a.category == b.category && Set(a.tags) == Set(b.tags) && Set(a.keywordPrefixes) == Set(b.keywordPrefixes)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(category)
        hasher.combine(Set(tags))
        hasher.combine(Set(keywordPrefixes))
    }
}

/// The labels of a batch of tagged items: one table of distinct folded values, and each item's
/// values as indices into it. Lets the index touch each distinct label once per batch.
public struct LabelBatch: Sendable {
    /// The field of each value.
    public private(set) var fields: [QueryField] = []
    /// The distinct values, folded as the field indexes hold them.
    public private(set) var values: [String] = []
    /// Item i's values are `valueIds[itemStart[i]..<itemStart[i + 1]]`.
    public private(set) var itemStart: [Int32] = [0]
    /// Value ids of all items, one after the other.
    public private(set) var valueIds: [Int32] = []

    /// An empty batch.
    public init() {}

    /// Adds a distinct value to the table; returns its id. The caller keeps values distinct.
    public mutating func addValue(_ field: QueryField, _ value: String) -> Int32 {
        fields.append(field)
        values.append(value)
        return Int32(values.count - 1)
    }

    /// Appends the next item's value ids.
    public mutating func appendItem<S: Sequence<Int32>>(_ ids: S) {
        valueIds.append(contentsOf: ids)
        itemStart.append(Int32(valueIds.count))
    }

    /// Number of items.
    public var count: Int { itemStart.count - 1 }
}

extension SearchIndex {
    /// Indexes a batch of tagged items whose labels come as a `LabelBatch` (owned by tagging).
    ///
    /// The same result as `add(item, analysis:)` for each item in order (tests hold them equal):
    /// the text and the other fields go through `add`, then every distinct label value of the
    /// batch is looked up once and gets all its documents appended, instead of one lookup per
    /// item and value. `labels` must be what the index would derive from the items.
    @discardableResult
    public mutating func add(_ items: [Item], analyses: [AnalyzedText], labels: LabelBatch) -> [AddOutcome] {
        var outcomes: [AddOutcome] = []
        outcomes.reserveCapacity(items.count)
        var docs: [Int32] = []
        docs.reserveCapacity(items.count)
        for i in 0..<min(items.count, analyses.count) {
            var bare = items[i]
            bare.category = nil
            bare.tags = []
            bare.keywordPaths = []
            outcomes.append(add(bare, analysis: analyses[i]))
            guard let doc = documents.internalId(of: items[i].id) else { docs.append(-1); continue }
            if documents.items.tagIds(at: Int(doc)).isEmpty {  // no hashtags: the item as tagged
                documents.items[Int(doc)] = items[i]
            } else {
                var stored = items[i]
                for hashtag in documents.items.tags(at: Int(doc)) where !stored.tags.contains(hashtag) { stored.tags.append(hashtag) }
                documents.items[Int(doc)] = stored
            }
            docs.append(doc)
        }
        // Documents per value (ascending: items are added in order), then one append per value.
        let valueCount = labels.values.count
        var start = [Int32](repeating: 0, count: valueCount + 1)
        for i in 0..<min(docs.count, labels.count) where docs[i] >= 0 {
            for k in Int(labels.itemStart[i])..<Int(labels.itemStart[i + 1]) { start[Int(labels.valueIds[k]) + 1] += 1 }
        }
        for v in 0..<valueCount { start[v + 1] += start[v] }
        var fill = start
        var byValue = [Int32](repeating: 0, count: Int(start[valueCount]))
        for i in 0..<min(docs.count, labels.count) where docs[i] >= 0 {
            for k in Int(labels.itemStart[i])..<Int(labels.itemStart[i + 1]) {
                let v = Int(labels.valueIds[k])
                byValue[Int(fill[v])] = docs[i]
                fill[v] += 1
            }
        }
        for v in 0..<valueCount where start[v + 1] > start[v] {
            fields.appendLabel(labels.fields[v], labels.values[v], documents: byValue[Int(start[v])..<Int(start[v + 1])])
        }
        return outcomes
    }

    /// Indexes a tagged `item` whose labels come already folded (owned by tagging).
    ///
    /// The same result as `add(item, analysis:)` (tests hold them equal), without folding and
    /// splitting the category, tags and keyword paths again: the text and the other fields are
    /// indexed by `add`, then `labels` go straight into the `category:`, `tag:` and `kw:` fields.
    /// `labels` must be what the index would derive from `item` (the tagger's `foldedLabels`).
    @discardableResult
    public mutating func add(_ item: Item, analysis: AnalyzedText, foldedLabels labels: FoldedLabels) -> AddOutcome {
        var bare = item
        bare.category = nil
        bare.tags = []
        bare.keywordPaths = []
        let outcome = add(bare, analysis: analysis)
        guard let doc = documents.internalId(of: item.id) else { return outcome }
        var stored = item
        for hashtag in documents.items.tags(at: Int(doc)) where !stored.tags.contains(hashtag) { stored.tags.append(hashtag) }
        documents.items[Int(doc)] = stored
        if let category = labels.category { fields.addLabels(.category, CollectionOfOne(category), document: doc) }
        fields.addLabels(.tag, labels.tags, document: doc)
        fields.addLabels(.keyword, labels.keywordPrefixes, document: doc)
        return outcome
    }

    /// Replaces the category, tags and keyword paths of live items in place (owned by tagging).
    ///
    /// Only the `category:`, `tag:` and `kw:` field postings and the stored items change: the
    /// text, its postings and the internal ids stay, so a re-tag neither re-analyzes nor leaves
    /// dead documents behind. `tags` replace the item's tags whole: pass the hashtags of the text
    /// along (as `add` makes them tags). Ids that are not live are skipped. Run it inside one
    /// `ConcurrentSearchIndex.write` to make a whole re-tag atomic for readers. Returns the
    /// number of items relabelled.
    /// Cost: O(labels of the changed items) to diff, then one merge pass over each posting list
    /// that gains or loses documents (not one insert per document).
    @discardableResult
    public mutating func relabel(_ changes: [ItemLabels]) -> Int {
        var removed: [QueryField: [String: [Int32]]] = [:]
        var added: [QueryField: [String: [Int32]]] = [:]
        var count = 0
        for change in changes {
            guard let doc = documents.internalId(of: change.id) else { continue }
            let d = Int(doc)
            let old = documents.items[d]
            var new = old
            new.category = change.category
            new.tags = change.tags
            new.keywordPaths = change.keywordPaths
            guard new != old else { continue }
            for field in [QueryField.category, .tag, .keyword] {
                let before = labelValues(field, of: old), after = labelValues(field, of: new)
                guard before != after else { continue }
                for value in before.subtracting(after) { removed[field, default: [:]][value, default: []].append(doc) }
                for value in after.subtracting(before) { added[field, default: [:]][value, default: []].append(doc) }
            }
            documents.items[d] = new
            count += 1
        }
        for field in [QueryField.category, .tag, .keyword] {
            let gone = removed[field] ?? [:], new = added[field] ?? [:]
            for value in Set(gone.keys).union(new.keys) {
                fields.merge(field, value, removing: gone[value] ?? [], adding: new[value] ?? [])
            }
        }
        return count
    }

    /// The folded values an item has in a label field, as `indexFields` records them.
    private mutating func labelValues(_ field: QueryField, of item: Item) -> Set<String> {
        var out = Set<String>()
        switch field {
        case .category:
            if let c = item.category, !c.isEmpty { out.insert(fields.fold(c, with: analyzer)) }
        case .tag:
            for tag in item.tags where !tag.isEmpty { out.insert(fields.fold(tag, with: analyzer)) }
        default:
            for path in item.keywordPaths {
                out.formUnion(FieldIndex.pathPrefixes(fields.fold(path, with: analyzer)))
            }
        }
        out.remove("")
        return out
    }
}

extension FieldIndex {
    /// Appends ascending `documents` to the postings of `value` (one lookup), merging when some
    /// are already there (a hashtag that is also a rule tag).
    mutating func appendLabel(_ field: QueryField, _ value: String, documents: ArraySlice<Int32>) {
        guard !value.isEmpty, let first = documents.first else { return }
        Self.appendSorted(documents, first, to: &postings[field, default: [:]][value, default: FieldDocuments()])
    }

    private static func appendSorted(_ documents: ArraySlice<Int32>, _ first: Int32, to list: inout FieldDocuments) {
        if list.last >= first {
            var merged = Set(list.documents)
            merged.formUnion(documents)
            list = FieldDocuments(merged.sorted())
            return
        }
        for doc in documents { list.append(doc) }
    }

    /// Records that `document` (the newest) has each of `values` (folded) in `field`: one hash
    /// per value, repeats skipped.
    mutating func addLabels<C: Collection<String>>(_ field: QueryField, _ values: C, document: Int32) {
        guard !values.isEmpty else { return }
        Self.append(values, document, to: &postings[field, default: [:]])
    }

    private static func append<C: Collection<String>>(_ values: C, _ document: Int32, to lists: inout [String: FieldDocuments]) {
        for value in values where !value.isEmpty {
            lists[value, default: FieldDocuments()].append(document)
        }
    }

    /// Rewrites the postings of `value`: without `removing`, with `adding`, still ascending
    /// (dropping the value when no document is left). One pass over the list.
    mutating func merge(_ field: QueryField, _ value: String, removing: [Int32], adding: [Int32]) {
        guard !value.isEmpty else { return }
        let gone = Set(removing)
        let add = adding.sorted()
        let old = postings[field]?[value]?.documents ?? []
        var out: [Int32] = []
        out.reserveCapacity(old.count + add.count)
        var j = 0
        for doc in old where !gone.contains(doc) {
            while j < add.count, add[j] < doc { out.append(add[j]); j += 1 }
            if j < add.count, add[j] == doc { j += 1 }
            out.append(doc)
        }
        while j < add.count {
            if out.last != add[j] { out.append(add[j]) }
            j += 1
        }
        postings[field, default: [:]][value] = out.isEmpty ? nil : FieldDocuments(out)
    }
}
