import HudongIndex
import HudongText

/// Generated taxonomies of any size, from the words of a corpus: for property tests and benchmarks.
///
/// Terms are segmenter words of the texts, drawn by a seeded generator from the frequency ranks
/// after the `skipMostFrequent` commonest (那些 我们 一个… are nobody's keywords): specific
/// enough to be realistic, frequent enough that rules really fire. The same texts and seed give
/// the same taxonomy. Nodes get terms, synonyms,
/// sometimes an exclusion and sometimes a rule (NEAR, NOT, OR, `channel:`); tags and categories
/// get rules that also use `kw:` and `tag:` (rules no word anchors, run for every item), so
/// every stage and operator is exercised. No node rule is a bare NOT: that would put the node on
/// nearly every item, which no real taxonomy does.
public enum SyntheticTaxonomy {
    /// A taxonomy of about `nodes` keyword nodes (10 roots, 3 levels), `tags` tags and `categories` categories.
    public static func generate(from texts: [String], analyzer: Analyzer, nodes: Int = 1000, tags: Int = 40,
                                categories: Int = 8, seed: UInt64 = 42, skipMostFrequent: Int = 150) -> Taxonomy {
        var rng = SplitMix64(seed: seed)
        let words = Array(vocabulary(texts, analyzer: analyzer, size: skipMostFrequent + max(200, nodes * 3)).dropFirst(skipMostFrequent))
        guard words.count >= 10 else { return Taxonomy(source: "<synthetic>") }
        func word() -> String { words[Int(rng.next() % UInt64(words.count))] }
        func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }
        func rule() -> Rule {
            switch rng.next() % 5 {
            case 0: return Rule(query: .near(.term(word()), .term(word()), distance: Int(rng.next() % 8), ordered: chance(30)), text: "near")
            case 1: return Rule(query: .and([.term(word()), .not(.term(word()))]), text: "and-not")
            case 2: return Rule(query: .or([.phrase(word() + word()), .and([.term(word()), .term(word())])]), text: "or-and")
            case 3: return Rule(query: .and([.term(word()), .field(.channel, ["weibo", "wechat", "forum"][Int(rng.next() % 3)])]), text: "field")
            default: return Rule(query: .and([.or([.term(word()), .term(word())]), .not(.phrase(word()))]), text: "or-not")
            }
        }
        let roots = 10
        let perRoot = max(1, nodes / roots)
        let children = max(1, Int(Double(perRoot - 1).squareRoot().rounded(.down)))
        let grandchildren = max(0, (perRoot - 1 - children) / children)
        var counter = 0
        func node(_ depth: Int) -> KeywordNode {
            counter += 1
            var n = KeywordNode(name: "n\(counter)-" + word(), terms: [word(), word()])
            if chance(40) { n.synonyms = [word()] }
            if chance(20) { n.variants = [word() + word()] }
            if chance(20) { n.exclusions = [Rule(query: .term(word()), text: "exclude")] }
            if chance(10) { n.rule = rule() }
            if chance(3) { n.terms = [] } // grouping node
            return n
        }
        var keywords: [KeywordNode] = []
        for _ in 0..<roots {
            var root = node(1)
            for _ in 0..<children {
                var child = node(2)
                for _ in 0..<grandchildren { child.children.append(node(3)) }
                root.children.append(child)
            }
            keywords.append(root)
        }
        let paths = Taxonomy(keywords: keywords).flattenedNodes().map { $0.path.joined(separator: "/") }
        var tagRules: [LabelRule] = []
        for i in 0..<tags {
            var label = LabelRule(name: "tag\(i)", terms: chance(50) ? [word()] : [])
            label.rules = [rule()]
            if chance(25), let path = paths.randomElement(using: &rng) {
                label.rules.append(Rule(query: .and([.field(.keyword, path), .term(word())]), text: "kw"))
            }
            if chance(20) { label.sceneWeight = Double(1 + rng.next() % 3) }
            tagRules.append(label)
        }
        var categoryRules: [LabelRule] = []
        for i in 0..<categories {
            var label = LabelRule(name: "cat\(i)", terms: [word()])
            if chance(50) { label.rules = [Rule(query: .field(.tag, "tag\(rng.next() % UInt64(max(1, tags)))"), text: "tag")] }
            if chance(30), let path = paths.randomElement(using: &rng) {
                label.rules.append(Rule(query: .field(.keyword, path), text: "kw"))
            }
            categoryRules.append(label)
        }
        return Taxonomy(categories: categoryRules, tags: tagRules, keywords: keywords, source: "<synthetic>")
    }

    /// The `size` most frequent CJK words of two or more characters in `texts`.
    static func vocabulary(_ texts: [String], analyzer: Analyzer, size: Int) -> [String] {
        var counts: [String: Int] = [:]
        for text in texts.prefix(5000) {
            for token in analyzer.analyze(text).tokens where token.kind == .cjkWord && token.term.count >= 2 {
                counts[token.term, default: 0] += 1
            }
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(size).map(\.key)
    }
}

/// A small, fast, seeded random number generator (SplitMix64).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
