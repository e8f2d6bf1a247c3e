/// A full posting block as the pool keeps it: `PostingBlock`'s skip data and bounds in 48
/// bytes rather than 80 (at 1.03M posts there are about half a million full blocks).
///
/// Each bound is rounded the way that keeps it a bound: the envelope's samples, the highest
/// saturation and the highest engagement up to a Float16 (at most 1/1024 of themselves), the
/// smallest average length down to one, the newest time up to a whole minute (a minute of
/// recency's week-long half-life), the highest count to at most `UInt16.max` (which reads as
/// no bound), the fewest units to at most `UInt16.max` (a lower bound stays one). Only full
/// blocks are sealed: the open block a list is filling stays a `PostingBlock`, which every
/// document appended widens.
struct SealedBlock: Sendable, Equatable, BlockBounds {
    /// The envelope's eight samples as Float16 bit patterns, four to a word (first: they set
    /// the alignment).
    private var envelopeLow: UInt64
    private var envelopeHigh: UInt64
    /// The reader state at the block's first document, field by field (`start`).
    private var documentBefore: Int32
    private var offset: Int32
    private var sliceLimit: Int32
    /// The last document of the block.
    var lastDocument: Int32
    /// The newest time in minutes, rounded up; `Int32.min` when no document has a time,
    /// `Int32.max` when one is at or past that many minutes (after the year 6000).
    private var maxMinute: Int32
    /// Float16 bit patterns: the highest saturation and engagement rounded up, the smallest
    /// average length rounded down.
    private var saturationBits: UInt16
    private var engagementBits: UInt16
    private var averageLengthBits: UInt16
    private var mostOccurrences: UInt16
    private var fewestUnits: UInt16
    private var level: UInt8

    init(_ block: PostingBlock) {
        var low: UInt64 = 0, high: UInt64 = 0
        for k in 0..<8 {
            let bits = UInt64(Self.roundedUp(block.envelope.values[k]).bitPattern) << (UInt64(k & 3) * 16)
            if k < 4 { low |= bits } else { high |= bits }
        }
        envelopeLow = low
        envelopeHigh = high
        documentBefore = block.start.documentBefore
        offset = block.start.offset
        sliceLimit = block.start.sliceLimit
        precondition(block.start.level >= 0 && block.start.level <= Int32(UInt8.max), "a posting slice level past 255")
        level = UInt8(block.start.level)
        lastDocument = block.lastDocument
        maxMinute = Self.minute(roundingUp: block.maxTime)
        saturationBits = Self.roundedUp(block.maxSaturation).bitPattern
        engagementBits = Self.roundedUp(block.maxEngagement).bitPattern
        averageLengthBits = Self.roundedDown(block.minAverageLength).bitPattern
        mostOccurrences = UInt16(clamping: block.maxFrequency)
        fewestUnits = UInt16(clamping: block.minLength)
    }

    /// The block with its bounds widened as kept.
    var block: PostingBlock {
        var b = PostingBlock(start: start)
        for k in 0..<8 { b.envelope.values[k] = envelopeSample(k) }
        b.lastDocument = lastDocument
        b.maxFrequency = maxFrequency
        b.minLength = minLength
        b.maxTime = maxTime
        b.maxEngagement = maxEngagement
        b.maxSaturation = maxSaturation
        b.minAverageLength = minAverageLength
        return b
    }

    /// The reader state at the block's first document.
    var start: PostingReaderState {
        get { PostingReaderState(documentBefore: documentBefore, offset: offset, sliceLimit: sliceLimit, level: Int32(level)) }
        set {
            documentBefore = newValue.documentBefore
            offset = newValue.offset
            sliceLimit = newValue.sliceLimit
            precondition(newValue.level >= 0 && newValue.level <= Int32(UInt8.max), "a posting slice level past 255")
            level = UInt8(newValue.level)
        }
    }

    var maxSaturation: Float { Self.float(halfBits: saturationBits) }
    var maxEngagement: Float { Self.float(halfBits: engagementBits) }
    var minAverageLength: Float { Self.float(halfBits: averageLengthBits) }
    var maxFrequency: Int32 { mostOccurrences == .max ? .max : Int32(mostOccurrences) }
    var minLength: Int32 { Int32(fewestUnits) }
    /// (`Int32.max` minutes: some time at or past it, so no bound.)
    var maxTime: Int64 { maxMinute == .min ? .min : maxMinute == .max ? .max : Int64(maxMinute) * 60 }

    /// Envelope sample `k` (0..<8), as kept.
    @inline(__always)
    func envelopeSample(_ k: Int) -> Float {
        let word = k < 4 ? envelopeLow : envelopeHigh
        return Self.float(halfBits: UInt16(truncatingIfNeeded: word >> (UInt64(k & 3) * 16)))
    }

    func envelopeBound(weight: Double) -> Double {
        ScoreEnvelope.bound(weight: weight, maxSaturation: maxSaturation) { envelopeSample($0) }
    }

    /// The Float a Float16 bit pattern stands for, as `Float(Float16(bitPattern:))` gives it.
    /// A normal number's bits move over in a few instructions; a build for the baseline x86-64
    /// (no F16C) converts any Float16 by a library call, five of them per block bound.
    @inline(__always)
    static func float(halfBits bits: UInt16) -> Float {
        let exponent = UInt32(bits >> 10 & 0x1F)
        guard exponent != 0, exponent != 0x1F else { return Float(Float16(bitPattern: bits)) }  // zero, subnormal, ∞, NaN
        return Float(bitPattern: UInt32(bits & 0x8000) << 16 | (exponent + 112) << 23 | UInt32(bits & 0x3FF) << 13)
    }

    /// The largest Float16 at or below `value` (past Float16's range, its largest finite value).
    static func roundedDown(_ value: Float) -> Float16 {
        var half = Float16(value)
        if Float(half) > value { half = half.nextDown }
        return half
    }

    /// The smallest Float16 at or above `value` (−∞ stays −∞; past Float16's range, +∞).
    static func roundedUp(_ value: Float) -> Float16 {
        var half = Float16(value)
        if Float(half) < value { half = half.nextUp }
        return half
    }

    /// `time` (Unix seconds) in whole minutes, rounded up; `Int32.min` for no time
    /// (`Int64.min`); a time before Int32's minutes clamped upward, one past them `Int32.max`.
    static func minute(roundingUp time: Int64) -> Int32 {
        if time == .min { return .min }
        if time > (Int64(Int32.max) - 1) * 60 { return .max }
        let minutes = time >= 0 ? (time + 59) / 60 : time / 60  // (division truncates: up, below zero)
        return Int32(max(minutes, Int64(Int32.min) + 1))
    }
}
