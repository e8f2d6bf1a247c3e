import HudongIndex
import HudongText

/// What rule evaluation needs of one item beyond its pattern hits: positions for NEAR, and the
/// item's own fields, paths and tags (folded only when a rule asks for them).
struct RuleContext {
    let item: Item
    /// The item's tags plus its hashtags.
    let tags: [String]
    let compiled: CompiledTaxonomy
    private var givenKeywords: Set<String>?
    private var givenTags: Set<String>?
    /// Folded forms of field values seen by this thread (channels and cities repeat): borrowed
    /// from the scratch for the item and handed back.
    var foldCache: [String: String]

    init(item: Item, tags: [String], compiled: CompiledTaxonomy, foldCache: [String: String]) {
        self.item = item
        self.tags = tags
        self.compiled = compiled
        self.foldCache = foldCache
    }

    /// `value` folded by the analyzer, remembered per thread.
    mutating func fold(_ value: String) -> String {
        if let folded = foldCache[value] { return folded }
        let folded = compiled.analyzer.fold(value)
        if foldCache.count >= 4096 { foldCache.removeAll(keepingCapacity: true) }
        foldCache[value] = folded
        return folded
    }

    /// NEAR over the hits of patterns `a` and `b`.
    func near(_ a: Int32, _ b: Int32, distance: Int32, ordered: Bool, _ scratch: TaggingScratch) -> Bool {
        NearTest.within(starts(a, scratch), compiled.patterns[Int(a)].span, starts(b, scratch), compiled.patterns[Int(b)].span,
                        distance: distance, ordered: ordered)
    }

    /// Whether the item's own keyword paths (any prefix) include program value `value`.
    mutating func givenKeyword(value: Int32) -> Bool {
        guard !item.keywordPaths.isEmpty else { return false }
        if givenKeywords == nil { givenKeywords = Set(values(.keyword)) }
        return givenKeywords?.contains(compiled.program.values[Int(value)]) ?? false
    }

    /// Whether the item's own tags or its hashtags include program value `value`.
    mutating func givenTag(value: Int32) -> Bool {
        guard !tags.isEmpty else { return false }
        if givenTags == nil { givenTags = Set(values(.tag)) }
        return givenTags?.contains(compiled.program.values[Int(value)]) ?? false
    }

    /// `field:value` on the item's other fields.
    mutating func field(_ field: Int32, value: Int32) -> Bool {
        values(compiled.program.fields[Int(field)]).contains(compiled.program.values[Int(value)])
    }

    /// The folded values the item has in `field`, as `ItemMatcher.fieldValues` gives them
    /// (the same `Item.rawValues`, folded through this context's cache).
    mutating func values(_ field: QueryField) -> [String] {
        let raw = item.rawValues(of: field, tags: tags)
        if field == .id { return raw }
        var out: [String] = []
        for value in raw {
            if field == .keyword { out += KeywordPath.prefixes(fold(value)) } else { out.append(fold(value)) }
        }
        return out
    }

    /// `time:` bounds `index` of the program.
    func time(_ index: Int32) -> Bool {
        guard let t = item.time else { return false }
        let b = compiled.program.bounds[Int(index)]
        return (!b.hasLower || t >= b.lower) && (!b.hasUpper || t < b.upper)
    }

    /// Unit positions where pattern `p` starts, ascending.
    private func starts(_ p: Int32, _ scratch: TaggingScratch) -> [Int32] {
        var out: [Int32] = []
        for h in scratch.hitPattern.indices where scratch.hitPattern[h] == p {
            out.append(scratch.units.positions[Int(scratch.hitStart[h])])
        }
        return out
    }
}
