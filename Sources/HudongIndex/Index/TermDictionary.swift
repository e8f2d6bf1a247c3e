/// Integer ids for the index's terms: single units and bigrams of adjacent CJK characters.
///
/// A BMP character's id is one array lookup; other units go through a hash map of Strings;
/// a bigram's id is found from its two unit ids. Ids index `SearchIndex.postings`.
public struct TermDictionary: Sendable {
    /// What a term id stands for.
    public enum Term: Sendable, Hashable {
        case unit(UnitKey)
        case bigram(Int32, Int32)
    }

    var characterIds = [Int32](repeating: -1, count: 0x10000)
    var tokenIds: [String: Int32] = [:]
    var bigramIds = BigramTable()
    /// By a character's id, the bigrams it begins: with its own list they hold every place it
    /// occurs (`SearchIndex.indexUnits` lists a character only where no CJK character follows it).
    var bigramsBeginning: [Int32: [Int32]] = [:]
    /// The term of each id.
    public internal(set) var terms = TermList()

    public init() {}

    /// Number of distinct terms (units and bigrams).
    public var count: Int { terms.count }
    /// Number of distinct bigrams.
    public var bigramCount: Int { bigramIds.count }

    /// The id of `key`, if it was ever indexed.
    @inline(__always)
    public func id(of key: UnitKey) -> Int32? {
        switch key {
        case let .character(u):
            let id = characterIds[Int(u)]
            return id >= 0 ? id : nil
        case let .token(s):
            return tokenIds[s]
        }
    }

    /// The id of the bigram `first second`, if it was ever indexed.
    @inline(__always)
    public func bigramId(_ first: Int32, _ second: Int32) -> Int32? {
        bigramIds.value(Self.bigramKey(first, second))
    }

    /// The bigram table's key for `first second`.
    @inline(__always)
    static func bigramKey(_ first: Int32, _ second: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))
    }

    /// Reads the table slots where `keys` would be, all at once, so their cache misses overlap
    /// before the keys are interned one by one; returns a value to keep (so the loads stay).
    func touchBigrams(_ keys: UnsafeBufferPointer<UInt64>) -> UInt64 {
        bigramIds.touch(keys)
    }

    /// The id of `key`, assigning a new one if needed.
    @inline(__always)
    public mutating func intern(_ key: UnitKey) -> Int32 {
        switch key {
        case let .character(u):
            let id = characterIds[Int(u)]
            if id >= 0 { return id }
            let new = Int32(terms.count)
            characterIds[Int(u)] = new
            terms.append(.unit(key))
            return new
        case let .token(s):
            if let id = tokenIds[s] { return id }
            let new = Int32(terms.count)
            tokenIds[s] = new
            terms.append(.unit(key))
            return new
        }
    }

    /// The id of the bigram `first second`, assigning a new one if needed.
    @inline(__always)
    public mutating func internBigram(_ first: Int32, _ second: Int32) -> Int32 {
        internBigram(key: Self.bigramKey(first, second))
    }

    /// The id of the bigram with table key `key` (`bigramKey`), assigning a new one if needed.
    @inline(__always)
    mutating func internBigram(key: UInt64) -> Int32 {
        var created = false
        let id = bigramIds.value(key) {
            created = true
            return Int32(terms.count)
        }
        if created {
            let first = Int32(truncatingIfNeeded: key >> 32)
            terms.append(.bigram(first, Int32(truncatingIfNeeded: key)))
            bigramsBeginning[first, default: []].append(id)
        }
        return id
    }

    /// The bigrams that begin with the character `id` (none for other terms).
    func bigrams(beginning id: Int32) -> [Int32] {
        bigramsBeginning[id] ?? []
    }

    /// The text of a term id (a bigram shows as its two units).
    public func text(of id: Int32) -> String {
        switch terms[Int(id)] {
        case let .unit(key): return key.text
        case let .bigram(a, b): return text(of: a) + text(of: b)
        }
    }
}
