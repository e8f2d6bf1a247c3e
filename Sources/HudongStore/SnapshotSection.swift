import HudongIndex
import HudongText

/// The name of a kind of snapshot section: 1 to 16 ASCII bytes (`index`, `dictionary`…).
public struct SectionKind: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The kind's name as stored in the section table.
    public let name: String

    /// A kind named `name` (non-ASCII characters dropped, cut to 16 bytes).
    public init(_ name: String) {
        self.name = String(name.unicodeScalars.filter(\.isASCII).prefix(16).map(Character.init))
    }

    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { name }
}

/// One part of the in-memory state a snapshot holds: the index, the dictionary, and the
/// state other modules register (taxonomy, subscriptions, listening windows).
///
/// A section writes itself into a stream; its decoder is registered with `SnapshotRegistry`
/// (a closure, so it can capture what decoding needs, such as the analyzer). Each section is
/// checksummed on its own and carries its format version; a reader refuses a version newer
/// than it registered, and a `required` kind it does not know.
public protocol SnapshotSection: Sendable {
    static var kind: SectionKind { get }
    /// The format this build writes; decoders are given the version found in the file.
    static var formatVersion: UInt32 { get }
    /// Whether a build that does not know this kind must refuse the snapshot (default true).
    static var required: Bool { get }
    /// Writes the section's bytes.
    func write(to output: inout SectionOutput)
}

extension SnapshotSection {
    public static var required: Bool { true }
}

/// The section kinds a store can read, each with its decoder: passed in, never global.
public struct SnapshotRegistry: Sendable {
    /// Reads a section of a registered kind, given the format version found in the file.
    public typealias Decoder = @Sendable (inout SectionInput, UInt32) throws(StoreError) -> any SnapshotSection

    struct Entry: Sendable {
        let version: UInt32
        let decode: Decoder
    }

    var entries: [SectionKind: Entry] = [:]

    /// A registry with no kinds (`standard` has the built-in ones).
    public init() {}

    /// Registers `type` with its decoder (which may throw `StoreError.corruptSnapshot`).
    public mutating func register<S: SnapshotSection>(_ type: S.Type, decode: @escaping @Sendable (inout SectionInput, _ version: UInt32) throws(StoreError) -> S) {
        entries[S.kind] = Entry(version: S.formatVersion) { (input: inout SectionInput, version: UInt32) throws(StoreError) -> any SnapshotSection in
            try decode(&input, version)
        }
    }

    /// The registry of the built-in sections, index and dictionary, for `analyzer`.
    public static func standard(analyzer: Analyzer, threads: Int) -> SnapshotRegistry {
        var registry = SnapshotRegistry()
        registry.register(IndexSection.self) { (input: inout SectionInput, version: UInt32) throws(StoreError) in
            IndexSection(index: try input.decoding { (source: inout SectionInput) throws(IndexError) in
                try SearchIndex(snapshot: &source, format: version, analyzer: analyzer, threads: threads)
            })
        }
        registry.register(DictionarySection.self) { (input: inout SectionInput, version: UInt32) throws(StoreError) in
            try input.decoding { (source: inout SectionInput) throws(IndexError) in try DictionarySection(source: &source) }
        }
        return registry
    }
}

/// What a snapshot gave back: its sections by kind.
public struct SnapshotContents: Sendable {
    /// The file it came from.
    public let path: String
    /// Replay of the journal starts at this segment.
    public let segment: UInt64
    /// Sections read, by kind.
    public let sections: [SectionKind: any SnapshotSection]

    /// The section of type `S`, if the snapshot had one.
    public func section<S: SnapshotSection>(_ type: S.Type) -> S? { sections[S.kind] as? S }
}

/// The entry index, written with `SearchIndex.writeSnapshot` (raw arrays, no re-analysis on load).
public struct IndexSection: SnapshotSection {
    public static let kind: SectionKind = "index"
    public static var formatVersion: UInt32 { SearchIndex.snapshotFormat }
    /// The index, compacted (live documents only) when written by a checkpoint.
    public let index: SearchIndex

    /// Threads that code the item store afresh as the section is written, when its code
    /// lacks a character of a text not yet coded or it has none (`ItemStore.writeSnapshot`).
    public let threads: Int

    /// A section holding `index`, written with `threads` (`SearchIndex.writeSnapshot`).
    public init(index: SearchIndex, threads: Int = 1) {
        self.index = index
        self.threads = threads
    }

    public func write(to output: inout SectionOutput) { index.writeSnapshot(to: &output, threads: threads) }
}

/// The user dictionary's entries and version when the snapshot was taken.
public struct DictionarySection: SnapshotSection {
    public static let kind: SectionKind = "dictionary"
    public static let formatVersion: UInt32 = 1
    /// Every entry, command-line and runtime ones alike.
    public let entries: [UserDictionary.Entry]
    /// `UserDictionary.Snapshot.version` when written.
    public let version: Int

    /// A section holding `entries` at `version`.
    public init(entries: [UserDictionary.Entry], version: Int) {
        self.entries = entries
        self.version = version
    }

    public func write(to output: inout SectionOutput) {
        var out = BinaryWriter()
        out.put(Int64(version))
        out.varint(UInt64(entries.count))
        var record = BinaryWriter()
        for entry in entries {
            record.removeAll()
            JournalRecord.dictionaryAdd(entry).encodePayload(to: &record)
            out.varint(UInt64(record.count))
            record.withUnsafeBytes { out.append($0) }
        }
        output.put(out)
    }

    init(source: inout SectionInput) throws(IndexError) {
        var input = try source.takeBuffer()
        version = Int(try input.take(Int64.self))
        var entries: [UserDictionary.Entry] = []
        for _ in 0..<(try input.count()) {
            let bytes = Array(try input.raw(try input.count()))
            guard case let .dictionaryAdd(entry)? = try JournalRecord.decode(kind: 4, payload: bytes) else {
                throw .decoding(reason: "bad dictionary entry")
            }
            entries.append(entry)
        }
        self.entries = entries
    }
}
