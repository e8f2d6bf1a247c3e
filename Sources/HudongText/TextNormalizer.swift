/// One folding stage of the analysis pipeline: rewrites a `NormalizedText` in place.
///
/// A stage must keep `sourceStart`/`sourceEnd` in step with `units`, so offsets into the
/// original text stay right whatever it folds.
public protocol TextNormalizer: Sendable {
    /// Folds `text` in place.
    func normalize(_ text: inout NormalizedText)
}

/// NFKC compatibility folding plus Unicode case folding, through ICU.
///
/// Full-width letters, digits and punctuation become half-width (`ＸＢＯＸ` → `xbox`), the
/// ideographic space becomes a space, compatibility forms are expanded (`①` → `1`) and letters
/// are case-folded. Default-ignorable characters are dropped, except the zero-width joiner and
/// variation selectors inside an emoji sequence, which stay so the emoji survives whole.
///
/// Cost: one table lookup per UTF-16 unit for the Basic Multilingual Plane characters that fold
/// to one unit on their own (ASCII, CJK ideographs, full-width forms, CJK punctuation…); ICU is
/// called only for the rest (combining sequences, supplementary planes, expansions).
public struct CompatibilityCaseFolding: TextNormalizer {
    private let tables: UnicodeFoldingTables

    /// Creates the stage over the process-wide folding tables (built from ICU on first use).
    public init() throws(TextError) {
        tables = try UnicodeFoldingTables.shared()
    }

    public func normalize(_ text: inout NormalizedText) {
        let count = text.units.count
        guard count > 0 else { return }
        let tables = self.tables
        // Phase 1, in place: while every character folds to one unit on its own (the common case for
        // Chinese text: ideographs, ASCII, full-width forms), rewrite the units where they are.
        let firstComplex: Int = tables.simpleMapping.withUnsafeBufferPointer { mapping in
            text.units.withUnsafeMutableBufferPointer { units in
                var i = 0
                while i < count {
                    let mapped = mapping[Int(units[i])]
                    guard mapped < UnicodeFoldingTables.removed, i + 1 == count || tables.startsChunk(units[i + 1]) else { return i }
                    units[i] = mapped
                    i += 1
                }
                return count
            }
        }
        guard firstComplex < count else { return }
        // Phase 2, from the first character that needs more: rebuild the units and their map.
        var units: [UInt16] = []
        var start: [Int32] = []
        var end: [Int32] = []
        units.reserveCapacity(count + 16)
        start.reserveCapacity(count + 16)
        end.reserveCapacity(count + 16)
        units.append(contentsOf: text.units[..<firstComplex])
        start.append(contentsOf: text.sourceStart[..<firstComplex])
        end.append(contentsOf: text.sourceEnd[..<firstComplex])
        text.units.withUnsafeBufferPointer { input in
            tables.simpleMapping.withUnsafeBufferPointer { mapping in
                var i = firstComplex
                while i < count {
                    let u = input[i]
                    // Fast path: a BMP character that folds to one unit and starts a normalization chunk
                    // that it alone makes up (the next unit starts a new chunk too).
                    let mapped = mapping[Int(u)]
                    if mapped != UnicodeFoldingTables.complex,
                       i + 1 == count || tables.startsChunk(input[i + 1]) {
                        if mapped != UnicodeFoldingTables.removed {
                            units.append(mapped)
                            start.append(text.sourceStart[i])
                            end.append(text.sourceEnd[i])
                        }
                        i += 1
                        continue
                    }
                    // Emoji joiners and variation selectors stay inside an emoji sequence.
                    if UnicodeFoldingTables.isEmojiJoiner(u), EmojiScanner.endsInEmoji(units) {
                        units.append(u)
                        start.append(text.sourceStart[i])
                        end.append(text.sourceEnd[i])
                        i += 1
                        continue
                    }
                    // Slow path: the whole normalization chunk through ICU, mapped to its source span.
                    var j = i + 1
                    while j < count,
                          !tables.startsChunk(input[j]) && !UnicodeFoldingTables.isEmojiJoiner(input[j])
                          || UTF16.isTrailSurrogate(input[j]) { j += 1 }
                    let before = units.count
                    tables.icu.normalize(UnsafeBufferPointer(rebasing: input[i..<j]), appendingTo: &units)
                    let s = text.sourceStart[i]
                    let e = text.sourceEnd[j - 1]
                    for _ in before..<units.count { start.append(s); end.append(e) }
                    i = j
                }
            }
        }
        text.units = units
        text.sourceStart = start
        text.sourceEnd = end
    }
}

/// Traditional → Simplified Chinese folding, from ICU's `Traditional-Simplified` transform.
///
/// ICU's transform is applied once per ideograph of the Basic Multilingual Plane when the tables
/// are built; analysis then replaces characters through that table, one lookup per unit, so text
/// with no Traditional character pays only the scan and never calls ICU. The mapping is one
/// character to one character, which keeps every offset exact.
public struct ChineseScriptFolding: TextNormalizer {
    private let tables: UnicodeFoldingTables

    /// Creates the stage over the process-wide folding tables (built from ICU on first use).
    public init() throws(TextError) {
        tables = try UnicodeFoldingTables.shared()
    }

    public func normalize(_ text: inout NormalizedText) {
        tables.simplified.withUnsafeBufferPointer { table in
            // Pre-check: most text has no Traditional character; then nothing is written.
            var first = -1
            text.units.withUnsafeBufferPointer { units in
                for (i, u) in units.enumerated() where u >= 0x3400 && table[Int(u)] != 0 {
                    first = i
                    break
                }
            }
            guard first >= 0 else { return }
            text.units.withUnsafeMutableBufferPointer { units in
                for i in first..<units.count {
                    let u = units[i]
                    if u >= 0x3400 {
                        let s = table[Int(u)]
                        if s != 0 { units[i] = s }
                    }
                }
            }
        }
    }

    /// Whether `text` contains a character this stage would change.
    public func hasTraditional(_ text: String) -> Bool {
        tables.simplified.withUnsafeBufferPointer { table in
            text.utf16.contains { $0 >= 0x3400 && table[Int($0)] != 0 }
        }
    }
}
