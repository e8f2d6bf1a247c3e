import Yams

extension Taxonomy {
    /// Reads a taxonomy file; errors name `file:line:column` and what was expected there.
    public static func load(path: String) throws(TaggingError) -> Taxonomy {
        try parse(yaml: YAMLReading.readText(path: path), file: path)
    }

    /// Parses a taxonomy from YAML text.
    ///
    /// Top-level keys: `categories`, `tags`, `keywords` (lists), and `name`, `description`,
    /// `version` (kept for people, ignored by the tagger).
    /// - Category and tag keys: `name` (required), `terms` (literal words), `rule` or `rules`
    ///   (queries; any one matching is enough); tags also take `scene` (a weight, or `true` for 1:
    ///   the tag is a business scene counted by 相关度). Without `terms` and rules, the name is the term.
    /// - Keyword node keys: `name` (required, no `/`), `terms`, `synonyms`, `variants` (literal
    ///   words), `exclude` (queries that veto the node), `rule` (a query that also matches),
    ///   `weight` (in 相关度; default: the node's depth), `children` (nodes). Without `terms`,
    ///   `synonyms`, `variants` and `rule`, the name is the term; `terms: []` makes a pure grouping
    ///   node. A child written as a plain string is a node named by, and matching, that string.
    /// A list of one may be written as a plain string.
    public static func parse(yaml: String, file: String = "<taxonomy>") throws(TaggingError) -> Taxonomy {
        let reader = YAMLReading(file: file, text: yaml)
        let root = try reader.compose(yaml, what: "a mapping with `categories:`, `tags:` and `keywords:`")
        return try TaxonomyReader(yaml: reader).taxonomy(root)
    }
}

/// Reads the taxonomy's parts from the YAML tree.
struct TaxonomyReader {
    let yaml: YAMLReading

    static let topKeys = ["name", "description", "version", "categories", "tags", "keywords"]
    static let labelKeys = ["name", "terms", "rule", "rules", "description"]
    static let tagKeys = labelKeys + ["scene"]
    static let nodeKeys = ["name", "terms", "synonyms", "variants", "exclude", "rule", "weight", "children", "description"]

    func taxonomy(_ root: Node) throws(TaggingError) -> Taxonomy {
        var taxonomy = Taxonomy(source: yaml.file)
        for (key, _, value) in try yaml.pairs(root, allowed: Self.topKeys, what: "the taxonomy") {
            switch key {
            case "categories": taxonomy.categories = try labels(value, what: "category", allowed: Self.labelKeys)
            case "tags": taxonomy.tags = try labels(value, what: "tag", allowed: Self.tagKeys)
            case "keywords": taxonomy.keywords = try nodes(value, depth: 1)
            default: _ = try yaml.string(value, key)
            }
        }
        return taxonomy
    }

    private func labels(_ node: Node, what: String, allowed: [String]) throws(TaggingError) -> [LabelRule] {
        var result: [LabelRule] = []
        var seen: [String: FileMark] = [:]
        for element in try yaml.sequence(node, "\(what) list") {
            let label = try self.label(element, what: what, allowed: allowed)
            if let first = seen[label.name] {
                throw yaml.fail(element, "\(what) `\(label.name)` is defined twice (first at line \(first.line))")
            }
            seen[label.name] = yaml.mark(element)
            result.append(label)
        }
        return result
    }

    private func label(_ node: Node, what: String, allowed: [String]) throws(TaggingError) -> LabelRule {
        if node.scalar != nil {
            let name = try yaml.string(node, "\(what) name")
            return LabelRule(name: name, terms: try yaml.terms(node, "\(what) name"), mark: yaml.mark(node))
        }
        var label = LabelRule(name: "", mark: yaml.mark(node))
        var hasName = false, hasTerms = false
        for (key, _, value) in try yaml.pairs(node, allowed: allowed, what: "a \(what)") {
            switch key {
            case "name":
                label.name = try yaml.string(value, "\(what) name")
                hasName = true
            case "terms":
                label.terms = try yaml.terms(value, "terms")
                hasTerms = true
            case "rule", "rules":
                label.rules += try yaml.rules(value, what: "\(what) rule")
            case "scene":
                if let flag = value.scalar?.string.lowercased(), ["true", "yes"].contains(flag) {
                    label.sceneWeight = 1
                } else if let flag = value.scalar?.string.lowercased(), ["false", "no"].contains(flag) {
                    label.sceneWeight = nil
                } else {
                    label.sceneWeight = try yaml.number(value, "scene (a weight, or true)", range: 0...1000)
                }
            default:
                _ = try yaml.string(value, key)
            }
        }
        guard hasName else { throw yaml.fail(node, "expected `name:` in this \(what)") }
        if !hasTerms, label.rules.isEmpty { label.terms = [label.name] }
        return label
    }

    private func nodes(_ node: Node, depth: Int) throws(TaggingError) -> [KeywordNode] {
        var result: [KeywordNode] = []
        var seen: [String: FileMark] = [:]
        for element in try yaml.sequence(node, depth == 1 ? "keywords" : "children") {
            let child = try keyword(element, depth: depth)
            if let first = seen[child.name] {
                throw yaml.fail(element, "keyword `\(child.name)` appears twice under the same parent (first at line \(first.line))")
            }
            seen[child.name] = yaml.mark(element)
            result.append(child)
        }
        return result
    }

    private func keyword(_ node: Node, depth: Int) throws(TaggingError) -> KeywordNode {
        guard depth <= 32 else { throw yaml.fail(node, "the keyword tree is deeper than 32 levels") }
        if node.scalar != nil {
            let name = try nodeName(node)
            return KeywordNode(name: name, terms: try yaml.terms(node, "keyword"), mark: yaml.mark(node))
        }
        var result = KeywordNode(name: "", mark: yaml.mark(node))
        var hasName = false, hasTerms = false
        for (key, _, value) in try yaml.pairs(node, allowed: Self.nodeKeys, what: "a keyword node") {
            switch key {
            case "name":
                result.name = try nodeName(value)
                hasName = true
            case "terms":
                result.terms = try yaml.terms(value, "terms")
                hasTerms = true
            case "synonyms":
                result.synonyms = try yaml.terms(value, "synonyms")
                hasTerms = true
            case "variants":
                result.variants = try yaml.terms(value, "variants")
                hasTerms = true
            case "exclude":
                result.exclusions = try yaml.rules(value, what: "exclusion")
            case "rule":
                result.rule = try yaml.rule(value, what: "keyword rule")
            case "weight":
                result.weight = try yaml.number(value, "weight", range: 0...1000)
            case "children":
                result.children = try nodes(value, depth: depth + 1)
            default:
                _ = try yaml.string(value, key)
            }
        }
        guard hasName else { throw yaml.fail(node, "expected `name:` in this keyword node") }
        if !hasTerms, result.rule == nil { result.terms = [result.name] }
        return result
    }

    private func nodeName(_ node: Node) throws(TaggingError) -> String {
        let name = try yaml.string(node, "keyword name")
        guard !name.contains("/") else {
            throw yaml.fail(node, "keyword name `\(name)` contains `/`, which separates path levels; use `children:` for a deeper level")
        }
        return name
    }
}
