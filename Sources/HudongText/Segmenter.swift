import Synchronization

/// A span of normalized text that is one token, with its kind.
public struct TokenSpan: Sendable, Hashable {
    /// UTF-16 unit range in the normalized text.
    public var range: Range<Int>
    public var kind: TokenKind

    public init(range: Range<Int>, kind: TokenKind) {
        self.range = range
        self.kind = kind
    }
}

/// The segmentation stage of the pipeline: splits folded text into token spans.
public protocol Segmenter: Sendable {
    /// The token spans of `text`, in order and non-overlapping; punctuation and spaces are left out.
    func segment(_ text: NormalizedText) -> [TokenSpan]
}

/// Segments Chinese social text: ICU word break (`zh`), a user dictionary applied by longest
/// match across ICU's boundaries, and whole tokens for hashtags, mentions, URLs and emoji.
/// An ICU segment with no letter, digit or ideograph (`@`, `__`, `……`) is no token.
///
/// Thread-safe: each call borrows its own ICU break iterator from a small pool (ICU iterators
/// are not thread-safe; a clone costs about 0.1 µs). The user dictionary is read through one
/// snapshot per call, so a concurrent dictionary change applies wholly or not at all.
public struct ChineseWordSegmenter: Segmenter {
    /// The live user dictionary this segmenter applies.
    public let userDictionary: UserDictionary
    /// An optional fixed lexicon applied like the user dictionary (longest match wins).
    public let lexicon: DictionaryTrie?
    private let breakers: WordBreakerPool
    private let entities = SocialEntityScanner()
    private let wordUnits: WordUnitTable

    /// Opens ICU's Chinese word breaker; throws if ICU or its data is missing.
    public init(userDictionary: UserDictionary, lexicon: DictionaryTrie? = nil) throws(TextError) {
        self.userDictionary = userDictionary
        self.lexicon = lexicon
        self.breakers = try WordBreakerPool()
        self.wordUnits = WordUnitTable(try UnicodeFoldingTables.shared())
    }

    public func segment(_ text: NormalizedText) -> [TokenSpan] {
        let trie = userDictionary.snapshot.trie
        let wordUnits = self.wordUnits
        return text.units.withUnsafeBufferPointer { units in
            let found = entities.scan(units)
            var words: [TokenSpan] = []
            words.reserveCapacity(units.count / 2 + 1)
            breakers.withBreaker { breaker in
                breaker.forEachSegment(units) { start, end, status in
                    guard var kind = Self.kind(ofRuleStatus: status) else { return }
                    if kind != .cjkWord {
                        // ICU gives `@`, `_` or `__` a letter status: a token needs a letter or a digit.
                        guard wordUnits.containsWordUnit(units, start, end) else { return }
                        // ICU calls `iphone15` a number; a token with letters in it is a word.
                        if kind == .number, units[start..<end].contains(where: { $0 >= 0x61 && $0 <= 0x7A }) { kind = .latinWord }
                    }
                    words.append(TokenSpan(range: start..<end, kind: kind))
                }
            }
            if !found.isEmpty { words = Self.interleave(words: words, entities: found) }
            applyDictionaries(trie, to: &words, units: units)
            return words
        }
    }

    /// The number of ICU word-break segments of `text`, with nothing else done: the bare word-break
    /// cost that the rest of the pipeline is measured against (benchmarks and diagnostics).
    public func countWordBreakSegments(_ text: NormalizedText) -> Int {
        var count = 0
        text.units.withUnsafeBufferPointer { units in
            breakers.withBreaker { breaker in breaker.forEachSegment(units) { _, _, _ in count += 1 } }
        }
        return count
    }

    /// Maps ICU's rule status to a token kind; nil for spaces, punctuation and symbols.
    static func kind(ofRuleStatus status: Int32) -> TokenKind? {
        switch status {
        case 100..<200: return .number
        case 200..<300: return .latinWord
        case 300..<500: return .cjkWord
        default: return nil
        }
    }

    /// Puts entity spans among the word spans, cutting words that overlap an entity.
    static func interleave(words: [TokenSpan], entities: [TokenSpan]) -> [TokenSpan] {
        var out: [TokenSpan] = []
        out.reserveCapacity(words.count + entities.count)
        var e = 0
        var covered = 0 // end of the last entity emitted: words never reach back into it
        for var word in words {
            word.range = max(word.range.lowerBound, covered)..<max(word.range.upperBound, covered)
            while e < entities.count, entities[e].range.lowerBound < word.range.upperBound {
                let entity = entities[e].range
                if word.range.lowerBound < entity.lowerBound {
                    out.append(TokenSpan(range: word.range.lowerBound..<entity.lowerBound, kind: word.kind))
                }
                out.append(entities[e])
                e += 1
                covered = entity.upperBound
                word.range = max(word.range.lowerBound, covered)..<max(word.range.upperBound, covered)
            }
            if !word.range.isEmpty { out.append(word) }
        }
        out.append(contentsOf: entities[e...])
        return out
    }

    /// Merges runs of word spans into the longest dictionary term that starts at the first span's
    /// start and ends at a later span's end; the user dictionary and the lexicon compete on length.
    /// Entities are never merged, nor crossed. Works in place.
    /// Cost: for each word span whose first unit may start a term, a trie walk of at most the
    /// longest term's length.
    private func applyDictionaries(_ trie: DictionaryTrie, to spans: inout [TokenSpan], units: UnsafeBufferPointer<UInt16>) {
        let user: DictionaryTrie? = trie.count > 0 ? trie : nil
        let lexicon: DictionaryTrie? = if let lexicon = self.lexicon, lexicon.count > 0 { lexicon } else { nil }
        guard user != nil || lexicon != nil, spans.count > 1 else { return }
        let count = spans.count
        var write = 0
        var i = 0
        while i < count {
            let first = spans[i]
            var best = i
            if Self.isWord(first.kind), i + 1 < count, Self.isWord(spans[i + 1].kind) {
                Self.longestMatch(user, spans, from: i, units: units, best: &best)
                Self.longestMatch(lexicon, spans, from: i, units: units, best: &best)
            }
            if best > i {
                var kind = TokenKind.latinWord
                var allNumbers = true
                for k in i...best {
                    if spans[k].kind == .cjkWord { kind = .cjkWord }
                    if spans[k].kind != .number { allNumbers = false }
                }
                if allNumbers { kind = .number }
                spans[write] = TokenSpan(range: first.range.lowerBound..<spans[best].range.upperBound, kind: kind)
                i = best + 1
            } else {
                spans[write] = first
                i += 1
            }
            write += 1
        }
        spans.removeLast(count - write)
    }

    /// Raises `best` to the last span of the longest term of `trie` that starts at span `i` and ends
    /// where a word span ends, with only word spans in between.
    @inline(__always)
    private static func longestMatch(_ trie: DictionaryTrie?, _ spans: [TokenSpan], from i: Int,
                                     units: UnsafeBufferPointer<UInt16>, best: inout Int) {
        guard let trie else { return }
        let start = spans[i].range.lowerBound
        guard trie.mayStart(with: units[start]) else { return }
        var j = i
        let count = spans.count
        trie.forEachMatch(in: units, from: start, limit: units.count) { end in
            while j < count, spans[j].range.upperBound < end, isWord(spans[j].kind) { j += 1 }
            if j < count, spans[j].range.upperBound == end, isWord(spans[j].kind), j > best { best = j }
        }
    }

    @inline(__always)
    static func isWord(_ kind: TokenKind) -> Bool { kind == .cjkWord || kind == .latinWord || kind == .number }
}

/// A few ICU word breakers shared by the threads of one segmenter.
final class WordBreakerPool: Sendable {
    private let template: ICUWordBreaker
    private let idle: Mutex<[ICUWordBreaker]>

    init() throws(TextError) {
        let template = try ICUWordBreaker()
        // Warm up: the first Chinese segmentation maps ICU's dictionary (~1 ms).
        let warm: [UInt16] = Array("预热中文分词词典".utf16)
        warm.withUnsafeBufferPointer { buffer in template.forEachSegment(buffer) { _, _, _ in } }
        template.detach() // every breaker is cloned from it
        self.template = template
        idle = Mutex([])
    }

    /// Runs `body` with a breaker no other thread is using.
    func withBreaker<R>(_ body: (ICUWordBreaker) -> R) -> R {
        let borrowed = idle.withLock { $0.popLast() }
        let breaker: ICUWordBreaker
        if let borrowed {
            breaker = borrowed
        } else if let cloned = try? template.clone() {
            breaker = cloned
        } else {
            // ICU could not clone (out of memory): fall back to a fresh iterator, or the template under the lock.
            if let fresh = try? ICUWordBreaker() {
                breaker = fresh
            } else {
                return idle.withLock { _ in
                    defer { template.detach() } // it is cloned later
                    return body(template)
                }
            }
        }
        let result = body(breaker)
        idle.withLock { if $0.count < 16 { $0.append(breaker) } }
        return result
    }
}

/// Which UTF-16 units are letters or digits (ICU's `alnum`), to drop ICU "words" without any.
struct WordUnitTable: Sendable {
    private let tables: UnicodeFoldingTables

    init(_ tables: UnicodeFoldingTables) { self.tables = tables }

    /// Whether `units[start..<end]` holds a letter or a digit (a surrogate pair counts as one).
    @inline(__always)
    func containsWordUnit(_ units: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end {
            if tables.isWordUnit(units[i]) { return true }
            i += 1
        }
        return false
    }
}
