@testable import HudongIndex
import HudongTestSupport
import Testing

/// A full block is kept sealed (`SealedBlock`): smaller, its bounds rounded outward. Top-k
/// search skips by the sealed bounds, so they must still bound what the block holds.
@Suite("Sealed posting blocks")
struct SealedBlockTests {
    /// Blocks of random documents, with the edges: no time, times before 1970 and far past
    /// Int32's minutes, counts and lengths past UInt16.
    static func randomBlocks(seed: UInt64) -> [PostingBlock] {
        var rng = TestCorpus.Random(seed: seed)
        var blocks: [PostingBlock] = []
        for b in 0..<300 {
            var block = PostingBlock(start: PostingReaderState(documentBefore: Int32(b * 128 - 1), offset: Int32(b * 512), sliceLimit: Int32(b * 512 + 4096), level: 9))
            for d in 0..<Int.random(in: 1...128, using: &rng) {
                let time: Int64 = switch Int.random(in: 0..<20, using: &rng) {
                case 0: .min
                case 1: -Int64.random(in: 1...4_000_000_000, using: &rng)
                case 2: Int64.max - Int64.random(in: 0...100, using: &rng)
                default: 1_790_000_000 + Int64.random(in: 0...9_000_000, using: &rng)
                }
                let length = Int.random(in: 0..<50, using: &rng) == 0 ? Int32.random(in: 60_000...200_000, using: &rng) : Int32.random(in: 1...400, using: &rng)
                let signals = DocumentSignals(length: length, time: time, engagement: Float.random(in: 0...5, using: &rng),
                                              averageLength: Float.random(in: 20...120, using: &rng))
                let frequency = Int.random(in: 0..<50, using: &rng) == 0 ? Int32.random(in: 60_000...90_000, using: &rng) : Int32.random(in: 1...6, using: &rng)
                block.include(Int32(b * 128 + d), frequency: frequency, wholeWord: Bool.random(using: &rng), signals: signals)
            }
            blocks.append(block)
        }
        return blocks
    }

    @Test("a sealed block bounds at least what its block bounds, and not by much more")
    func sealedBoundsCover() {
        var tuned = RankingParameters()
        tuned.k1 = 1.7
        tuned.b = 0.4
        var checked = 0
        for block in Self.randomBlocks(seed: 41) {
            let sealed = SealedBlock(block)
            #expect(sealed.start == block.start && sealed.lastDocument == block.lastDocument)
            #expect(sealed.maxFrequency >= block.maxFrequency && sealed.minLength <= block.minLength && sealed.maxTime >= block.maxTime)
            #expect(sealed.maxEngagement >= block.maxEngagement && sealed.maxSaturation >= block.maxSaturation
                && sealed.minAverageLength <= block.minAverageLength && sealed.minAverageLength > 0)
            for ranking in [RankingParameters(), tuned] {
                for idf in [0.05, 0.7, 1.1, 2.4, 3.9, 6.4, 9.0] {
                    for (average, newest) in [(Double(block.minAverageLength), Int64(1_800_000_000)), (95, 1_799_000_000), (300, Int64.min)] {
                        let exact = block.scoreBound(ranking, idf: idf, averageLength: average, newest: newest)
                        let kept = sealed.scoreBound(ranking, idf: idf, averageLength: average, newest: newest)
                        #expect(kept >= exact, "idf \(idf) average \(average)")
                        // Float16 samples: within a thousandth; a minute of recency: far less.
                        #expect(kept <= exact + abs(exact) * 2e-3 + 1e-4, "idf \(idf) average \(average): \(kept) against \(exact)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 300 * 2 * 7 * 3)
    }

    @Test("sealing a block read back from a sealed one gives the same block (snapshots round-trip)")
    func sealingIsStable() {
        for block in Self.randomBlocks(seed: 43) {
            let sealed = SealedBlock(block)
            #expect(SealedBlock(sealed.block) == sealed)
        }
        #expect(MemoryLayout<SealedBlock>.stride == 48)
    }

    @Test("a sealed block's Float16 bits read as the Float that Float16 gives, for every bit pattern")
    func halfBitsReadExactly() {
        var mismatches: [UInt16] = []
        for bits in UInt16.min...UInt16.max {
            let expected = Float(Float16(bitPattern: bits)), read = SealedBlock.float(halfBits: bits)
            // (NaNs compare unequal to themselves: a NaN must read as a NaN.)
            if expected.isNaN ? !read.isNaN : read.bitPattern != expected.bitPattern { mismatches.append(bits) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }
}
