import Testing
@testable import HudongStore

/// XXH64 against vectors computed with the reference libxxhash (0.8.1).
@Suite struct XXHashTests {
    @Test func referenceVectors() {
        #expect(XXHash64.hash(Array("".utf8)) == 0xEF46_DB37_51D8_E999)
        #expect(XXHash64.hash(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(XXHash64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        #expect(XXHash64.hash(Array("Hudong 互动".utf8)) == 0x4EA4_1B5A_1E9B_8603)
        let ramp = (0..<768).map { UInt8($0 % 256) }
        #expect(XXHash64.hash(ramp) == 0x8E03_C838_C596_036F)
        #expect(XXHash64.hash(Array(ramp[0..<100]), seed: 7) == 0x8065_3E7E_9B88_7CDD)
        #expect(XXHash64.hash(Array(ramp[0..<37]), seed: UInt64.max) == 0xC8CE_D3DB_E3BF_F419)
    }

    /// Streaming in uneven pieces gives the one-shot hash.
    @Test func streamingMatchesOneShot() {
        let bytes = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for pieces in [1, 3, 7, 31, 32, 33, 100, 4999] {
            var hasher = XXHash64(seed: 42)
            var at = 0
            var size = 1
            while at < bytes.count {
                let n = min(size, bytes.count - at)
                bytes[at..<(at + n)].withUnsafeBytes { hasher.update($0) }
                at += n
                size = size % pieces + 1
            }
            #expect(hasher.finalize() == XXHash64.hash(bytes, seed: 42))
        }
    }
}
