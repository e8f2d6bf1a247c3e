import Synchronization

/// Per-character folding tables for the Basic Multilingual Plane, derived once from ICU.
///
/// An immutable constant of the process (like ICU's own normalizer instance): built on first use
/// in about 30 ms, then shared read-only by every analyzer on every thread.
final class UnicodeFoldingTables: Sendable {
    /// Marker in `simpleMapping`: the character needs ICU (expands, composes or is a surrogate).
    static let complex: UInt16 = 0xFFFF
    /// Marker in `simpleMapping`: the character folds to nothing (default-ignorable).
    static let removed: UInt16 = 0xFFFE

    /// NFKC-casefold of each BMP unit when it is one unit, else `complex` or `removed`.
    let simpleMapping: [UInt16]
    /// Whether each BMP unit starts a normalization chunk (bit set = boundary before).
    let boundaryBefore: [UInt64]
    /// Whether each BMP unit is a letter or digit (ICU `alnum`); surrogates count as letters.
    let wordUnits: [UInt64]
    /// Simplified form of each Traditional BMP ideograph; 0 where the character does not change.
    let simplified: [UInt16]
    /// Number of BMP ideographs whose simplified form is not one character (left unchanged).
    let multiCharacterSimplifications: Int
    let icu: ICUCaseFoldNormalizer

    private static let cache = Mutex<UnicodeFoldingTables?>(nil)

    /// The process-wide tables, built on first call.
    static func shared() throws(TextError) -> UnicodeFoldingTables {
        let result: Result<UnicodeFoldingTables, TextError> = cache.withLock { cached in
            if let cached { return .success(cached) }
            do {
                let built = try UnicodeFoldingTables()
                cached = built
                return .success(built)
            } catch let error as TextError {
                return .failure(error)
            } catch {
                return .failure(.icu(operation: "building folding tables", status: "\(error)"))
            }
        }
        return try result.get()
    }

    private init() throws(TextError) {
        let icu = try ICUCaseFoldNormalizer()
        self.icu = icu
        var mapping = [UInt16](repeating: UnicodeFoldingTables.complex, count: 0x10000)
        var boundary = [UInt64](repeating: 0, count: 0x10000 / 64)
        var word = [UInt64](repeating: 0, count: 0x10000 / 64)
        var out: [UInt16] = []
        out.reserveCapacity(32)
        for u in 0..<0x10000 {
            if icu.hasBoundaryBefore(UInt32(u)) { boundary[u >> 6] |= 1 << UInt64(u & 63) }
            if (0xD800..<0xE000).contains(u) || ICUProperties.isAlphanumeric(UInt32(u)) { word[u >> 6] |= 1 << UInt64(u & 63) }
            if (0xD800..<0xE000).contains(u) { continue }
            if u < 0x80 {
                mapping[u] = (0x41...0x5A).contains(u) ? UInt16(u + 0x20) : UInt16(u)
                continue
            }
            if (0x4E00...0x9FFF).contains(u) || (0x3400...0x4DBF).contains(u) {
                mapping[u] = UInt16(u)
                continue
            }
            out.removeAll(keepingCapacity: true)
            var unit = UInt16(u)
            withUnsafePointer(to: &unit) { icu.normalize(UnsafeBufferPointer(start: $0, count: 1), appendingTo: &out) }
            if out.isEmpty {
                mapping[u] = UnicodeFoldingTables.removed
            } else if out.count == 1, out[0] < 0xD800 || out[0] >= 0xE000, out[0] < 0xFFFE {
                mapping[u] = out[0]
            }
        }
        // Emoji joiners take the slow path, which keeps them inside emoji sequences.
        for joiner in [0x200D, 0xFE0E, 0xFE0F] { mapping[joiner] = UnicodeFoldingTables.complex }
        simpleMapping = mapping
        boundaryBefore = boundary
        wordUnits = word
        (simplified, multiCharacterSimplifications) = try UnicodeFoldingTables.buildSimplifiedTable()
    }

    @inline(__always)
    func startsChunk(_ unit: UInt16) -> Bool {
        boundaryBefore[Int(unit) >> 6] & (1 << UInt64(unit & 63)) != 0
    }

    @inline(__always)
    func isWordUnit(_ unit: UInt16) -> Bool {
        wordUnits[Int(unit) >> 6] & (1 << UInt64(unit & 63)) != 0
    }

    /// Zero-width joiner, variation selectors 15/16, combining keycap, skin-tone halves of emoji sequences.
    @inline(__always)
    static func isEmojiJoiner(_ unit: UInt16) -> Bool {
        unit == 0x200D || unit == 0xFE0F || unit == 0xFE0E || unit == 0x20E3
    }

    /// Runs every BMP ideograph through ICU's Traditional-Simplified transform, one line each.
    private static func buildSimplifiedTable() throws(TextError) -> ([UInt16], Int) {
        let transform = try ICUTransliterator(id: "Traditional-Simplified")
        var ideographs: [UInt16] = []
        for u in 0x3400..<0xA000 where ICUProperties.isIdeographic(UInt32(u)) { ideographs.append(UInt16(u)) }
        for u in 0xF900..<0xFB00 where ICUProperties.isIdeographic(UInt32(u)) { ideographs.append(UInt16(u)) }
        var input: [UInt16] = []
        input.reserveCapacity(ideographs.count * 2)
        for u in ideographs { input.append(u); input.append(0x0A) }
        let output = transform.transliterate(input)
        let lines = output.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count >= ideographs.count else {
            throw .icu(operation: "Traditional-Simplified table", status: "unexpected output length")
        }
        var table = [UInt16](repeating: 0, count: 0x10000)
        var multi = 0
        for (u, line) in zip(ideographs, lines) {
            if line.count == 1, let simplifiedUnit = line.first {
                if simplifiedUnit != u { table[Int(u)] = simplifiedUnit }
            } else {
                multi += 1
            }
        }
        return (table, multi)
    }
}
