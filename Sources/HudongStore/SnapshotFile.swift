import HudongIndex

/// The snapshot file: a versioned header with a section table, then the sections.
///
/// Layout (little-endian): magic `HUDONGSN`, format (UInt32), header length (UInt32), section
/// count (UInt32), flags (UInt32), journal segment to replay from (UInt64), creation time
/// (Int64, informational), file length (UInt64), reserved (UInt64); then per section a 48-byte
/// entry: kind (16 ASCII bytes, zero-padded), version (UInt32), flags (UInt32, bit 0 =
/// required), offset, length and XXH64 of the section's bytes (UInt64 each); then XXH64 of the
/// header so far. That last checksum covers every section's checksum, so it vouches for the
/// whole file. The first 16 bytes keep this layout in every format, so any build can read the
/// version and refuse a newer one.
///
/// Written atomically: `snapshot-N.hds.tmp`, sections, header, fsync, rename to
/// `snapshot-N.hds`, fsync of the directory. A failure removes the temp file; the previous
/// snapshots are untouched, so there is never a half-written snapshot under a final name.
enum SnapshotFile {
    static let magic: [UInt8] = Array("HUDONGSN".utf8)
    static let format: UInt32 = 1
    static let fixedHeader = 56
    static let entrySize = 48

    struct Entry {
        var kind: SectionKind
        var version: UInt32
        var required: Bool
        var offset: Int
        var length: Int
        var hash: UInt64
    }

    struct Header {
        var format: UInt32
        var segment: UInt64
        var created: Int64
        var fileLength: Int
        var entries: [Entry]
    }

    static func name(segment: UInt64) -> String { "snapshot-" + JournalFormat.padded(segment) + ".hds" }

    /// The journal segment in a name `snapshot-N.hds`, or nil.
    static func segment(ofName name: String) -> UInt64? {
        guard name.hasPrefix("snapshot-"), name.hasSuffix(".hds") else { return nil }
        return UInt64(name.dropFirst(9).dropLast(4))
    }

    /// Writes `sections` as `snapshot-<segment>.hds` in `directory`; returns its size in bytes.
    static func write(_ sections: [any SnapshotSection], segment: UInt64, created: Int64,
                      directory: String, driver: any StorageDriver) throws(StoreError) -> Int {
        let path = joinPath(directory, name(segment: segment))
        let temp = path + ".tmp"
        let headerLength = fixedHeader + entrySize * sections.count + 8
        let file = try driver.openForWriting(temp, truncate: true)
        do throws(StoreError) {
            let stream = SnapshotWriteStream(file: file, position: headerLength)
            var entries: [Entry] = []
            for section in sections {
                let start = stream.position
                stream.beginSection()
                var output = SectionOutput(stream: stream)
                section.write(to: &output)
                let hash = try stream.endSection()
                let kind = type(of: section)
                entries.append(Entry(kind: kind.kind, version: kind.formatVersion, required: kind.required,
                                     offset: start, length: stream.position - start, hash: hash))
            }
            let header = encode(Header(format: format, segment: segment, created: created, fileLength: stream.position, entries: entries))
            try header.withBytes { (raw) throws(StoreError) in try file.write(raw, at: 0) }
            try file.sync()
            file.close()
            try driver.rename(temp, to: path)
            try driver.syncDirectory(directory)
            return stream.position
        } catch {
            file.close()
            try? driver.remove(temp)
            throw error
        }
    }

    static func encode(_ header: Header) -> [UInt8] {
        var out = BinaryWriter()
        magic.withUnsafeBytes { out.append($0) }
        out.put(header.format)
        out.put(UInt32(fixedHeader + entrySize * header.entries.count + 8))
        out.put(UInt32(header.entries.count))
        out.put(UInt32(0))
        out.put(header.segment)
        out.put(header.created)
        out.put(UInt64(header.fileLength))
        out.put(UInt64(0))
        for entry in header.entries {
            var name = Array(entry.kind.name.utf8.prefix(16))
            name += repeatElement(0, count: 16 - name.count)
            name.withUnsafeBytes { out.append($0) }
            out.put(entry.version)
            out.put(UInt32(entry.required ? 1 : 0))
            out.put(UInt64(entry.offset))
            out.put(UInt64(entry.length))
            out.put(entry.hash)
        }
        out.put(out.withUnsafeBytes { XXHash64.hash($0) })
        return out.bytes
    }

    /// Reads and checks the header: magic, checksum, then version (refused if newer), then bounds.
    static func readHeader(_ file: any StorageFile, path: String) throws(StoreError) -> Header {
        let size = try file.size()
        func corrupt(_ reason: String) -> StoreError { .corruptSnapshot(path: path, reason: reason) }
        guard size >= fixedHeader + 8 else { throw corrupt("file is \(size) bytes, shorter than a header") }
        var start = [UInt8](repeating: 0, count: 16)
        try start.withMutableBytes { (raw) throws(StoreError) in try file.readExactly(into: raw, at: 0) }
        guard Array(start[0..<8]) == magic else { throw corrupt("not a hudong snapshot (bad magic)") }
        var reader = BinaryReader(start, offset: 8)
        let version = (try? reader.take(UInt32.self)) ?? 0
        let headerLength = Int((try? reader.take(UInt32.self)) ?? 0)
        guard headerLength >= fixedHeader + 8, headerLength <= size, (headerLength - fixedHeader - 8) % entrySize == 0 else {
            throw corrupt("header length \(headerLength) is impossible")
        }
        var bytes = [UInt8](repeating: 0, count: headerLength)
        try bytes.withMutableBytes { (raw) throws(StoreError) in try file.readExactly(into: raw, at: 0) }
        let stored = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: headerLength - 8, as: UInt64.self)) }
        guard XXHash64.hash(Array(bytes[0..<(headerLength - 8)])) == stored else { throw corrupt("header checksum mismatch") }
        guard version <= format else {
            throw StoreError.newerFormat(path: path, what: "snapshot", found: version, supported: format)
        }
        do throws(IndexError) {
            var input = BinaryReader(bytes, offset: 16)
            let count = Int(try input.take(UInt32.self))
            _ = try input.take(UInt32.self)
            let segment = try input.take(UInt64.self)
            let created = try input.take(Int64.self)
            let fileLength = Int(clamping: try input.take(UInt64.self))
            _ = try input.take(UInt64.self)
            guard count == (headerLength - fixedHeader - 8) / entrySize else { throw .decoding(reason: "section count disagrees with the header length") }
            guard fileLength == size else { throw .decoding(reason: "file is \(size) bytes, the header says \(fileLength) (truncated or extended)") }
            var entries: [Entry] = []
            for _ in 0..<count {
                let name = try input.raw(16).prefix { $0 != 0 }
                let entry = Entry(kind: SectionKind(String(decoding: name, as: UTF8.self)), version: try input.take(UInt32.self),
                                  required: try input.take(UInt32.self) & 1 != 0, offset: Int(clamping: try input.take(UInt64.self)),
                                  length: Int(clamping: try input.take(UInt64.self)), hash: try input.take(UInt64.self))
                guard entry.offset >= headerLength, entry.length >= 0, entry.offset <= size - entry.length else {
                    throw .decoding(reason: "section `\(entry.kind)` lies outside the file")
                }
                entries.append(entry)
            }
            return Header(format: version, segment: segment, created: created, fileLength: fileLength, entries: entries)
        } catch {
            throw corrupt(error.message)
        }
    }

    /// Reads, checks and decodes a whole snapshot with the decoders of `registry`.
    /// Sections of unknown kinds that are not required are skipped (listed in `skipped`).
    static func load(path: String, driver: any StorageDriver, registry: SnapshotRegistry) throws(StoreError) -> (SnapshotContents, skipped: [SectionKind]) {
        let file = try driver.openForReading(path)
        defer { file.close() }
        let header = try readHeader(file, path: path)
        var sections: [SectionKind: any SnapshotSection] = [:]
        var skipped: [SectionKind] = []
        for entry in header.entries {
            guard let decoder = registry.entries[entry.kind] else {
                if entry.required {
                    throw StoreError.newerFormat(path: path, what: "section `\(entry.kind)` (a kind this build does not know)", found: entry.version, supported: 0)
                }
                skipped.append(entry.kind)
                continue
            }
            guard entry.version <= decoder.version else {
                throw StoreError.newerFormat(path: path, what: "section `\(entry.kind)`", found: entry.version, supported: decoder.version)
            }
            let stream = SnapshotReadStream(file: file, path: path, kind: entry.kind, offset: entry.offset, length: entry.length)
            var input = SectionInput(stream: stream)
            let section: any SnapshotSection
            do throws(StoreError) {
                section = try decoder.decode(&input, entry.version)
            } catch {
                // Bad bytes may fail decoding before the checksum is reached: report the checksum if it is the cause.
                if case .corruptSnapshot = error, let checked = try? verify(file, entry), !checked {
                    throw StoreError.corruptSnapshot(path: path, reason: "section `\(entry.kind)` checksum mismatch")
                }
                throw error
            }
            try stream.finish(expected: entry.hash)
            sections[entry.kind] = section
        }
        return (SnapshotContents(path: path, segment: header.segment, sections: sections), skipped)
    }

    /// Whether a section's bytes match its checksum (read in 1 MB pieces).
    static func verify(_ file: any StorageFile, _ entry: Entry) throws(StoreError) -> Bool {
        var hasher = XXHash64()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var at = entry.offset
        while at < entry.offset + entry.length {
            let n = min(chunk.count, entry.offset + entry.length - at)
            try chunk.withMutableBytes { (raw) throws(StoreError) in
                try file.readExactly(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<n]), at: at)
            }
            chunk.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            at += n
        }
        return hasher.finalize() == entry.hash
    }
}
