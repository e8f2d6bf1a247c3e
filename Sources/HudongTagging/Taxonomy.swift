import HudongIndex

/// What a brand team tags content with: categories, tags and a keyword tree, each with rules.
///
/// - `categories` are tried in order and the first whose rule matches is the item's category
///   (an item has one); a category given in the feed is kept and no rule is tried.
/// - `tags` are flat labels: every tag whose rule matches is added; tags given in the feed and
///   hashtags in the text are kept. A tag with a `sceneWeight` is a business scene (业务场景)
///   and counts towards 相关度.
/// - `keywords` is the tree of hierarchical keywords (一级/二级/三级…, any depth): a node matches
///   when one of its terms (or its rule) matches and none of its exclusions does; the item then
///   carries the node's whole path, `酒店/房间/隔音`.
///
/// Rules are queries in the index's language (`QueryParser`): NEAR, NOT, phrases and fields all
/// work. Rules run in three stages: keyword nodes first (their rules see the feed's paths and
/// tags), then tags (their rules see `kw:` paths from the tree), then categories (they also see
/// `tag:` from tag rules). Build one from YAML with `Taxonomy.load(path:)` or in code.
public struct Taxonomy: Sendable, Hashable {
    /// Categories in priority order: the first that matches wins.
    public var categories: [LabelRule]
    /// Tags; each matching one is added.
    public var tags: [LabelRule]
    /// The roots of the keyword tree (level-1 keywords).
    public var keywords: [KeywordNode]
    /// Where it was read from (for messages).
    public var source: String

    /// A taxonomy built in code.
    public init(categories: [LabelRule] = [], tags: [LabelRule] = [], keywords: [KeywordNode] = [], source: String = "<taxonomy>") {
        self.categories = categories
        self.tags = tags
        self.keywords = keywords
        self.source = source
    }

    /// Number of keyword nodes at every depth.
    public var nodeCount: Int { keywords.reduce(0) { $0 + $1.subtreeCount } }

    /// Every keyword node in pre-order with its path and depth (1 for roots).
    public func flattenedNodes() -> [(node: KeywordNode, path: [String])] {
        var out: [(KeywordNode, [String])] = []
        func walk(_ node: KeywordNode, _ parent: [String]) {
            let path = parent + [node.name]
            out.append((node, path))
            for child in node.children { walk(child, path) }
        }
        for root in keywords { walk(root, []) }
        return out
    }
}

/// A rule in the query language, kept with its text and where it was written.
public struct Rule: Sendable, Hashable {
    /// The rule as written.
    public var text: String
    /// The parsed query.
    public var query: QueryNode
    /// Where the rule sits in its file, when it came from one.
    public var mark: FileMark?

    /// Parses `text`; a syntax error is a `TaggingError.rule` (positioned when `mark` is given).
    public init(_ text: String, mark: FileMark? = nil, parser: QueryParser = QueryParser()) throws(TaggingError) {
        self.text = text
        self.mark = mark
        do throws(IndexError) {
            let parsed = try parser.parse(text)
            if parsed.sort != nil {
                let offset = Rule.offset(of: "sort:", in: text)
                throw IndexError.query(message: "`sort:` orders search results; it has no meaning in a rule", position: QueryPosition(offset: offset), query: text)
            }
            query = parsed.root
        } catch {
            guard case let .query(message, position, _) = error else {
                throw .invalid(mark ?? FileMark(file: "<rule>", line: 1, column: 1), reason: error.description)
            }
            var at = mark ?? FileMark(file: "<rule>", line: 1, column: 1)
            if mark == nil { at.column = position.column }
            throw .rule(at, rule: text, ruleOffset: position.offset, reason: message)
        }
    }

    /// A rule from an already parsed query (for generated taxonomies).
    public init(query: QueryNode, text: String) {
        self.text = text
        self.query = query
        self.mark = nil
    }

    /// The Character offset of `needle` (ASCII, any case) in `text`, or 0.
    private static func offset(of needle: String, in text: String) -> Int {
        let haystack = Array(text.lowercased()), pattern = Array(needle)
        guard haystack.count >= pattern.count, !pattern.isEmpty else { return 0 }
        for start in 0...(haystack.count - pattern.count) where Array(haystack[start..<(start + pattern.count)]) == pattern {
            return start
        }
        return 0
    }
}

/// A category or a tag: a name and what makes an item get it.
///
/// It matches when one of its `terms` occurs or one of its `rules` matches (any of them).
public struct LabelRule: Sendable, Hashable {
    /// The category or tag as it is stored and shown.
    public var name: String
    /// Literal terms, each matched like a quoted phrase.
    public var terms: [String]
    /// Queries; any one matching is enough.
    public var rules: [Rule]
    /// For a tag that is a business scene (业务场景): its weight in 相关度; nil otherwise.
    public var sceneWeight: Double?
    /// Where it is defined.
    public var mark: FileMark?

    /// A category or tag.
    public init(name: String, terms: [String] = [], rules: [Rule] = [], sceneWeight: Double? = nil, mark: FileMark? = nil) {
        self.name = name
        self.terms = terms
        self.rules = rules
        self.sceneWeight = sceneWeight
        self.mark = mark
    }
}

/// One node of the keyword tree: its terms, synonyms and variants, exclusions, and children.
///
/// The node matches an item when any of `terms`, `synonyms` or `variants` occurs in the text
/// (each matched like a quoted phrase: folded, exact characters, whatever the segmenter did) or
/// `rule` matches, and none of `exclusions` matches. Exclusions are queries too (a bare word is
/// a query). A node without terms or rule is a pure grouping node: it is carried only as the
/// ancestor of a matching child.
public struct KeywordNode: Sendable, Hashable {
    /// The node's name: one segment of the path (no `/`).
    public var name: String
    /// Words that mean this node.
    public var terms: [String]
    /// Other words for the same thing (同义词).
    public var synonyms: [String]
    /// Other spellings: abbreviations, misspellings, English names (变体).
    public var variants: [String]
    /// Queries that veto the node (`小米粥` under the brand 小米).
    public var exclusions: [Rule]
    /// An optional query that also makes the node match.
    public var rule: Rule?
    /// Weight in 相关度; nil means the node's depth (level 1 = 1, level 2 = 2…).
    public var weight: Double?
    /// The nodes below.
    public var children: [KeywordNode]
    /// Where it is defined.
    public var mark: FileMark?

    /// A keyword node built in code (no default term: give `terms` or a `rule`).
    public init(name: String, terms: [String] = [], synonyms: [String] = [], variants: [String] = [],
                exclusions: [Rule] = [], rule: Rule? = nil, weight: Double? = nil,
                children: [KeywordNode] = [], mark: FileMark? = nil) {
        self.name = name
        self.terms = terms
        self.synonyms = synonyms
        self.variants = variants
        self.exclusions = exclusions
        self.rule = rule
        self.weight = weight
        self.children = children
        self.mark = mark
    }

    /// Terms, synonyms and variants: everything that matches the node literally.
    public var allTerms: [String] { terms + synonyms + variants }

    /// This node and every node below it.
    public var subtreeCount: Int { 1 + children.reduce(0) { $0 + $1.subtreeCount } }
}
