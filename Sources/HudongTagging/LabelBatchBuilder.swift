import HudongIndex

/// Builds a `LabelBatch` from tagging outcomes: each taxonomy node, tag and category becomes one
/// value of the batch the first time an item carries it (by index: no string is hashed), the
/// feed's own labels by their folded text.
struct LabelBatchBuilder {
    private let compiled: CompiledTaxonomy
    private(set) var batch = LabelBatch()
    private var nodeSlot: [Int32]
    private var tagSlot: [Int32]
    private var categorySlot: [Int32]
    private var otherSlot: [QueryField: [String: Int32]] = [:]
    private var ids: [Int32] = []

    init(_ compiled: CompiledTaxonomy) {
        self.compiled = compiled
        nodeSlot = [Int32](repeating: -1, count: compiled.nodes.count)
        tagSlot = [Int32](repeating: -1, count: compiled.tags.count)
        categorySlot = [Int32](repeating: -1, count: compiled.categories.count)
    }

    /// Appends the labels of the next item.
    mutating func append(_ outcome: TaggingOutcome) {
        let c = compiled
        let labels = outcome.labelIds
        ids.removeAll(keepingCapacity: true)
        if let category = labels.given.category {
            ids.append(other(.category, category))
        } else if let k = outcome.matchedCategory {
            if categorySlot[k] < 0 { categorySlot[k] = batch.addValue(.category, c.categories[k].foldedName) }
            ids.append(categorySlot[k])
        }
        for tag in labels.given.tags { ids.append(other(.tag, tag)) }
        for k in outcome.matchedTags {
            if tagSlot[k] < 0 { tagSlot[k] = batch.addValue(.tag, c.tags[k].foldedName) }
            ids.append(tagSlot[k])
        }
        for n in labels.pathNodes {
            let k = Int(n)
            if nodeSlot[k] < 0 { nodeSlot[k] = batch.addValue(.keyword, c.nodes[k].foldedPath) }
            ids.append(nodeSlot[k])
        }
        for prefix in labels.given.keywordPrefixes { ids.append(other(.keyword, prefix)) }
        batch.appendItem(ids)
    }

    /// The id of a value given as text; a taxonomy value with the same text shares the postings
    /// list anyway (the index merges them), so no cross-check is needed.
    private mutating func other(_ field: QueryField, _ value: String) -> Int32 {
        if let id = otherSlot[field]?[value] { return id }
        let id = batch.addValue(field, value)
        otherSlot[field, default: [:]][value] = id
        return id
    }
}
