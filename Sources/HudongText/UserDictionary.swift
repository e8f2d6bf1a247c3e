import Synchronization

/// A live dictionary of brand, product and platform terms that the segmenter keeps whole.
///
/// Terms are folded like the text (`微信`, `ＸＢＯＸ` → `xbox`, Traditional → Simplified) and
/// applied by longest match across the word breaker's boundaries, so `微 信` comes out as `微信`.
/// Changes (`add`, `remove`, `update`) may come from any thread while others analyze: each
/// change builds a new immutable trie and swaps it in under a lock, so an analysis sees the
/// dictionary wholly before or wholly after a change, never half of it.
/// Cost: a change rebuilds the trie, O(total characters) — fine for tens of thousands of terms.
public final class UserDictionary: Sendable {
    /// One dictionary term with its optional weight and tag (`brand`, `product`, `nz`…).
    public struct Entry: Sendable, Hashable {
        /// The term as written in the file or given to `add`.
        public var term: String
        /// An optional weight (jieba-style frequency); kept for ranking and display.
        public var weight: Double?
        /// An optional tag.
        public var tag: String?

        public init(term: String, weight: Double? = nil, tag: String? = nil) {
            self.term = term
            self.weight = weight
            self.tag = tag
        }
    }

    /// A batch of changes applied atomically by `update`.
    public struct Changes: Sendable {
        fileprivate var added: [Entry] = []
        fileprivate var removed: [String] = []
        /// Adds (or replaces) a term.
        public mutating func add(_ entry: Entry) { added.append(entry) }
        /// Removes a term (as written or folded).
        public mutating func remove(_ term: String) { removed.append(term) }
    }

    /// The immutable state an analysis reads: the entries, their trie and a version number.
    public struct Snapshot: Sendable {
        /// Entries by folded term.
        public let entries: [String: Entry]
        /// The trie of folded terms.
        public let trie: DictionaryTrie
        /// Incremented by every change; 0 for a new, empty dictionary.
        public let version: Int
    }

    private let folding: TextFolding
    private let state: Mutex<Snapshot>

    /// Creates a dictionary holding `entries`, folded by `folding` (the standard Chinese folding by default).
    public init(_ entries: [Entry] = [], folding: TextFolding? = nil) throws(TextError) {
        let folding: TextFolding = if let folding { folding } else { try TextFolding.standard() }
        self.folding = folding
        var map: [String: Entry] = [:]
        for entry in entries {
            let key = folding.fold(entry.term)
            if !key.isEmpty { map[key] = entry }
        }
        state = Mutex(Snapshot(entries: map, trie: DictionaryTrie(terms: map.keys), version: 0))
    }

    /// The current state; an analysis takes one snapshot and uses it throughout.
    public var snapshot: Snapshot { state.withLock { $0 } }

    /// Number of terms.
    public var count: Int { snapshot.entries.count }

    /// Adds (or replaces) a term.
    public func add(_ term: String, weight: Double? = nil, tag: String? = nil) {
        update { $0.add(Entry(term: term, weight: weight, tag: tag)) }
    }

    /// Removes a term (as written or folded); returns whether it was there.
    @discardableResult
    public func remove(_ term: String) -> Bool {
        let key = folding.fold(term)
        return state.withLock { current in
            guard current.entries[key] != nil else { return false }
            var entries = current.entries
            entries[key] = nil
            current = Snapshot(entries: entries, trie: DictionaryTrie(terms: entries.keys), version: current.version + 1)
            return true
        }
    }

    /// Whether the (folded) term is in the dictionary.
    public func contains(_ term: String) -> Bool {
        snapshot.entries[folding.fold(term)] != nil
    }

    /// Applies a batch of changes atomically: readers see all of them or none.
    public func update(_ body: (inout Changes) -> Void) {
        var changes = Changes()
        body(&changes)
        let added = changes.added.map { (folding.fold($0.term), $0) }
        let removed = changes.removed.map { folding.fold($0) }
        state.withLock { current in
            var entries = current.entries
            for key in removed { entries[key] = nil }
            for (key, entry) in added where !key.isEmpty { entries[key] = entry }
            current = Snapshot(entries: entries, trie: DictionaryTrie(terms: entries.keys), version: current.version + 1)
        }
    }
}

extension UserDictionary {
    /// Parses a dictionary file: one term a line, then an optional weight and an optional tag.
    ///
    /// Fields are tab-separated when the line has a tab (so a term may contain spaces, as
    /// `xbox live<TAB>10<TAB>product`), otherwise space-separated as in jieba's format
    /// (`微信 100 brand`, `天猫 brand`). Blank lines and lines starting with `#` are skipped.
    /// Throws `TextError.dictionaryLine` with the line number for a line it cannot read.
    public static func parse(_ text: String, source: String = "<dictionary>") throws(TextError) -> [Entry] {
        var entries: [Entry] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingSuffix(while: { $0 == "\r" || $0 == " " })
            if line.isEmpty || line.first == "#" { continue }
            let fields: [Substring] = line.contains("\t")
                ? line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingSuffix(while: { $0 == " " }) }
                : line.split(separator: " ")
            guard let term = fields.first, !term.isEmpty, !term.allSatisfy({ $0 == " " }) else {
                throw .dictionaryLine(source: source, line: lineNumber, reason: "empty term")
            }
            guard fields.count <= 3 else {
                throw .dictionaryLine(source: source, line: lineNumber,
                                      reason: "expected `term [weight] [tag]`, found \(fields.count) fields")
            }
            var weight: Double?
            var tag: String?
            if fields.count >= 2 {
                if let w = Double(fields[1]), w.isFinite {
                    weight = w
                    if fields.count == 3 { tag = String(fields[2]) }
                } else if fields.count == 2 {
                    tag = String(fields[1])
                } else {
                    throw .dictionaryLine(source: source, line: lineNumber,
                                          reason: "weight `\(fields[1])` is not a number")
                }
            }
            entries.append(Entry(term: String(term), weight: weight, tag: tag.flatMap { $0.isEmpty ? nil : $0 }))
        }
        return entries
    }

    /// Loads a dictionary file (see `parse`); invalid UTF-8 is reported with its line.
    public static func load(path: String, folding: TextFolding? = nil) throws(TextError) -> UserDictionary {
        let bytes = try FileBytes.read(path: path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = LineDecoder.firstInvalidLine(bytes)
            throw .dictionaryLine(source: path, line: line, reason: "invalid UTF-8")
        }
        return try UserDictionary(parse(text, source: path), folding: folding)
    }
}

extension Substring {
    func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var s = self
        while let last = s.last, predicate(last) { s = s.dropLast() }
        return s
    }
}
