/// Coding texts in a `TextCode`: the encoder, the greedy split into characters and pairs,
/// and the bit writer.
extension TextCode {
    /// Codes texts in a `TextCode` (built once per pack).
    struct Encoder {
        let code: TextCode
        /// By `CompactText` unit — an ASCII byte (0–127), or 128 + a two-byte code — the
        /// Huffman code `code << 5 | length` of the unit alone, 0 for a unit without one.
        private var byUnit: [UInt32]
        /// The same by scalar for scalars `CompactText` escapes (never part of a pair).
        private var escaped: [UInt32: UInt32] = [:]
        /// By unit, whether it begins some pair: most do not, and skip the pair lookup.
        private var pairStarts: [Bool]
        /// The pairs' codes by their units, open addressing: `first << 48 | second << 32 | entry`,
        /// 0 for an empty slot (`pairMask` + 1 slots, at most half of them full).
        private var pairSlots: [UInt64]
        private let pairMask: Int

        /// Entries in `byUnit`.
        static let unitCount = 128 + 124 * 256

        init(_ code: TextCode) {
            self.code = code
            byUnit = [UInt32](repeating: 0, count: Self.unitCount)
            pairStarts = [Bool](repeating: false, count: Self.unitCount)
            var pairs: [(UInt64, UInt32)] = []
            for (s, symbol) in code.symbols.enumerated() {
                let entry = code.entry(ofSymbol: s)
                if symbol.isPair {
                    guard let a = Self.unit(of: symbol.first), let b = Self.unit(of: symbol.second) else { continue }
                    pairStarts[a] = true
                    pairs.append((UInt64(a) << 16 | UInt64(b), entry))
                } else if let unit = Self.unit(of: symbol.first) {
                    byUnit[unit] = entry
                } else {
                    escaped[symbol.first] = entry
                }
            }
            var size = 16
            while size < 2 * pairs.count { size *= 2 }
            pairMask = size - 1
            pairSlots = [UInt64](repeating: 0, count: size)
            for (key, entry) in pairs {
                var i = Self.hash(key) & pairMask
                while pairSlots[i] != 0 { i = (i + 1) & pairMask }
                pairSlots[i] = key << 32 | UInt64(entry)
            }
        }

        @inline(__always)
        private static func hash(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) }

        /// The code of the pair of units `a` `b`, 0 when they are not one.
        @inline(__always)
        private func pairEntry(_ a: Int, _ b: Int, _ slots: UnsafeBufferPointer<UInt64>) -> UInt32 {
            let key = UInt64(a) << 16 | UInt64(b)
            var i = Self.hash(key) & pairMask
            while true {
                let slot = slots[i]
                if slot == 0 { return 0 }
                if slot >> 32 == key { return UInt32(truncatingIfNeeded: slot) }
                i = (i + 1) & pairMask
            }
        }

        /// The `byUnit` index of `scalar`, nil when `CompactText` escapes it.
        @inline(__always)
        static func unit(of scalar: UInt32) -> Int? {
            if scalar < 0x80 { return Int(scalar) }
            return CompactText.code(of: scalar).map { 128 + Int($0) }
        }

        /// Appends the code of the scalars `scalars` calls its argument with to `out`; false
        /// (and `out` as it was) when one of them has no code.
        func encode(into out: inout [UInt8], _ scalars: ((UInt32) -> Void) -> Void) -> Bool {
            let start = out.count
            var writer = BitWriter(), missing = false
            var parser = PairParser()
            pairSlots.withUnsafeBufferPointer { slots in
                scalars { scalar in
                    let unit = Self.unit(of: scalar) ?? -1
                    parser.take(unit, scalar, self, slots) { entry in
                        if entry == 0 { missing = true } else { writer.put(entry) { out.append($0) } }
                    }
                }
                parser.finish(self) { entry in
                    if entry == 0 { missing = true } else { writer.put(entry) { out.append($0) } }
                }
            }
            if missing {
                out.removeSubrange(start...)
                return false
            }
            writer.finish { out.append($0) }
            return true
        }

        /// Codes the `CompactText` bytes `compact` into `out`, which must hold 3 × `compact.count`
        /// bytes (no code is over 24 bits, no `CompactText` unit under a byte); the bytes
        /// written, nil when a character has no code.
        func encode(compact: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int? {
            var writer = BitWriter(), n = 0, missing = false
            var parser = PairParser()
            pairSlots.withUnsafeBufferPointer { slots in
                CompactText.forEachUnit(compact) { unit, scalar in
                    parser.take(unit, scalar, self, slots) { entry in
                        if entry == 0 { missing = true } else { writer.put(entry) { out[n] = $0; n += 1 } }
                    }
                }
                parser.finish(self) { entry in
                    if entry == 0 { missing = true } else { writer.put(entry) { out[n] = $0; n += 1 } }
                }
            }
            if missing { return nil }
            writer.finish { out[n] = $0; n += 1 }
            return n
        }

        /// Codes the `CompactText` bytes `compact` at the end of `arena`, through `scratch`
        /// (grown as needed, kept for the next text); the bytes appended, nil — nothing
        /// appended — when a character has no code.
        func encode(compact: UnsafeBufferPointer<UInt8>, appendingTo arena: inout ByteArena, scratch: inout [UInt8]) -> Int? {
            // (A `CompactText` unit is at least a byte and its code at most 3.)
            if scratch.count < 3 * compact.count + 8 { scratch = [UInt8](repeating: 0, count: 3 * compact.count + 8) }
            guard let n = scratch.withUnsafeMutableBufferPointer({ encode(compact: compact, into: $0.baseAddress!) }) else { return nil }
            scratch.withUnsafeBytes { arena.append(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
            return n
        }

        /// The code of one unit alone (`unit` < 0: an escaped `scalar`), 0 when it has none.
        @inline(__always)
        fileprivate func single(_ unit: Int, _ scalar: UInt32) -> UInt32 {
            unit >= 0 ? byUnit[unit] : escaped[scalar] ?? 0
        }

        /// Whether `unit` begins some pair.
        @inline(__always)
        fileprivate func beginsPair(_ unit: Int) -> Bool { unit >= 0 && pairStarts[unit] }

        /// The pair code of `a` `b` (both units), 0 when they are not a pair.
        @inline(__always)
        fileprivate func pair(_ a: Int, _ b: Int, _ slots: UnsafeBufferPointer<UInt64>) -> UInt32 {
            b >= 0 ? pairEntry(a, b, slots) : 0
        }
    }

    /// Splits a text into symbols from its start, greedily: the unit held back and the next
    /// one as a pair when they are one, else the held one alone.
    private struct PairParser {
        /// A unit held back because it begins a pair (-1: none).
        var held = -1

        /// Takes the next unit (`unit` < 0: an escaped `scalar`), handing `emit` each
        /// symbol's code it completes (0 for a character without a code).
        @inline(__always)
        mutating func take(_ unit: Int, _ scalar: UInt32, _ encoder: Encoder, _ slots: UnsafeBufferPointer<UInt64>, _ emit: (UInt32) -> Void) {
            if held >= 0 {
                let entry = encoder.pair(held, unit, slots)
                if entry != 0 {
                    emit(entry)
                    held = -1
                    return
                }
                emit(encoder.single(held, 0))
                held = -1
            }
            if encoder.beginsPair(unit) { held = unit } else { emit(encoder.single(unit, scalar)) }
        }

        /// Hands `emit` the code of the unit still held, if any.
        @inline(__always)
        mutating func finish(_ encoder: Encoder, _ emit: (UInt32) -> Void) {
            if held >= 0 { emit(encoder.single(held, 0)) }
            held = -1
        }
    }

    /// Writes codes most significant bit first, a byte at a time.
    private struct BitWriter {
        var buffer: UInt64 = 0
        var bits = 0

        /// Writes the code of `entry` (`code << 5 | length`), handing each filled byte to `emit`.
        @inline(__always)
        mutating func put(_ entry: UInt32, _ emit: (UInt8) -> Void) {
            let length = Int(entry & 31)
            buffer = buffer << UInt64(length) | UInt64(entry >> 5)
            bits += length
            while bits >= 8 {
                bits -= 8
                emit(UInt8(truncatingIfNeeded: buffer >> UInt64(bits)))
            }
        }

        /// Hands the last, partly filled byte (zero-padded) to `emit`, if there is one.
        @inline(__always)
        func finish(_ emit: (UInt8) -> Void) {
            if bits > 0 { emit(UInt8(truncatingIfNeeded: buffer << UInt64(8 - bits))) }
        }
    }
}
