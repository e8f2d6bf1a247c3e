/// The scanner's view of one text: folded, noise removed, each unit mapped to original bytes.
///
/// A reusable buffer: `ScanFolding.fold(_:into:)` overwrites it for each text, keeping its
/// capacity, so scanning allocates nothing once the buffers have grown to the longest text.
/// Unit `i` came from the original UTF-8 bytes `byteStart[i]..<byteEnd[i]` (several units share
/// a range when one original character folds to several, or a chunk folds as a whole).
public struct FoldedView: Sendable {
    /// Storage; only the first `count` entries are meaningful.
    var unitStore: [UInt16] = []
    /// The scanner's character class of each unit (0 when folded without a scanner).
    var classStore: [UInt16] = []
    var startStore: [Int32] = []
    var endStore: [Int32] = []
    /// Number of units.
    public internal(set) var count = 0

    /// An empty view, to pass to `ScanFolding.fold(_:into:)`.
    public init() {}

    /// Folded, denoised UTF-16 units (a copy; for display and tests).
    public var units: [UInt16] { Array(unitStore[0..<count]) }
    /// For each unit, the first original UTF-8 byte it came from (a copy).
    public var byteStart: [Int32] { Array(startStore[0..<count]) }
    /// For each unit, one past the last original UTF-8 byte it came from (a copy).
    public var byteEnd: [Int32] { Array(endStore[0..<count]) }

    /// The folded, denoised text as a `String` (for display and tests).
    public var string: String { String(decoding: unitStore[0..<count], as: UTF16.self) }

    /// Unit `index`.
    @inline(__always)
    func unit(_ index: Int) -> UInt16 { unitStore[index] }

    /// Makes room for `capacity` units without changing the content.
    mutating func reserve(_ capacity: Int) {
        guard unitStore.count < capacity else { return }
        let size = max(capacity, unitStore.count * 2)
        unitStore += repeatElement(0, count: size - unitStore.count)
        classStore += repeatElement(0, count: size - classStore.count)
        startStore += repeatElement(0, count: size - startStore.count)
        endStore += repeatElement(0, count: size - endStore.count)
    }

    /// Appends one unit (slow path; the fast path writes through pointers).
    mutating func append(_ unit: UInt16, class characterClass: UInt16, start: Int, end: Int) {
        reserve(count + 1)
        unitStore[count] = unit
        classStore[count] = characterClass
        startStore[count] = Int32(truncatingIfNeeded: start)
        endStore[count] = Int32(truncatingIfNeeded: end)
        count += 1
    }

    /// Whether a gap (noise or a removed character) separates unit `index - 1` from unit `index`.
    @inline(__always)
    func gapBefore(_ index: Int) -> Bool {
        index == 0 || startStore[index] > endStore[index - 1]
    }
}

extension ScanFolding {
    /// Folds `text` like `TextFolding.apply`, drops noise, and writes the result into `view`.
    ///
    /// Cost: one table lookup per character for the common characters; the slow path (see the
    /// type's summary) costs one `TextFolding.apply` per chunk.
    public func fold(_ text: String, into view: inout FoldedView) {
        codes.withUnsafeBufferPointer { codes in
            fold(text, into: &view, codes: codes, classOf: nil)
        }
    }

    /// Folds `text` with a scanner's code table (folded unit and class per character) and class
    /// table (for units from the slow path).
    func fold(_ text: String, into view: inout FoldedView, codes: UnsafeBufferPointer<UInt32>,
              classOf: UnsafeBufferPointer<UInt16>?) {
        view.count = 0
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            fold(utf8: bytes, into: &view, codes: codes, classOf: classOf)
        }
        if done == nil {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { fold(utf8: $0, into: &view, codes: codes, classOf: classOf) }
        }
    }

    /// Folds valid UTF-8 (a `String`'s bytes) into the empty `view`.
    func fold(utf8 bytes: UnsafeBufferPointer<UInt8>, into view: inout FoldedView, codes: UnsafeBufferPointer<UInt32>,
              classOf: UnsafeBufferPointer<UInt16>?) {
        var position = 0
        while position < bytes.count {
            let stop = foldFast(bytes, from: position, into: &view, codes: codes)
            guard stop.position < bytes.count else { break }
            position = foldSlowChunk(bytes, at: stop.position, previousFast: stop.previousFast,
                                     previousOutputs: stop.previousOutputs, into: &view, classOf: classOf)
        }
    }

    /// The fast loop: folds characters through the table until the end or a character that needs
    /// the slow path; returns where it stopped and where the character before it started.
    private func foldFast(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into view: inout FoldedView,
                          codes: UnsafeBufferPointer<UInt32>) -> (position: Int, previousFast: Int, previousOutputs: Int) {
        let count = bytes.count
        // One unit per byte at most on the fast path.
        view.reserve(view.count + count - start + 1)
        var n = view.count
        var i = start
        var previousFast = -1
        var previousOutputs = 0
        view.unitStore.withUnsafeMutableBufferPointer { units in
            view.classStore.withUnsafeMutableBufferPointer { classes in
                view.startStore.withUnsafeMutableBufferPointer { starts in
                    view.endStore.withUnsafeMutableBufferPointer { ends in
                        while i < count {
                            let lead = bytes[i]
                            let unit: Int
                            let width: Int
                            if lead < 0x80 {
                                unit = Int(lead); width = 1
                            } else if lead < 0xE0 {
                                unit = Int(lead & 0x1F) << 6 | Int(bytes[i &+ 1] & 0x3F); width = 2
                            } else if lead < 0xF0 {
                                unit = Int(lead & 0x0F) << 12 | Int(bytes[i &+ 1] & 0x3F) << 6 | Int(bytes[i &+ 2] & 0x3F)
                                width = 3
                            } else {
                                break
                            }
                            let code = codes[unit]
                            let mapped = UInt16(truncatingIfNeeded: code)
                            if mapped >= ScanFolding.skip {
                                if mapped == ScanFolding.slow { break }
                                previousFast = i
                                previousOutputs = 0
                                i &+= width
                                continue
                            }
                            units[n] = mapped
                            classes[n] = UInt16(truncatingIfNeeded: code >> 16)
                            starts[n] = Int32(truncatingIfNeeded: i)
                            ends[n] = Int32(truncatingIfNeeded: i &+ width)
                            n &+= 1
                            previousFast = i
                            previousOutputs = 1
                            i &+= width
                        }
                    }
                }
            }
        }
        view.count = n
        return (i, previousFast, previousOutputs)
    }

    /// The slow path at `position`: the previous fast character (it may compose with this one),
    /// this character, and every following character up to the next fast one, folded together.
    /// Returns where the fast loop resumes.
    private func foldSlowChunk(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, previousFast: Int,
                               previousOutputs: Int, into view: inout FoldedView, classOf: UnsafeBufferPointer<UInt16>?) -> Int {
        let count = bytes.count
        var chunkStart = position
        if previousFast >= 0 {
            chunkStart = previousFast
            view.count -= previousOutputs
        }
        var j = position
        var first = true
        while j < count {
            let next = bytes[j]
            let width = next < 0x80 ? 1 : next < 0xE0 ? 2 : next < 0xF0 ? 3 : 4
            if !first, width < 4 {
                var u = Int(next)
                if width == 2 { u = Int(next & 0x1F) << 6 | Int(bytes[j + 1] & 0x3F) }
                if width == 3 { u = Int(next & 0x0F) << 12 | Int(bytes[j + 1] & 0x3F) << 6 | Int(bytes[j + 2] & 0x3F) }
                if table[u] != ScanFolding.slow { break }
            }
            first = false
            j += width
        }
        let chunk = UnsafeBufferPointer(rebasing: bytes[chunkStart..<j])
        let normalized = folding.apply(String(decoding: chunk, as: UTF8.self))
        for (k, unit) in normalized.units.enumerated() where !isNoise(unit) {
            let startScalar = Int(normalized.sourceStart[k])
            let endScalar = Int(normalized.sourceEnd[k])
            view.append(unit, class: classOf?[Int(unit)] ?? 0,
                        start: chunkStart + Int(normalized.utf8OffsetOfScalar[startScalar]),
                        end: chunkStart + Int(normalized.utf8OffsetOfScalar[endScalar]))
        }
        return j
    }

    /// The code table of a scanner: for each BMP unit, its folded unit (low 16 bits, or the
    /// `skip`/`slow` markers) and the class of that unit in `classOf` (high 16 bits).
    func codes(classOf: [UInt16]) -> [UInt32] {
        table.map { mapped in
            mapped >= ScanFolding.skip ? UInt32(mapped) : UInt32(classOf[Int(mapped)]) << 16 | UInt32(mapped)
        }
    }

    /// The folded, denoised units of `text` (how a keyword is compared).
    public func foldedUnits(_ text: String) -> [UInt16] {
        var view = FoldedView()
        fold(text, into: &view)
        return view.units
    }
}
