import HudongIndex

/// A watchlist rule with its text leaves replaced by indices into the topic's leaf keywords.
indirect enum CompiledRule: Sendable, Hashable {
    case leaf(Int)
    case and([CompiledRule])
    case or([CompiledRule])
    case not(CompiledRule)
    case near(Int, Int, distance: Int, ordered: Bool)
    case field(QueryField, String)
    case time(lower: Int64?, upper: Int64?)
    case all
}

/// Evaluates watchlist rules (query-language trees) against one item and its scan.
///
/// Terms and phrases are found by the keyword scanner (folded, noise-tolerant, Chinese anywhere,
/// Latin whole words); a phrase is its words next to each other, spaces not counting. `NEAR/n`
/// counts positions as the index does: each Chinese character is one position, a Latin word or
/// a number is one, punctuation is one; `n` is the most positions allowed between the two.
/// Field filters compare case-insensitively with the item's fields (`tag:` any tag, `kw:` a
/// keyword path or a path below it); `time:` ranges use the item time.
enum RuleEvaluator {
    /// Rejects rules that listening cannot use: a rule needs at least one term or phrase.
    static func check(_ node: QueryNode) throws(ListeningError) {
        var leaves: [String] = []
        collectLeaves(node, into: &leaves)
        guard !leaves.isEmpty else {
            throw .watchlist(SourceMark(file: "", line: 0, column: 0),
                             reason: "a rule needs at least one term or phrase (filters alone would match every item)")
        }
    }

    /// The texts of the term and phrase leaves, in order of first appearance.
    static func collectLeaves(_ node: QueryNode, into leaves: inout [String]) {
        switch node {
        case let .term(text), let .phrase(text):
            if !leaves.contains(text) { leaves.append(text) }
        case let .and(children), let .or(children):
            for child in children { collectLeaves(child, into: &leaves) }
        case let .not(child):
            collectLeaves(child, into: &leaves)
        case let .near(left, right, _, _):
            collectLeaves(left, into: &leaves)
            collectLeaves(right, into: &leaves)
        case .field, .timeRange, .matchAll:
            break
        }
    }

    /// Replaces leaf texts by their index in `leaves`.
    static func compile(_ node: QueryNode, leaves: [String]) -> CompiledRule {
        func index(_ text: String) -> Int { leaves.firstIndex(of: text) ?? -1 }
        switch node {
        case let .term(text), let .phrase(text): return .leaf(index(text))
        case let .and(children): return .and(children.map { compile($0, leaves: leaves) })
        case let .or(children): return .or(children.map { compile($0, leaves: leaves) })
        case let .not(child): return .not(compile(child, leaves: leaves))
        case let .near(left, right, distance, ordered):
            guard case let .leaf(a) = compile(left, leaves: leaves), case let .leaf(b) = compile(right, leaves: leaves) else {
                return .and([compile(left, leaves: leaves), compile(right, leaves: leaves)])
            }
            return .near(a, b, distance: distance, ordered: ordered)
        case let .field(field, value): return .field(field, value)
        case let .timeRange(lower, upper): return .time(lower: lower, upper: upper)
        case .matchAll: return .all
        }
    }

    /// Whether `rule` holds for `item`; `occurrences[leaf]` lists the unit ranges where each leaf
    /// was found, `view` is the item's folded text.
    static func evaluate(_ rule: CompiledRule, item: Item, occurrences: [[Range<Int>]], view: FoldedView) -> Bool {
        switch rule {
        case let .leaf(index):
            return index >= 0 && index < occurrences.count && !occurrences[index].isEmpty
        case let .and(children):
            return children.allSatisfy { evaluate($0, item: item, occurrences: occurrences, view: view) }
        case let .or(children):
            return children.contains { evaluate($0, item: item, occurrences: occurrences, view: view) }
        case let .not(child):
            return !evaluate(child, item: item, occurrences: occurrences, view: view)
        case let .near(a, b, distance, ordered):
            guard a >= 0, b >= 0, a < occurrences.count, b < occurrences.count else { return false }
            for first in occurrences[a] {
                for second in occurrences[b] {
                    if ordered, second.lowerBound < first.upperBound { continue }
                    if view.positionGap(first, second) <= distance { return true }
                }
            }
            return false
        case let .field(field, value):
            return matches(field, value, item)
        case let .time(lower, upper):
            guard let time = item.time else { return false }
            return (lower.map { time >= $0 } ?? true) && (upper.map { time < $0 } ?? true)
        case .all:
            return true
        }
    }

    static func matches(_ field: QueryField, _ value: String, _ item: Item) -> Bool {
        let wanted = value.lowercased()
        func equal(_ text: String?) -> Bool { text?.lowercased() == wanted }
        switch field {
        case .id: return item.id == value
        case .type: return item.type.rawValue == wanted
        case .channel: return equal(item.channel)
        case .author: return equal(item.author)
        case .city: return equal(item.city)
        case .direction: return item.direction?.rawValue == wanted
        case .group: return equal(item.group)
        case .from: return equal(item.from)
        case .to: return equal(item.to)
        case .category: return equal(item.category)
        case .tag:
            let bare = wanted.trimmingHashes
            return item.tags.contains { $0.lowercased().trimmingHashes == bare }
        case .keyword:
            return item.keywordPaths.contains { $0 == value || $0.hasPrefix(value + "/") }
        }
    }
}

extension String {
    /// The text without `#` around it (`#双十一#` → `双十一`).
    fileprivate var trimmingHashes: String {
        var text = Substring(self)
        while text.first == "#" { text = text.dropFirst() }
        while text.last == "#" { text = text.dropLast() }
        return String(text)
    }
}

extension FoldedView {
    /// Whether unit `index` starts an index position: a Chinese character (or any non-word unit)
    /// is one position, a run of word units (a Latin word, a number) is one.
    func startsPosition(_ index: Int) -> Bool {
        index == 0 || gapBefore(index)
            || !(WordCharacters.isWordUnit(unit(index)) && WordCharacters.isWordUnit(unit(index - 1)))
    }

    /// Index positions strictly between two unit ranges (0 when they touch or overlap).
    /// Cost: proportional to the distance between them.
    func positionGap(_ a: Range<Int>, _ b: Range<Int>) -> Int {
        let (first, second) = a.lowerBound <= b.lowerBound ? (a, b) : (b, a)
        guard first.upperBound < second.lowerBound else { return 0 }
        var count = 0
        for index in first.upperBound..<second.lowerBound where startsPosition(index) { count += 1 }
        return count
    }
}
