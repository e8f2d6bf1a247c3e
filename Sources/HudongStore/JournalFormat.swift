import HudongIndex

/// The journal's on-disk layout: segment files of length-prefixed, checksummed records.
///
/// A segment `journal-<20-digit number>.log` starts with a 32-byte header: magic `HUDONGJL`,
/// format (UInt32), flags (UInt32), segment number (UInt64), XXH64 of those 24 bytes. Then
/// records, each: mark `0x4345_5248` ("HREC", lets a reader find the next record after
/// damage), payload length (UInt32), kind (UInt32), payload, and XXH64 — seeded with the
/// segment number — of length, kind and payload. All integers little-endian. A reader knows a
/// torn tail (the last record runs past the end, or does not check out and nothing valid
/// follows) from damage in the middle (a valid record follows it).
enum JournalFormat {
    static let magic: [UInt8] = Array("HUDONGJL".utf8)
    static let version: UInt32 = 1
    static let headerSize = 32
    static let mark: UInt32 = 0x4345_5248
    static let recordOverhead = 20
    /// Largest payload accepted: a bound that stops a damaged length from reading garbage.
    static let maxPayload = 64 << 20

    static func segmentName(_ segment: UInt64) -> String { "journal-" + padded(segment) + ".log" }

    static func padded(_ n: UInt64) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// The segment number in a file name `journal-N.log`, or nil.
    static func segment(ofName name: String) -> UInt64? {
        guard name.hasPrefix("journal-"), name.hasSuffix(".log") else { return nil }
        return UInt64(name.dropFirst(8).dropLast(4))
    }

    static func header(segment: UInt64) -> [UInt8] {
        var out = BinaryWriter(capacity: headerSize)
        magic.withUnsafeBytes { out.append($0) }
        out.put(version)
        out.put(UInt32(0))
        out.put(segment)
        out.put(XXHash64.hash(out.bytes))
        return out.bytes
    }

    /// Appends one framed record.
    static func frame(_ record: JournalRecord, segment: UInt64, into out: inout BinaryWriter) {
        let start = out.count
        out.put(mark)
        out.put(UInt32(0))
        out.put(record.kind)
        record.encodePayload(to: &out)
        out.set(UInt32(out.count - start - 12), at: start + 4)
        let hash = out.withUnsafeBytes { XXHash64.hash(UnsafeRawBufferPointer(rebasing: $0[(start + 4)...]), seed: segment) }
        out.put(hash)
    }

    /// What the header of a segment says, or why it is unusable.
    enum HeaderCheck {
        case valid
        case torn
        case bad(String)
        case newer(UInt32)
    }

    static func checkHeader(_ bytes: [UInt8], segment: UInt64) -> HeaderCheck {
        guard bytes.count >= headerSize else { return .torn }
        var input = BinaryReader(bytes)
        guard (try? input.raw(8)).map(Array.init) == magic else { return .bad("not a hudong journal (bad magic)") }
        let hash = XXHash64.hash(Array(bytes[0..<24]))
        let stored = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 24, as: UInt64.self) }
        guard UInt64(littleEndian: stored) == hash else { return .bad("segment header checksum mismatch") }
        let version = (try? input.take(UInt32.self)) ?? 0
        guard version <= Self.version else { return .newer(version) }
        _ = try? input.take(UInt32.self)
        guard (try? input.take(UInt64.self)) == segment else { return .bad("segment header names another segment") }
        return .valid
    }
}
