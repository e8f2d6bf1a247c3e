@testable import HudongIndex
import Testing

/// The items' times in 4 bytes each (`ItemTimes`) read back as the 8-byte times they were,
/// inside the offsets' range, at its edges and far outside it.
@Suite("Item times")
struct ItemTimesTests {
    @Test("appended and replaced times read back exactly, no time and times outside 1931–2068 included")
    func readsBackExactly() {
        let epoch = ItemTimes.epoch, edge = Int64(Int32.max)
        let special: [Int64] = [Int64.min, Int64.min + 1, Int64.max, 0, -1, 1_793_000_000, epoch, epoch + edge, epoch + edge + 1,
                                epoch - edge, epoch - edge + 1, epoch - edge - 1, epoch + Int64(Int32.min), epoch + Int64(Int32.min) + 1,
                                epoch + Int64(Int32.min) + 2, 253_402_300_799, -62_135_596_800]
        var rng = TestCorpus.Random(seed: 17)
        var reference: [Int64] = special
        for _ in 0..<2_000 {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: reference.append(special[Int.random(in: 0..<special.count, using: &rng)])
            case 1: reference.append(Int64.random(in: Int64.min...Int64.max, using: &rng))
            default: reference.append(epoch + Int64.random(in: -3_000_000_000...3_000_000_000, using: &rng))
            }
        }
        var times = ItemTimes(reference)
        #expect(times.count == reference.count)
        var wrong = zip(times, reference).filter { $0 != $1 }.count
        #expect(wrong == 0)
        // Replacing moves a time into and out of the side table.
        for _ in 0..<3_000 {
            let i = Int.random(in: 0..<reference.count, using: &rng)
            let t = Bool.random(using: &rng) ? special[Int.random(in: 0..<special.count, using: &rng)] : epoch + Int64.random(in: -4_000_000_000...4_000_000_000, using: &rng)
            times[i] = t
            reference[i] = t
        }
        wrong = zip(times, reference).filter { $0 != $1 }.count
        #expect(wrong == 0)
        #expect(times == ItemTimes(reference) && times != ItemTimes(reference.dropLast()))
        // Four bytes a time, and a side-table entry only for those outside the range.
        func fits(_ t: Int64) -> Bool {
            let (offset, overflow) = t.subtractingReportingOverflow(epoch)
            return t == Int64.min || (!overflow && offset > Int64(Int32.min) + 1 && offset <= Int64(Int32.max))
        }
        let outside = reference.filter { !fits($0) }.count
        #expect(ItemTimes(reference.filter(fits)).memoryBytes <= reference.count * 4 + 64)
        #expect(outside > 100)
    }
}
