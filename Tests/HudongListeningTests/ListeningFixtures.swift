import HudongListening
import HudongText

/// Shared, lazily built fixtures: the folding tables are built once per test process.
enum ListeningFixtures {
    static let folding: ScanFolding = {
        do { return try ScanFolding.standard() } catch { fatalError("ICU folding unavailable: \(error)") }
    }()

    /// The repository root, from this file's path.
    static let root: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    /// The lines of a corpus file under `corpora/`.
    static func lines(_ name: String) throws -> [String] {
        let bytes = try FileBytes.read(path: root + "/corpora/" + name)
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

/// A small deterministic generator (SplitMix64) so property tests are repeatable.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
