import HeapModule

/// A Huffman code for stored item text, built from the characters of the texts it codes.
///
/// `CompactText` keeps a CJK character in 16 bits, yet the characters of Chinese posts carry
/// far less: over the bundled corpora the order-0 entropy is 8.9 bits a character, and a
/// code fitted to the counts (frequent characters — 的, 是, the comma — in 4 to 8 bits, rare
/// ones in up to 24) stores them in 0.65 of `CompactText`'s bytes. Frequent pairs of
/// characters (酒店, 房间, 的 followed by a comma…) can be symbols of their own as well, each
/// with one code for both: a few thousand of them take the bundled corpora down to about
/// 0.55. `ItemStore.codeTexts()` builds one when the index is packed and recodes every text
/// in it; texts added later stay in `CompactText` until the next pack.
///
/// Codes are canonical (assigned in order of length, then symbol) and read most significant
/// bit first. Decoding looks up the next `tableBits` bits in one table, which settles every
/// code of that length or shorter — nearly all characters of a post — and walks the longer
/// lengths otherwise. A text's coded bits end at a byte boundary, padded with zeros; its
/// UTF-8 length (kept in the item's row) says where the characters end. A text is coded
/// greedily from its start: a pair wherever its two characters come next, else one character.
final class TextCode: Sendable {
    /// The longest code, in bits.
    static let maxLength = 24
    /// Bits the first lookup settles.
    static let tableBits = 11
    /// `Symbol.second` of a symbol of one character.
    static let noSecond = UInt32.max

    /// One character, or two in a row.
    struct Symbol: Sendable, Hashable, Comparable {
        var first: UInt32
        var second: UInt32 = TextCode.noSecond

        var isPair: Bool { second != TextCode.noSecond }

        static func < (a: Symbol, b: Symbol) -> Bool { (a.first, a.second) < (b.first, b.second) }
    }

    /// The coded symbols in canonical order.
    let symbols: [Symbol]
    /// Each symbol's UTF-8 bytes (little-endian: the first byte lowest) and their count.
    private let utf8: [UInt64]
    private let utf8Counts: [UInt8]
    /// By the next `tableBits` bits: `symbol << 5 | length` for a code of `tableBits` bits or
    /// fewer, 0 for the prefix of a longer one.
    private let table: [UInt32]
    /// By length: the first code, the first symbol, and how many symbols have that length.
    private let firstCode: [UInt32], firstSymbol: [Int32], lengthCounts: [Int32]
    /// Each symbol's code length (for the encoder and the memory estimate).
    let lengths: [UInt8]

    /// The code for scalars counted in `counts` (scalar, occurrences) and pairs counted in
    /// `pairs` (their occurrences as the text is coded: not inside an earlier pair); nil when
    /// nothing occurs. Every scalar a text holds needs a count of its own, pairs or not.
    convenience init?(counts: [(scalar: UInt32, count: Int)], pairs: [(first: UInt32, second: UInt32, count: Int)] = []) {
        self.init(symbols: counts.map { (Symbol(first: $0.scalar), $0.count) } + pairs.map { (Symbol(first: $0.first, second: $0.second), $0.count) })
    }

    /// The code for `symbols` and their counts; nil when none occurs.
    convenience init?(symbols counted: [(symbol: Symbol, count: Int)]) {
        // In one order whatever order the counts come in (a dictionary's, which changes from
        // run to run): Huffman's lengths depend on how ties are broken, and the same counts
        // must give the same code.
        let used = counted.filter { $0.count > 0 }.sorted { ($0.count, $0.symbol) < ($1.count, $1.symbol) }
        guard !used.isEmpty else { return nil }
        let lengthByIndex = Self.codeLengths(used.map(\.count))
        // Canonical order: by length, then symbol.
        let order = used.indices.sorted { (lengthByIndex[$0], used[$0].symbol) < (lengthByIndex[$1], used[$1].symbol) }
        self.init(canonical: order.map { used[$0].symbol }, lengths: order.map { UInt8(lengthByIndex[$0]) })
    }

    /// The code whose symbols in canonical order are `symbols`, with code lengths `lengths`
    /// (as `symbols` and `lengths` of a code give them: a snapshot stores a code this way).
    /// Nil unless they make a prefix code: as many lengths as symbols, each 1...`maxLength`,
    /// in canonical order without repeats, lengths that fit (Kraft's sum at most 1), and
    /// characters that are Unicode scalars.
    init?(canonical symbols: [Symbol], lengths: [UInt8]) {
        guard !symbols.isEmpty, symbols.count == lengths.count else { return nil }
        var kraft = 0
        for (k, symbol) in symbols.enumerated() {
            let l = Int(lengths[k])
            guard (1...Self.maxLength).contains(l), Unicode.Scalar(symbol.first) != nil,
                  !symbol.isPair || Unicode.Scalar(symbol.second) != nil else { return nil }
            if k > 0 { guard (lengths[k - 1], symbols[k - 1]) < (lengths[k], symbol) else { return nil } }
            kraft += 1 << (Self.maxLength - l)
            guard kraft <= 1 << Self.maxLength else { return nil }
        }
        self.symbols = symbols
        self.lengths = lengths
        var utf8: [UInt64] = [], utf8Counts: [UInt8] = []
        for symbol in symbols {
            let (bytes, n) = Self.utf8(of: symbol.first)
            if symbol.isPair {
                let (more, m) = Self.utf8(of: symbol.second)
                utf8.append(UInt64(bytes) | UInt64(more) << (8 * UInt64(n)))
                utf8Counts.append(n + m)
            } else {
                utf8.append(UInt64(bytes))
                utf8Counts.append(n)
            }
        }
        self.utf8 = utf8
        self.utf8Counts = utf8Counts
        var lengthCounts = [Int32](repeating: 0, count: Self.maxLength + 2)
        for l in lengths { lengthCounts[Int(l)] += 1 }
        var firstCode = [UInt32](repeating: 0, count: Self.maxLength + 2), firstSymbol = [Int32](repeating: 0, count: Self.maxLength + 2)
        var code: UInt32 = 0, symbol: Int32 = 0
        for l in 1...Self.maxLength {
            firstCode[l] = code
            firstSymbol[l] = symbol
            code = (code + UInt32(lengthCounts[l])) << 1
            symbol += lengthCounts[l]
        }
        var table = [UInt32](repeating: 0, count: 1 << Self.tableBits)
        for s in symbols.indices where Int(lengths[s]) <= Self.tableBits {
            let l = Int(lengths[s])
            let c = firstCode[l] + UInt32(Int32(s) - firstSymbol[l])
            let shift = Self.tableBits - l
            for low in 0..<(1 << shift) { table[Int(c) << shift | low] = UInt32(s) << 5 | UInt32(l) }
        }
        self.table = table
        self.firstCode = firstCode
        self.firstSymbol = firstSymbol
        self.lengthCounts = lengthCounts
    }

    /// The code of symbol `s` (its index in `symbols`) as `code << 5 | length`.
    func entry(ofSymbol s: Int) -> UInt32 {
        let l = Int(lengths[s])
        return (firstCode[l] + UInt32(Int32(s) - firstSymbol[l])) << 5 | UInt32(l)
    }

    /// Bytes the code's tables take.
    var memoryBytes: Int { symbols.count * 18 + table.count * 4 + 3 * (Self.maxLength + 2) * 4 + 4 * 32 }

    /// Code lengths for symbols of `counts` (each at least 1): Huffman's, limited to
    /// `maxLength` by halving the counts (keeping each at least 1) until the tree is that shallow.
    static func codeLengths(_ counts: [Int]) -> [Int] {
        if counts.count == 1 { return [1] }
        var weights = counts.map { max(1, $0) }
        while true {
            let lengths = huffmanLengths(weights)
            if lengths.max() ?? 0 <= maxLength { return lengths }
            weights = weights.map { max(1, $0 / 2) }
        }
    }

    /// Huffman's code lengths for `weights` (two or more).
    private static func huffmanLengths(_ weights: [Int]) -> [Int] {
        struct Node: Comparable {
            var weight: Int
            var id: Int
            static func < (a: Node, b: Node) -> Bool { (a.weight, a.id) < (b.weight, b.id) }
        }
        // Nodes 0..<n are the symbols; each merge adds one. `parent[k]` of every node but the root.
        var parent = [Int](repeating: -1, count: 2 * weights.count - 1)
        var heap = Heap(weights.enumerated().map { Node(weight: $0.element, id: $0.offset) })
        var next = weights.count
        while heap.count > 1 {
            let a = heap.removeMin(), b = heap.removeMin()
            parent[a.id] = next
            parent[b.id] = next
            heap.insert(Node(weight: a.weight + b.weight, id: next))
            next += 1
        }
        // Parents come after their children: depths from the root down.
        var depth = [Int](repeating: 0, count: parent.count)
        for k in stride(from: parent.count - 2, through: 0, by: -1) { depth[k] = depth[parent[k]] + 1 }
        return Array(depth[0..<weights.count])
    }

    /// The UTF-8 bytes of `scalar` (the first in the lowest byte) and their count.
    private static func utf8(of scalar: UInt32) -> (UInt32, UInt8) {
        switch scalar {
        case ..<0x80: return (scalar, 1)
        case ..<0x800: return (0xC0 | scalar >> 6 | (0x80 | scalar & 0x3F) << 8, 2)
        case ..<0x10000: return (0xE0 | scalar >> 12 | (0x80 | scalar >> 6 & 0x3F) << 8 | (0x80 | scalar & 0x3F) << 16, 3)
        default:
            return (0xF0 | scalar >> 18 | (0x80 | scalar >> 12 & 0x3F) << 8 | (0x80 | scalar >> 6 & 0x3F) << 16 | (0x80 | scalar & 0x3F) << 24, 4)
        }
    }

    /// The text coded in `coded`, whose UTF-8 is `utf8Count` bytes long. (Coded bytes that end
    /// early or hold no code — which `Encoder` never writes — leave the text shorter.)
    func decode(_ coded: UnsafeBufferPointer<UInt8>, utf8Count: Int) -> String {
        // Room for 8 bytes more than the text: a symbol's UTF-8 is then stored in one 8-byte
        // write (what lands past its bytes is overwritten by the next, or left out of the
        // String). (Not for a text that fits in a small String, which needs no allocation.)
        String(unsafeUninitializedCapacity: utf8Count > 15 ? utf8Count + 8 : utf8Count) { out in
            guard let base = out.baseAddress else { return 0 }
            var n = 0
            utf8.withUnsafeBufferPointer { utf8 in
                utf8Counts.withUnsafeBufferPointer { utf8Counts in
                    forEachSymbol(coded) { s in
                        let count = Int(utf8Counts[s])
                        guard n + count <= utf8Count else { return false }
                        if n + 8 <= out.count {
                            UnsafeMutableRawPointer(base + n).storeBytes(of: utf8[s].littleEndian, as: UInt64.self)
                        } else {
                            var bytes = utf8[s]
                            for k in 0..<count {
                                base[n + k] = UInt8(truncatingIfNeeded: bytes)
                                bytes >>= 8
                            }
                        }
                        n += count
                        return n < utf8Count
                    }
                }
            }
            return n
        }
    }

    /// Calls `body` with each scalar coded in `coded` while it returns true, until the bytes end.
    func forEachScalar(_ coded: UnsafeBufferPointer<UInt8>, utf8Count: Int, _ body: (UInt32) -> Void) {
        var n = 0
        guard utf8Count > 0 else { return }
        forEachSymbol(coded) { s in
            let symbol = symbols[s]
            body(symbol.first)
            if symbol.isPair { body(symbol.second) }
            n += Int(utf8Counts[s])
            return n < utf8Count
        }
    }

    /// The UTF-8 bytes of symbol `s` (its index in `symbols`).
    func utf8Count(ofSymbol s: Int) -> Int { Int(utf8Counts[s]) }

    /// Calls `body` with the index of each symbol coded in `coded` while it returns true and
    /// whole codes remain (the zero padding of the last byte is never taken for one).
    @inline(__always)
    func forEachSymbol(_ coded: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Bool) {
        table.withUnsafeBufferPointer { table in
            // `buffer` holds `bits` unread bits at its top.
            var buffer: UInt64 = 0, bits = 0, i = 0
            let count = coded.count
            while true {
                while bits <= 56 && i < count {
                    buffer |= UInt64(coded[i]) << (56 - bits)
                    bits += 8
                    i += 1
                }
                if bits == 0 { return }
                let entry = table[Int(buffer >> (64 - Self.tableBits))]
                var symbol: Int, length: Int
                if entry != 0 {
                    symbol = Int(entry >> 5)
                    length = Int(entry & 31)
                } else {
                    // A longer code: its length is the first whose codes reach it.
                    length = Self.tableBits + 1
                    symbol = -1
                    while length <= Self.maxLength {
                        let value = UInt32(truncatingIfNeeded: buffer >> (64 - length))
                        let offset = Int64(value) - Int64(firstCode[length])
                        if offset >= 0 && offset < Int64(lengthCounts[length]) {
                            symbol = Int(firstSymbol[length]) + Int(offset)
                            break
                        }
                        length += 1
                    }
                    if symbol < 0 { return }
                }
                guard length <= bits else { return }
                buffer <<= UInt64(length)
                bits -= length
                if !body(symbol) { return }
            }
        }
    }
}
