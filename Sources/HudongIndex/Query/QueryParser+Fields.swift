/// `field:value`, `time:` and `sort:` clauses, and the suggestions for unknown field names.
extension QueryParseState {
    /// The node for `name:value`; `at` is where the name starts, `valueOffset` where the value does.
    func fieldNode(name: String, value: String, at offset: Int, valueOffset: Int) throws(IndexError) -> QueryNode {
        let key = name.lowercased()
        if key == "time" { return try timeRange(value, valueOffset: valueOffset) }
        if key == "sort" { throw error(at: offset, "`sort:` must stand on its own, not inside NEAR or after NOT") }
        guard let field = QueryField(rawValue: key) else {
            throw error(at: offset, unknownFieldMessage(name, value: value))
        }
        switch field {
        case .type:
            guard let type = ItemType(feedValue: value) else {
                throw error(at: valueOffset, "`type:` is `post` or `message`, not `\(value)`")
            }
            return .field(.type, type.rawValue)
        case .direction:
            guard let direction = Direction(feedValue: value) else {
                throw error(at: valueOffset, "`direction:` is `in` (入, 呼入: fan to brand) or `out` (出, 呼出: brand to fan), not `\(value)`")
            }
            return .field(.direction, direction.rawValue)
        default:
            return .field(field, value)
        }
    }

    /// Records `sort:value`; a second, different sort is an error.
    mutating func takeSort(_ token: QueryToken) throws(IndexError) {
        guard case let .field(_, value, valueOffset) = token.kind else { return }
        guard let parsed = QuerySort(rawValue: value.lowercased()) else {
            let valid = QuerySort.allCases.map { "sort:\($0.rawValue)" }
            throw error(at: valueOffset, "unknown sort `\(value)`: use \(valid.dropLast().joined(separator: ", ")) or \(valid.last ?? "")")
        }
        if let sort, sort != parsed {
            throw error(at: token.offset, "two different sorts: `sort:\(sort.rawValue)` at column \(sortOffset + 1) and `sort:\(parsed.rawValue)`")
        }
        sort = parsed
        sortOffset = token.offset
    }

    /// `A..B`, `A..`, `..B` or `A` (that day, minute or second).
    func timeRange(_ value: String, valueOffset: Int) throws(IndexError) -> QueryNode {
        let usage = "use `time:2026-11-01..2026-11-07`, `time:2026-11-01..`, `time:..2026-11-07` or ISO-8601 date-times such as 2026-11-01T09:30:00+08:00"
        guard let dots = value.range(of: "..") else {
            let single = try bound(Substring(value), valueOffset: valueOffset, usage: usage)
            return .timeRange(lower: single.seconds, upper: single.seconds + single.precision.seconds)
        }
        let lowerText = value[..<dots.lowerBound]
        let upperText = value[dots.upperBound...]
        guard !lowerText.isEmpty || !upperText.isEmpty else {
            throw error(at: valueOffset, "`time:..` needs at least one end: \(usage)")
        }
        let upperOffset = valueOffset + value.distance(from: value.startIndex, to: dots.upperBound)
        let lower = lowerText.isEmpty ? nil : try bound(lowerText, valueOffset: valueOffset, usage: usage)
        let upper = upperText.isEmpty ? nil : try bound(upperText, valueOffset: upperOffset, usage: usage)
        let lowerSeconds = lower?.seconds
        let upperSeconds = upper.map { $0.seconds + $0.precision.seconds }
        if let lowerSeconds, let upperSeconds, lowerSeconds >= upperSeconds {
            throw error(at: valueOffset, "empty time range: `\(lowerText)` is after `\(upperText)`")
        }
        return .timeRange(lower: lowerSeconds, upper: upperSeconds)
    }

    private func bound(_ text: Substring, valueOffset: Int, usage: String) throws(IndexError) -> TimeText.Parsed {
        switch TimeText.parse(text, defaultOffsetSeconds: timeZoneOffsetSeconds) {
        case let .success(parsed):
            return parsed
        case let .failure(failure):
            throw error(at: valueOffset + failure.offset, "bad date `\(text)`: \(failure.reason); \(usage)")
        }
    }

    /// "unknown field", the closest name if one is close, and the list of names.
    func unknownFieldMessage(_ name: String, value: String) -> String {
        let names = QueryField.allCases.map(\.rawValue) + ["time", "sort"]
        let aliases = [
            "keyword": "kw", "keywords": "kw", "tags": "tag", "dir": "direction", "user": "author",
            "date": "time", "order": "sort", "cat": "category", "categories": "category",
            "channels": "channel", "kind": "type", "sender": "from", "receiver": "to",
        ]
        let key = name.lowercased()
        var suggestion = aliases[key]
        if suggestion == nil {
            let ranked = names.map { (name: $0, distance: editDistance(key, $0)) }.min { $0.distance < $1.distance }
            if let ranked, ranked.distance <= 2, ranked.distance < key.count { suggestion = ranked.name }
        }
        var message = "unknown field `\(name)`"
        if let suggestion { message += " (did you mean `\(suggestion):`?)" }
        message += "; fields are \(names.joined(separator: ", ")). To search for text with a colon, quote it: \"\(name):\(value)\""
        return message
    }

    /// Levenshtein distance over Characters.
    private func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

extension QueryNode {
    /// `and` of the children, flattened; `*` dropped beside a positive child, added when all are negations.
    static func makeAnd(_ nodes: [QueryNode]) -> QueryNode {
        var flat: [QueryNode] = []
        for node in nodes {
            if case let .and(children) = node { flat += children } else { flat.append(node) }
        }
        let hasPositive = flat.contains { $0 != .matchAll && !$0.isNotNode }
        if hasPositive {
            flat.removeAll { $0 == .matchAll }
        } else if flat.contains(where: \.isNotNode) {
            flat = [.matchAll] + flat.filter(\.isNotNode)
        } else {
            return .matchAll
        }
        return flat.count == 1 ? flat[0] : .and(flat)
    }

    /// `or` of the children, flattened; `*` anywhere makes the whole `*`.
    static func makeOr(_ nodes: [QueryNode]) -> QueryNode {
        var flat: [QueryNode] = []
        for node in nodes {
            if case let .or(children) = node { flat += children } else { flat.append(node) }
        }
        if flat.contains(.matchAll) { return .matchAll }
        return flat.count == 1 ? flat[0] : .or(flat)
    }

    /// `not(child)`; a negated negation is wrapped as `not(and(*, not …))` so every `not` stays inside an `and`.
    static func makeNot(_ child: QueryNode) -> QueryNode {
        if case .not = child { return .not(.and([.matchAll, child])) }
        return .not(child)
    }

    var isNotNode: Bool {
        if case .not = self { return true }
        return false
    }
}
