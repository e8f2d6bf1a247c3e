import HudongIndex
import HudongText

/// One change as the journal records it: an item upserted, an id deleted, a retention cut,
/// a dictionary edit, a taxonomy version, or a record of another module's kind.
///
/// Built-in kinds are numbered below `firstCustomKind`; other modules (listening, routing,
/// tagging) journal their own changes as `.custom` with a kind from that number up and read
/// them back in their replay handler. A build that meets a built-in kind it does not know
/// refuses the journal (it was written by a newer build) rather than drop the record.
public enum JournalRecord: Sendable, Equatable {
    /// Index this item, replacing any with the same id.
    case upsert(Item)
    /// Delete the item with this id.
    case delete(id: String)
    /// Retention: delete every item whose time is before this (Unix seconds).
    case expire(before: Int64)
    /// A term added to the user dictionary.
    case dictionaryAdd(UserDictionary.Entry)
    /// A term removed from the user dictionary.
    case dictionaryRemove(term: String)
    /// The taxonomy in force from here on, by version label.
    case taxonomyVersion(String)
    /// Another module's record; `kind` ≥ `firstCustomKind`.
    case custom(kind: UInt32, payload: [UInt8])

    /// The first kind number free for other modules.
    public static let firstCustomKind: UInt32 = 1000

    /// The record's kind number as stored.
    public var kind: UInt32 {
        switch self {
        case .upsert: return 1
        case .delete: return 2
        case .expire: return 3
        case .dictionaryAdd: return 4
        case .dictionaryRemove: return 5
        case .taxonomyVersion: return 6
        case let .custom(kind, _): return kind
        }
    }

    /// Appends the payload (without framing).
    func encodePayload(to out: inout BinaryWriter) {
        switch self {
        case let .upsert(item): item.encodeBinary(to: &out)
        case let .delete(id): out.string(id)
        case let .expire(before): out.zigzag(before)
        case let .dictionaryAdd(entry):
            out.string(entry.term)
            out.put(UInt8((entry.weight == nil ? 0 : 1) | (entry.tag == nil ? 0 : 2)))
            if let weight = entry.weight { out.put(weight.bitPattern) }
            if let tag = entry.tag { out.string(tag) }
        case let .dictionaryRemove(term): out.string(term)
        case let .taxonomyVersion(version): out.string(version)
        case let .custom(_, payload): payload.withUnsafeBytes { out.append($0) }
        }
    }

    /// Reads a payload of `kind`; nil for a built-in kind this build does not know.
    static func decode(kind: UInt32, payload: [UInt8]) throws(IndexError) -> JournalRecord? {
        var input = BinaryReader(payload)
        let record: JournalRecord
        switch kind {
        case 1: record = .upsert(try Item(binary: &input))
        case 2: record = .delete(id: try input.string())
        case 3: record = .expire(before: try input.zigzag())
        case 4:
            let term = try input.string()
            let flags = try input.take(UInt8.self)
            let weight = flags & 1 != 0 ? Double(bitPattern: try input.take(UInt64.self)) : nil
            let tag = flags & 2 != 0 ? try input.string() : nil
            record = .dictionaryAdd(UserDictionary.Entry(term: term, weight: weight, tag: tag))
        case 5: record = .dictionaryRemove(term: try input.string())
        case 6: record = .taxonomyVersion(try input.string())
        case firstCustomKind...: return .custom(kind: kind, payload: payload)
        default: return nil
        }
        guard input.atEnd else { throw .decoding(reason: "record of kind \(kind) has \(input.remaining) trailing bytes") }
        return record
    }
}
