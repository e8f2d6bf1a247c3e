import HudongText
import Synchronization
import Testing

/// One analyzer shared by several threads gives what one thread gives, also while the user
/// dictionary changes under it (each analysis sees the change wholly or not at all).
@Suite("Concurrency")
struct ConcurrencyTests {
    static func sample(_ count: Int, seed: UInt64) throws -> [String] {
        let lines = try Fixtures.lines("reviews_zh.txt")
        return seededSample(of: lines.count, count: count, seed: seed).map { lines[$0] }
    }

    @Test("Eight tasks analyzing at once give the single-thread results")
    func parallelEqualsSerial() async throws {
        let analyzer = try Fixtures.analyzerWithStarterDictionary()
        let lines = try Self.sample(1_500, seed: 42)
        let serial = lines.map(analyzer.analyze)
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    // Each worker walks the lines from a different starting point.
                    var bad = 0
                    for k in 0..<lines.count {
                        let i = (k + worker * 187) % lines.count
                        if analyzer.analyze(lines[i]) != serial[i] { bad += 1 }
                    }
                    return bad
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test("While another task adds and removes terms, every result equals the before or the after analysis")
    func dictionaryChangesAreAtomic() async throws {
        let batch = ["京东", "客服", "性价比", "笔记本", "携程", "前台", "售后", "发货"]
        let all = try Fixtures.lines("reviews_zh.txt")
        let candidates = all.filter { line in batch.filter { line.contains($0) }.count >= 2 }

        let dictionary = try UserDictionary()
        let analyzer = try Analyzer.chinese(userDictionary: dictionary)
        let plain = candidates.map(analyzer.analyze)
        dictionary.update { for term in batch { $0.add(UserDictionary.Entry(term: term)) } }
        let merged = candidates.map(analyzer.analyze)
        dictionary.update { for term in batch { $0.remove(term) } }
        // Keep lines where the batch merges two or more tokens: a half-applied batch would give a third result.
        let kept = candidates.indices.filter { i in
            Set(terms(merged[i])).intersection(batch).subtracting(terms(plain[i])).count >= 2
        }.prefix(600)
        #expect(kept.count >= 200)
        let lines = kept.map { candidates[$0] }
        let before = kept.map { plain[$0] }
        let after = kept.map { merged[$0] }

        let done = Flag()
        let toggles = Counter()
        let results = await withTaskGroup(of: (bad: Int, sawBefore: Int, sawAfter: Int).self) { group in
            group.addTask {
                var present = false
                while !done.value.load(ordering: .acquiring) {
                    present.toggle()
                    let add = present
                    dictionary.update { changes in
                        for term in batch { if add { changes.add(UserDictionary.Entry(term: term)) } else { changes.remove(term) } }
                    }
                    toggles.value.add(1, ordering: .relaxed)
                    await Task.yield()
                }
                return (0, 0, 0)
            }
            for worker in 0..<3 {
                group.addTask {
                    var bad = 0, sawBefore = 0, sawAfter = 0
                    for round in 0..<4 {
                        for k in 0..<lines.count {
                            let i = (k + worker * 61 + round * 17) % lines.count
                            let result = analyzer.analyze(lines[i])
                            if result == before[i] { sawBefore += 1 } else if result == after[i] { sawAfter += 1 } else { bad += 1 }
                        }
                    }
                    return (bad, sawBefore, sawAfter)
                }
            }
            var total = (bad: 0, sawBefore: 0, sawAfter: 0)
            var finished = 0
            for await result in group {
                total.bad += result.bad; total.sawBefore += result.sawBefore; total.sawAfter += result.sawAfter
                finished += 1
                if finished == 3 { done.value.store(true, ordering: .releasing) }
            }
            return total
        }
        #expect(results.bad == 0)
        #expect(results.sawBefore + results.sawAfter == 3 * 4 * lines.count)
        #expect(toggles.value.load(ordering: .relaxed) > 0)
    }
}

/// Shared flags for the tasks of a test.
final class Flag: Sendable { let value = Atomic<Bool>(false) }
final class Counter: Sendable { let value = Atomic<Int>(0) }
