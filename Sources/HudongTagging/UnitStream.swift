import HudongIndex
import HudongText

/// An item's index units as automaton symbols and positions, built straight from its analysis.
///
/// The same units, in the same order and at the same positions, as `UnitSequence` (the index's
/// definition, walked again here with its character classes so the tagger allocates nothing per unit): CJK characters one by
/// one, runs of other word characters and whole tokens (Latin words, numbers, URLs, emoji) as
/// one unit, hashtag and mention marks dropped, a punctuation gap between tokens advancing the
/// position by one. A token no pattern contains becomes `UnitAutomaton.breakSymbol`.
/// The tagger's property tests compare it against `ReferenceTagger`, which uses `UnitSequence`.
struct UnitStream {
    /// Symbols and positions of units `0..<count` (the arrays only grow, and are reused).
    private(set) var symbols: [UInt32] = []
    private(set) var positions: [Int32] = []
    private(set) var count = 0

    /// Refills the stream with the units of `analyzed`.
    mutating func build(_ analyzed: AnalyzedText, automaton: UnitAutomaton) {
        // At most one unit per UTF-16 unit of the folded text.
        let capacity = analyzed.normalized.units.count
        if symbols.count < capacity {
            symbols = [UInt32](repeating: 0, count: capacity * 2)
            positions = [Int32](repeating: 0, count: capacity * 2)
        }
        var count = 0
        symbols.withUnsafeMutableBufferPointer { symbols in
            positions.withUnsafeMutableBufferPointer { positions in
                var writer = Writer(symbols: symbols, positions: positions, automaton: automaton)
                writer.fill(analyzed)
                count = writer.count
            }
        }
        self.count = count
    }

    /// Writes units into the stream's buffers.
    private struct Writer {
        let symbols: UnsafeMutableBufferPointer<UInt32>
        let positions: UnsafeMutableBufferPointer<Int32>
        let automaton: UnitAutomaton
        var count = 0
        var position: Int32 = 0

        init(symbols: UnsafeMutableBufferPointer<UInt32>, positions: UnsafeMutableBufferPointer<Int32>, automaton: UnitAutomaton) {
            self.symbols = symbols
            self.positions = positions
            self.automaton = automaton
        }

        @inline(__always)
        mutating func append(_ symbol: UInt32) {
            symbols[count] = symbol
            positions[count] = position
            count += 1
            position += 1
        }

        mutating func fill(_ analyzed: AnalyzedText) {
            var previousEnd = 0
            analyzed.normalized.units.withUnsafeBufferPointer { buffer in
                analyzed.spans.withUnsafeBufferPointer { spans in
                    for t in spans.indices {
                        let range = spans[t].range
                        let kind = spans[t].kind
                        if count > 0, UnitSequence.hasPunctuation(buffer, previousEnd..<range.lowerBound) { position += 1 }
                        previousEnd = range.upperBound
                        switch kind {
                        case .cjkWord:
                            appendMixed(buffer, range)
                        case .latinWord where buffer[range].contains(0x20), .number where buffer[range].contains(0x20):
                            appendMixed(buffer, range)
                        case .hashtag, .mention:
                            var inner = (range.lowerBound + 1)..<range.upperBound
                            if kind == .hashtag, inner.upperBound > inner.lowerBound, buffer[inner.upperBound - 1] == 0x23 {
                                inner = inner.lowerBound..<(inner.upperBound - 1)
                            }
                            appendMixed(buffer, inner)
                        default:
                            append(automaton.hasTokens ? automaton.symbol(forToken: analyzed.term(at: t)) : UnitAutomaton.breakSymbol)
                        }
                    }
                }
            }
        }

        /// Units of a word, hashtag or mention: CJK characters one by one, runs of other word characters whole.
        mutating func appendMixed(_ buffer: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) {
            var i = range.lowerBound
            while i < range.upperBound {
                let u = buffer[i]
                if UnitSequence.isCJK(u) || UTF16.isLeadSurrogate(u) {
                    if UTF16.isLeadSurrogate(u), i + 1 < range.upperBound {
                        append(token(buffer, i..<(i + 2)))
                        i += 2
                    } else {
                        append(UInt32(u))
                        i += 1
                    }
                } else if UnitSequence.isWordUnit(u) {
                    var j = i + 1
                    while j < range.upperBound, UnitSequence.isWordUnit(buffer[j]), !UnitSequence.isCJK(buffer[j]) { j += 1 }
                    append(token(buffer, i..<j))
                    i = j
                } else {
                    i += 1
                }
            }
        }

        private func token(_ buffer: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> UInt32 {
            guard automaton.hasTokens else { return UnitAutomaton.breakSymbol }
            return automaton.symbol(forToken: String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF16.self))
        }
    }
}
