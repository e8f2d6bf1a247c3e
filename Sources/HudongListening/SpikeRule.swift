/// The statistics of a trailing baseline and the spike threshold drawn from them.
///
/// Formula (documented in `corpora/listening/README.md`): over the `B` windows before the
/// current one (windows with no mention count 0),
///
///     mean = Σ cᵢ / B,   σ = √(Σ (cᵢ − mean)² / B),   spread = max(σ, √mean, 1)
///     threshold = mean + k · spread
///
/// and the current window spikes when `count > threshold` and `count ≥ minimumCount`.
/// `√mean` is the standard deviation of a Poisson count with that mean: a quiet, flat series
/// (σ ≈ 0) still needs a jump well beyond chance; the floor of 1 keeps a series that was silent
/// (mean 0) from alerting on its first couple of mentions. `k` comes from `Sensitivity`:
/// low 4, medium 3, high 2.
public struct Baseline: Sendable, Hashable, Codable {
    /// Number of trailing windows (`B`).
    public var windows: Int
    /// Mean count of the trailing windows.
    public var mean: Double
    /// Population standard deviation (σ) of the trailing windows.
    public var standardDeviation: Double
    /// `max(σ, √mean, 1)`.
    public var spread: Double
    /// The sensitivity's multiplier.
    public var k: Double
    /// `mean + k · spread`.
    public var threshold: Double

    /// Computes the baseline of `counts` (the trailing windows, oldest first) for multiplier `k`.
    public init(counts: some Collection<Int>, k: Double) {
        let n = Double(max(counts.count, 1))
        let mean = Double(counts.reduce(0, +)) / n
        let variance = counts.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
        let deviation = variance.squareRoot()
        let spread = max(deviation, mean.squareRoot(), 1)
        self.windows = counts.count
        self.mean = mean
        self.standardDeviation = deviation
        self.spread = spread
        self.k = k
        self.threshold = mean + k * spread
    }

    /// Whether `count` is a spike against this baseline.
    public func isSpike(_ count: Int, minimumCount: Int) -> Bool {
        count >= minimumCount && Double(count) > threshold
    }
}

/// Formats item times for alerts and summaries: ISO 8601 in a fixed UTC offset.
public enum ListeningTime {
    /// `2024-11-13T20:00:00+08:00` for Unix seconds `seconds` shown at `offset` seconds east of UTC.
    public static func iso(_ seconds: Int64, offset: Int64) -> String {
        let local = seconds + offset
        let days = floorDivide(local, 86400)
        let secondOfDay = local - days * 86400
        let (year, month, day) = civil(fromDays: days)
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2))"
            + (offset == 0 ? "Z" : "\(sign)\(pad(magnitude / 3600, 2)):\(pad(magnitude % 3600 / 60, 2))")
    }

    /// Floor division (rounds toward negative infinity).
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Year, month, day of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
