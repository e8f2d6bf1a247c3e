import Foundation
import HudongText

extension Item {
    private enum Flag {
        static let channel: UInt64 = 1, author: UInt64 = 2, time: UInt64 = 4, city: UInt64 = 8, category: UInt64 = 16
        static let from: UInt64 = 32, to: UInt64 = 64, direction: UInt64 = 128, outbound: UInt64 = 256, group: UInt64 = 512
        static let relay: UInt64 = 1024, message: UInt64 = 2048, tags: UInt64 = 4096, keywords: UInt64 = 8192
        static let likes: UInt64 = 16384, shares: UInt64 = 32768, comments: UInt64 = 65536
        static let known: UInt64 = 131_071
    }

    /// Appends the item's compact binary form (journal records and snapshots): a presence
    /// bitmask, then id, text and the fields present. Format version 1; `init(binary:)` reads it.
    public func encodeBinary(to out: inout BinaryWriter) {
        var flags: UInt64 = 0
        if channel != nil { flags |= Flag.channel }
        if author != nil { flags |= Flag.author }
        if time != nil { flags |= Flag.time }
        if city != nil { flags |= Flag.city }
        if category != nil { flags |= Flag.category }
        if from != nil { flags |= Flag.from }
        if to != nil { flags |= Flag.to }
        if let direction { flags |= Flag.direction | (direction == .out ? Flag.outbound : 0) }
        if group != nil { flags |= Flag.group }
        if relay { flags |= Flag.relay }
        if type == .message { flags |= Flag.message }
        if !tags.isEmpty { flags |= Flag.tags }
        if !keywordPaths.isEmpty { flags |= Flag.keywords }
        if likes != 0 { flags |= Flag.likes }
        if shares != 0 { flags |= Flag.shares }
        if comments != 0 { flags |= Flag.comments }
        out.varint(flags)
        out.string(id)
        out.string(text)
        for value in [channel, author, city, category, from, to, group] { if let value { out.string(value) } }
        if let time { out.zigzag(time) }
        if likes != 0 { out.zigzag(Int64(likes)) }
        if shares != 0 { out.zigzag(Int64(shares)) }
        if comments != 0 { out.zigzag(Int64(comments)) }
        if !tags.isEmpty {
            out.varint(UInt64(tags.count))
            for tag in tags { out.string(tag) }
        }
        if !keywordPaths.isEmpty {
            out.varint(UInt64(keywordPaths.count))
            for path in keywordPaths { out.string(path) }
        }
    }

    /// Reads an item written by `encodeBinary(to:)`.
    public init(binary input: inout BinaryReader) throws(IndexError) {
        let flags = try input.varint()
        guard flags & ~Flag.known == 0 else { throw .decoding(reason: "unknown item flags \(flags) at byte \(input.offset)") }
        let id = try input.string(), text = try input.string()
        let channel = flags & Flag.channel != 0 ? try input.string() : nil
        let author = flags & Flag.author != 0 ? try input.string() : nil
        let city = flags & Flag.city != 0 ? try input.string() : nil
        let category = flags & Flag.category != 0 ? try input.string() : nil
        let from = flags & Flag.from != 0 ? try input.string() : nil
        let to = flags & Flag.to != 0 ? try input.string() : nil
        let group = flags & Flag.group != 0 ? try input.string() : nil
        let time = flags & Flag.time != 0 ? try input.zigzag() : nil
        let likes = flags & Flag.likes != 0 ? Int(truncatingIfNeeded: try input.zigzag()) : 0
        let shares = flags & Flag.shares != 0 ? Int(truncatingIfNeeded: try input.zigzag()) : 0
        let comments = flags & Flag.comments != 0 ? Int(truncatingIfNeeded: try input.zigzag()) : 0
        var tags: [String] = [], keywordPaths: [String] = []
        if flags & Flag.tags != 0 { for _ in 0..<(try input.count()) { tags.append(try input.string()) } }
        if flags & Flag.keywords != 0 { for _ in 0..<(try input.count()) { keywordPaths.append(try input.string()) } }
        let direction: Direction? = flags & Flag.direction == 0 ? nil : (flags & Flag.outbound != 0 ? .out : .in)
        self.init(id: id, type: flags & Flag.message != 0 ? .message : .post, channel: channel, author: author, time: time,
                  text: text, city: city, relay: flags & Flag.relay != 0, likes: likes, shares: shares, comments: comments,
                  tags: tags, category: category, keywordPaths: keywordPaths, from: from, to: to, direction: direction, group: group)
    }
}

