import HudongText

/// The analyzer's folding (`TextFolding`), turned into a per-character table for the scanner,
/// plus noise removal.
///
/// Built once by running every Basic Multilingual Plane character through `TextFolding` alone
/// (one call over a 190 K-unit text, about 30–60 ms): a character that folds to one unit (or to
/// nothing) by itself and starts a normalization chunk is looked up in the table at scan time; any
/// other character (combining marks, Hangul jamo, characters that expand such as `ß` → `ss`,
/// supplementary-plane characters such as emoji) sends its whole chunk, with the character before
/// it, through `TextFolding`. Both paths give the units `TextFolding.apply` gives for the whole
/// text; `NoiseCharacters` are then dropped.
///
/// Immutable and `Sendable`: build one and share it between scanners and threads.
public final class ScanFolding: Sendable {
    /// Table marker: the character needs the slow path.
    static let slow: UInt16 = 0xFFFF
    /// Table marker: the character folds to nothing or to noise.
    static let skip: UInt16 = 0xFFFE

    /// The folding this table was derived from (used on the slow path).
    public let folding: TextFolding
    /// For each BMP unit: its folded unit, `skip` or `slow`.
    let table: [UInt16]
    /// `table` widened to the scanner's code format, with every class 0 (folding without a scanner).
    let codes: [UInt32]
    /// One bit per folded BMP unit: set when the unit is noise.
    let noiseBits: [UInt64]

    /// Derives the table from `folding` (the analyzer's, normally `TextFolding.standard()`).
    public init(folding: TextFolding) {
        self.folding = folding
        var noise = [UInt64](repeating: 0, count: 0x10000 / 64)
        for unit in NoiseCharacters.units { noise[Int(unit) >> 6] |= 1 << UInt64(unit & 63) }
        self.noiseBits = noise
        let table = ScanFolding.buildTable(folding: folding, noise: noise)
        self.table = table
        self.codes = table.map { UInt32($0) }
    }

    /// The standard folding (`TextFolding.standard()`: NFKC + case folding, Traditional → Simplified).
    public static func standard() throws(ListeningError) -> ScanFolding {
        do {
            return ScanFolding(folding: try TextFolding.standard())
        } catch {
            throw .text(error)
        }
    }

    /// Whether the folded unit is noise.
    @inline(__always)
    func isNoise(_ unit: UInt16) -> Bool {
        noiseBits[Int(unit) >> 6] & (1 << UInt64(unit & 63)) != 0
    }

    /// Folds each character alone, separated by line feeds, and keeps what maps cleanly.
    private static func buildTable(folding: TextFolding, noise: [UInt64]) -> [UInt16] {
        var table = [UInt16](repeating: slow, count: 0x10000)
        var scalars = String.UnicodeScalarView()
        var codes: [UInt16] = []
        for code in 0..<0x10000 where !(0xD800..<0xE000).contains(code) {
            guard let scalar = Unicode.Scalar(UInt32(code)) else { continue }
            scalars.append(scalar)
            scalars.append("\n")
            codes.append(UInt16(code))
        }
        let folded = folding.apply(String(scalars))
        // Original scalar 2k is codes[k]; 2k+1 is its line feed.
        var outputsOf = [Int32](repeating: 0, count: codes.count)
        var unitOf = [UInt16](repeating: 0, count: codes.count)
        var clean = [Bool](repeating: true, count: codes.count)
        for index in 0..<folded.units.count {
            let start = Int(folded.sourceStart[index])
            let end = Int(folded.sourceEnd[index])
            if end - start == 1 {
                guard start % 2 == 0 else { continue }   // a line feed's own output
                let k = start / 2
                outputsOf[k] += 1
                unitOf[k] = folded.units[index]
            } else {
                // Merged with a neighbour: the character does not fold alone.
                for scalar in start..<end where scalar % 2 == 0 { clean[scalar / 2] = false }
            }
        }
        for (k, code) in codes.enumerated() where clean[k] {
            switch outputsOf[k] {
            case 0:
                table[Int(code)] = skip
            case 1:
                let unit = unitOf[k]
                if unit >= 0xD800 && unit < 0xE000 || unit >= skip { continue }
                let isNoise = noise[Int(unit) >> 6] & (1 << UInt64(unit & 63)) != 0
                table[Int(code)] = isNoise ? skip : unit
            default:
                continue
            }
        }
        return table
    }
}
