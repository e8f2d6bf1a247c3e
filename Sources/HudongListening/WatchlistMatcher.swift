import HudongIndex

/// What one item says about one topic: which terms and rules matched, and whether it is negative.
public struct TopicMention: Sendable, Hashable {
    /// Index of the topic in the watchlist.
    public var topic: Int
    /// Indices into the topic's `terms` that occur (outside exclusions), ascending; terms that
    /// fold to the same text count once, under the first of them.
    public var terms: [Int]
    /// Indices into the topic's `rules` that hold, ascending.
    public var rules: [Int]
    /// Complaint phrases and negative words (as written in the watchlist) that make it negative.
    public var complaints: [String]
    /// The first term occurrence, with offsets into the original text (nil for a rule-only mention).
    public var firstMatch: KeywordMatch?

    /// A brand mention with a complaint phrase or negative word (same item, or within `near`).
    public var isNegative: Bool { !complaints.isEmpty }
}

/// A compiled watchlist: one keyword scanner for every term, exclusion, complaint, negative
/// word and rule leaf of every topic, plus the rules to evaluate per item.
///
/// Immutable and `Sendable`: share it between threads, each with its own `ScanBuffers`.
/// Cost per item: one scan of its text (see `KeywordScanner`), then work proportional to the
/// matches found; topics with no match cost nothing unless they have rules.
public struct WatchlistMatcher: Sendable {
    /// What a keyword of the scanner stands for.
    enum Role: Sendable, Hashable {
        case term(topic: Int, index: Int)
        case exclusion(topic: Int)
        case complaint(topic: Int, text: String)
        case negativeWord(text: String)
        case ruleLeaf(topic: Int, leaf: Int)
    }

    /// The watchlist it was compiled from.
    public let watchlist: Watchlist
    /// One scanner for every keyword of every topic.
    public let scanner: KeywordScanner
    let roles: [Role]
    /// Per topic: its rules compiled over its leaves, and the number of leaves.
    let rules: [[CompiledRule]]
    let leafCounts: [Int]

    /// Compiles `watchlist`; a keyword that folds to nothing is reported with its position.
    public init(watchlist: Watchlist, folding: ScanFolding) throws(ListeningError) {
        var keywords: [ScanKeyword] = []
        var roles: [Role] = []
        var marks: [SourceMark?] = []
        var rules: [[CompiledRule]] = []
        var leafCounts: [Int] = []
        func add(_ term: WatchTerm, group: Int, exclusion: Bool = false, _ role: Role) {
            keywords.append(ScanKeyword(term.text, group: group, isExclusion: exclusion))
            roles.append(role)
            marks.append(term.mark)
        }
        for word in watchlist.negativeWords { add(word, group: -1, .negativeWord(text: word.text)) }
        for (topicIndex, topic) in watchlist.topics.enumerated() {
            // Terms that fold alike (联想 and 聯想) are one keyword, reported as the first.
            var seen: [[UInt16]: Int] = [:]
            for (index, term) in topic.terms.enumerated() {
                let folded = folding.foldedUnits(term.text)
                if seen[folded] != nil { continue }
                seen[folded] = index
                add(term, group: topicIndex, .term(topic: topicIndex, index: index))
            }
            for term in topic.exclusions { add(term, group: topicIndex, exclusion: true, .exclusion(topic: topicIndex)) }
            for term in topic.complaints { add(term, group: topicIndex, .complaint(topic: topicIndex, text: term.text)) }
            var leaves: [String] = []
            for rule in topic.rules { RuleEvaluator.collectLeaves(rule.query, into: &leaves) }
            for (leaf, text) in leaves.enumerated() {
                let mark = topic.rules.first { $0.text.contains(text) }?.mark
                add(WatchTerm(text, mark: mark), group: topicIndex, .ruleLeaf(topic: topicIndex, leaf: leaf))
            }
            rules.append(topic.rules.map { RuleEvaluator.compile($0.query, leaves: leaves) })
            leafCounts.append(leaves.count)
        }
        // Check each keyword alone first, so an unusable one is reported where it was written.
        let folding = folding
        for (index, keyword) in keywords.enumerated() where folding.foldedUnits(keyword.text).isEmpty {
            throw .emptyKeyword(keyword.text, marks[index])
        }
        self.watchlist = watchlist
        self.scanner = try KeywordScanner(keywords: keywords, folding: folding)
        self.roles = roles
        self.rules = rules
        self.leafCounts = leafCounts
    }

    /// The mentions of every topic in `item`, in topic order.
    public func mentions(in item: Item, buffers: inout ScanBuffers) -> [TopicMention] {
        scanner.scan(item.text, into: &buffers)
        let matches = buffers.matches
        let hasRules = rules.contains { !$0.isEmpty }
        guard !matches.isEmpty || hasRules else { return [] }
        var mentions: [TopicMention] = []
        let view = buffers.view
        for (topicIndex, topic) in watchlist.topics.enumerated() {
            if !topic.channels.isEmpty, !topic.channels.contains(item.channel ?? "") { continue }
            if !topic.cities.isEmpty, !topic.cities.contains(item.city ?? "") { continue }
            var terms: [Int] = []
            var termRanges: [Range<Int>] = []
            var firstMatch: KeywordMatch?
            var occurrences: [[Range<Int>]] = Array(repeating: [], count: leafCounts[topicIndex])
            var complaintHits: [(text: String, units: Range<Int>)] = []
            for match in matches {
                switch roles[match.keyword] {
                case let .term(topic, index) where topic == topicIndex:
                    if !terms.contains(index) { terms.append(index) }
                    termRanges.append(match.units)
                    if firstMatch == nil { firstMatch = match }
                case let .complaint(topic, text) where topic == topicIndex:
                    complaintHits.append((text, match.units))
                case let .negativeWord(text):
                    complaintHits.append((text, match.units))
                case let .ruleLeaf(topic, leaf) where topic == topicIndex:
                    occurrences[leaf].append(match.units)
                default:
                    break
                }
            }
            var heldRules: [Int] = []
            for (index, rule) in rules[topicIndex].enumerated()
            where RuleEvaluator.evaluate(rule, item: item, occurrences: occurrences, view: view) {
                heldRules.append(index)
            }
            guard !terms.isEmpty || !heldRules.isEmpty else { continue }
            var complaints: [String] = []
            for hit in complaintHits where !complaints.contains(hit.text) {
                if let near = watchlist.settings.near, !termRanges.isEmpty {
                    guard termRanges.contains(where: { view.positionGap($0, hit.units) <= near }) else { continue }
                }
                complaints.append(hit.text)
            }
            mentions.append(TopicMention(topic: topicIndex, terms: terms.sorted(), rules: heldRules,
                                         complaints: complaints, firstMatch: firstMatch))
        }
        return mentions
    }
}
