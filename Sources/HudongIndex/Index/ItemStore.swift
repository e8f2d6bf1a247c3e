/// The stored items, packed: id and text bytes in one arena (texts in `CompactText`, two bytes
/// for a CJK character, until a pack recodes them in a `TextCode` fitted to the store's
/// characters, about nine bits for one: `codeTexts()`), field values as ids into one table of distinct strings, and a fixed
/// 44-byte row per item (32-bit offsets into the arena, so at most 4 GiB of ids and text;
/// counts in 16 bits, larger ones in a side table).
///
/// An `[Item]` kept a 160-byte struct per item, and each id, text, author… of more than 15
/// UTF-8 bytes in a heap object of its own (a 32-byte header, rounded to 16): about 210 bytes
/// an item besides the text's own bytes, 1.2 times a typical post's text. Here an item costs
/// its row, its time, and its id and text bytes; a channel, city, author or label seen before
/// costs 4 bytes. Reading an item (`self[i]`) builds an `Item`, copying its text out, so hot
/// paths read the columns they need (`idMatches`, `channelId(at:)`, `tagIds(at:)`…) instead.
///
/// Times live here (`times`, `Int64.min` for an item without one) and serve ranking directly.
/// Replacing an item (`self[i] = item`) keeps its bytes and labels where they are when they
/// are unchanged, rewrites them in place when they are the last ones written (an item being
/// labelled right after it was added), and otherwise appends them, leaving the old ones
/// unused until `SearchIndex.removingDeadDocuments()` copies the live items out.
public struct ItemStore: Sendable, RandomAccessCollection, Equatable {
    /// One item's fixed part.
    /// (44 bytes: 32-bit arena offsets, 16-bit counts.)
    struct Row {
        /// Where the id's bytes start in `bytes`; the text's follow them, in `CompactText`.
        var start: Int {
            get { Int(offset) }
            set {
                precondition(newValue <= Int(UInt32.max), "the item store holds at most 4 GiB of ids and text (about 25M posts of the bundled corpora)")
                offset = UInt32(newValue)
            }
        }
        private var offset: UInt32
        var idLength: UInt32
        /// The text's length in UTF-8, and in the arena.
        var textLength: UInt32
        var storedTextLength: UInt32
        /// Value id + 1 in `values`; 0 when the item has none.
        var channel: UInt32
        var author: UInt32
        var city: UInt32
        var category: UInt32
        /// Offset + 1 of the item's labels in `labelList`; 0 when it has no tags and no paths.
        var labels: UInt32
        /// The counts; `ItemStore.large` means the value is in `largeCounts`.
        var likes: UInt16
        var shares: UInt16
        var comments: UInt16
        var flags: UInt8

        init(start: Int, idLength: UInt32, textLength: UInt32, storedTextLength: UInt32, channel: UInt32, author: UInt32, city: UInt32,
             category: UInt32, labels: UInt32, likes: UInt16, shares: UInt16, comments: UInt16, flags: UInt8) {
            offset = 0
            self.idLength = idLength
            self.textLength = textLength
            self.storedTextLength = storedTextLength
            self.channel = channel
            self.author = author
            self.city = city
            self.category = category
            self.labels = labels
            self.likes = likes
            self.shares = shares
            self.comments = comments
            self.flags = flags
            self.start = start
        }
    }

    /// Bits of `Row.flags`.
    enum Flag {
        static let message: UInt8 = 1, relay: UInt8 = 2, direction: UInt8 = 4, outbound: UInt8 = 8, conversation: UInt8 = 16
        /// The text's bytes are in `textCode`, not `CompactText` (not part of the item: `isSame` ignores it).
        static let coded: UInt8 = 32
        /// Every bit above (a snapshot's rows may hold no other).
        static let known: UInt8 = message | relay | direction | outbound | conversation | coded
    }

    /// The message fields other than the direction, as value ids + 1 (0 when absent).
    struct Conversation: Sendable, Equatable {
        var from: UInt32
        var to: UInt32
        var group: UInt32
    }

    static let large = UInt16.max

    /// The rows, by item (the stored properties are internal, not private, for the recoding
    /// in `ItemStore+TextCoding.swift` and the snapshot codec in `ItemStore+Snapshot.swift`).
    var rows: [Row] = []
    /// Item time in Unix seconds, `Int64.min` when the item has none.
    public internal(set) var times = ItemTimes()
    /// Every id and text, in `CompactText` or coded (`Flag.coded`).
    var bytes = ByteArena()
    /// The code of the texts of rows flagged `coded` (`codeTexts()`); nil before the first.
    var textCode: TextCode?
    /// Per labelled item: the tag count, the tags' value ids, the path count, the paths' value ids.
    var labelList: [UInt32] = []
    var values: [String] = []
    var valueIds: [String: UInt32] = [:]
    var conversations: [Int32: Conversation] = [:]
    /// Counts that do not fit below `large`, by row × 3 + (0 likes, 1 shares, 2 comments).
    var largeCounts: [Int: Int] = [:]

    public init() {}

    /// The items of `items`, in order.
    public init(_ items: some Sequence<Item>) {
        for item in items { append(item) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    /// The item at `i`, built from its row (its text copied out of the arena).
    public subscript(i: Int) -> Item {
        get { item(at: i) }
        set { replace(at: i, with: newValue) }
    }

    public static func == (a: ItemStore, b: ItemStore) -> Bool { a.elementsEqual(b) }

    /// Makes room for `n` items' rows and times.
    public mutating func reserveCapacity(_ n: Int) {
        rows.reserveCapacity(n)
        times.reserveCapacity(n)
    }

    /// Row capacity, for growing by less than doubling (see `DocumentStore.append`).
    var capacity: Int { rows.capacity }

    /// Stores `item` as the last one.
    public mutating func append(_ item: Item) {
        rows.append(makeRow(for: item, row: rows.count, reusing: nil))
        times.append(item.time ?? Int64.min)
    }

    /// Stores `other`'s items after these: its bytes and rows copied, its field values
    /// numbered in this store's table (a snapshot's chunks, decoded apart, joined in order).
    /// Cost: O(other's bytes + rows + distinct values), no String built per item.
    public mutating func append(contentsOf other: ItemStore) {
        if rows.isEmpty { textCode = other.textCode }
        // Texts coded in another code than this store's: recoded row by row.
        guard other.textCode == nil || other.textCode === textCode else { return append(other.indices, of: other) }
        let byteBase = bytes.count
        other.bytes.withUnsafeBufferPointer { bytes.append(UnsafeRawBufferPointer($0)) }
        rows.reserveCapacity(rows.count + other.rows.count)
        var ids = [UInt32](repeating: 0, count: other.values.count)
        for j in other.indices { appendRow(j, of: other, bytesAt: byteBase + other.rows[j].start, ids: &ids) }
    }

    /// Stores the items of `other` at `selected` after these, their id and text bytes copied
    /// as stored (compaction keeps the live items this way: no text decoded and encoded
    /// again, and no field value kept that only the others used).
    mutating func append(_ selected: some Sequence<Int>, of other: ItemStore) {
        if rows.isEmpty { textCode = other.textCode }
        let sameCode = other.textCode === textCode
        var ids = [UInt32](repeating: 0, count: other.values.count)
        for j in selected {
            let r = other.rows[j], start = bytes.count
            if r.flags & Flag.coded != 0 && !sameCode {
                // Coded in a code this store does not have: stored in `CompactText` again.
                var id = other.id(at: j), text = other.text(at: j)
                let stored = id.withUTF8 { idBytes in
                    text.withUTF8 { utf8 in
                        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8.count) { buffer in
                            let n = CompactText.encode(utf8, into: buffer)
                            bytes.append(UnsafeRawBufferPointer(idBytes))
                            bytes.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<n])))
                            return n
                        }
                    }
                }
                appendRow(j, of: other, bytesAt: start, ids: &ids, compactTextLength: UInt32(stored))
                continue
            }
            other.bytes.withUnsafeBufferPointer { arena in
                bytes.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: arena[r.start..<r.start + Int(r.idLength) + Int(r.storedTextLength)])))
            }
            appendRow(j, of: other, bytesAt: start, ids: &ids)
        }
    }

    /// Appends row `j` of `other`, its bytes already copied to `start` (its text as `other`
    /// keeps it, or in `CompactText`, `compactTextLength` bytes); `ids` maps `other`'s
    /// value ids to this store's (id + 1; 0 until first met).
    private mutating func appendRow(_ j: Int, of other: ItemStore, bytesAt start: Int, ids: inout [UInt32], compactTextLength: UInt32? = nil) {
        func map(_ v: UInt32) -> UInt32 {
            guard v > 0 else { return 0 }
            if ids[Int(v - 1)] == 0 { ids[Int(v - 1)] = intern(other.values[Int(v - 1)]) }
            return ids[Int(v - 1)]
        }
        let i = rows.count
        var row = other.rows[j]
        row.start = start
        if let compactTextLength {
            row.storedTextLength = compactTextLength
            row.flags &= ~Flag.coded
        }
        row.channel = map(row.channel)
        row.author = map(row.author)
        row.city = map(row.city)
        row.category = map(row.category)
        if row.labels > 0 {
            let tags = other.tagIds(at: j), paths = other.pathIds(at: j)
            precondition(labelList.count + 2 + tags.count + paths.count < Int(UInt32.max), "over 4G stored labels")
            row.labels = UInt32(labelList.count + 1)
            labelList.append(UInt32(tags.count))
            for v in tags { labelList.append(map(v + 1) - 1) }
            labelList.append(UInt32(paths.count))
            for v in paths { labelList.append(map(v + 1) - 1) }
        }
        rows.append(row)
        times.append(other.times[j])
        if row.flags & Flag.conversation != 0, let c = other.conversations[Int32(j)] {
            conversations[Int32(i)] = Conversation(from: map(c.from), to: map(c.to), group: map(c.group))
        }
        if row.likes == Self.large { largeCounts[i * 3] = other.largeCounts[j * 3] }
        if row.shares == Self.large { largeCounts[i * 3 + 1] = other.largeCounts[j * 3 + 1] }
        if row.comments == Self.large { largeCounts[i * 3 + 2] = other.largeCounts[j * 3 + 2] }
    }

    // MARK: Reading columns

    /// The id of the item at `i`.
    public func id(at i: Int) -> String {
        let r = rows[i]
        return string(from: r.start, count: Int(r.idLength))
    }

    /// The text of the item at `i`.
    public func text(at i: Int) -> String { text(of: rows[i]) }

    /// The UTF-8 length of the text of the item at `i`.
    public func textLength(at i: Int) -> Int { Int(rows[i].textLength) }

    /// Whether the item at `i` has id `id`: the same bytes, or, for ids outside ASCII, the same
    /// String (canonically equivalent, as `String ==` compares).
    ///
    /// Most probes of the id map compare an id with another one: they differ at a byte that is
    /// ASCII in both, where no canonical equivalence can join them (everything before is the
    /// same, and an ASCII character decomposes to itself and never reorders), so only a
    /// difference at a byte outside ASCII builds the Strings.
    func idMatches(_ i: Int, _ id: String) -> Bool {
        let r = rows[i]
        var id = id
        let verdict = id.withUTF8 { given -> Bool? in
            bytes.withUnsafeBufferPointer { arena -> Bool? in
                let stored = UnsafeBufferPointer(rebasing: arena[r.start..<r.start + Int(r.idLength)])
                let n = Swift.min(given.count, stored.count)
                var k = 0
                while k < n, given[k] == stored[k] { k += 1 }
                if k == n, given.count == stored.count { return true }
                let a = k < given.count ? given[k] : 0, b = k < stored.count ? stored[k] : 0
                return a | b < 0x80 ? false : nil
            }
        }
        return verdict ?? (self.id(at: i) == id)
    }

    /// Whether the item at `i` equals the item at `j` of `other`, byte for byte, without
    /// building either (a re-tag checks every item it relabels this way, under the write lock).
    public func isSame(at i: Int, as other: ItemStore, at j: Int) -> Bool {
        let a = rows[i], b = other.rows[j]
        guard a.idLength == b.idLength, a.textLength == b.textLength, a.flags & ~Flag.coded == b.flags & ~Flag.coded,
              times[i] == other.times[j], a.likes == b.likes, a.shares == b.shares, a.comments == b.comments else { return false }
        func same(_ x: UInt32, _ y: UInt32) -> Bool { x == 0 ? y == 0 : y != 0 && values[Int(x - 1)] == other.values[Int(y - 1)] }
        func sameIds(_ x: ArraySlice<UInt32>, _ y: ArraySlice<UInt32>) -> Bool {
            x.count == y.count && zip(x, y).allSatisfy { values[Int($0)] == other.values[Int($1)] }
        }
        guard same(a.channel, b.channel), same(a.author, b.author), same(a.city, b.city), same(a.category, b.category),
              sameIds(tagIds(at: i), other.tagIds(at: j)), sameIds(pathIds(at: i), other.pathIds(at: j)) else { return false }
        if a.likes == Self.large, largeCounts[i * 3] != other.largeCounts[j * 3] { return false }
        if a.shares == Self.large, largeCounts[i * 3 + 1] != other.largeCounts[j * 3 + 1] { return false }
        if a.comments == Self.large, largeCounts[i * 3 + 2] != other.largeCounts[j * 3 + 2] { return false }
        if a.flags & Flag.conversation != 0 {
            let x = conversations[Int32(i)] ?? Conversation(from: 0, to: 0, group: 0)
            let y = other.conversations[Int32(j)] ?? Conversation(from: 0, to: 0, group: 0)
            guard same(x.from, y.from), same(x.to, y.to), same(x.group, y.group) else { return false }
        }
        // Texts stored alike (both in `CompactText`, or in the same code) are the same exactly
        // when their bytes are; others are compared as UTF-8.
        let aCoded = a.flags & Flag.coded != 0, bCoded = b.flags & Flag.coded != 0
        let storedAlike = aCoded == bCoded && (!aCoded || textCode === other.textCode)
        let n = Int(a.idLength) + (storedAlike ? Int(a.storedTextLength) : 0)
        guard !storedAlike || a.storedTextLength == b.storedTextLength else { return false }
        let sameBytes = bytes.withUnsafeBufferPointer { p in
            other.bytes.withUnsafeBufferPointer { q in
                p[a.start..<a.start + n].elementsEqual(q[b.start..<b.start + n])
            }
        }
        return sameBytes && (storedAlike || text(at: i).utf8.elementsEqual(other.text(at: j).utf8))
    }

    /// The value ids of the item's category, channel and city (`nil` when it has none); names by `value(_:)`.
    func categoryId(at i: Int) -> UInt32? { rows[i].category == 0 ? nil : rows[i].category - 1 }
    func channelId(at i: Int) -> UInt32? { rows[i].channel == 0 ? nil : rows[i].channel - 1 }
    func cityId(at i: Int) -> UInt32? { rows[i].city == 0 ? nil : rows[i].city - 1 }

    /// The value ids of the item's tags, in order.
    func tagIds(at i: Int) -> ArraySlice<UInt32> {
        let l = rows[i].labels
        guard l > 0 else { return [] }
        let o = Int(l - 1)
        return labelList[o + 1..<o + 1 + Int(labelList[o])]
    }

    /// The value ids of the item's keyword paths, in order.
    func pathIds(at i: Int) -> ArraySlice<UInt32> {
        let l = rows[i].labels
        guard l > 0 else { return [] }
        let p = Int(l - 1) + 1 + Int(labelList[Int(l - 1)])
        return labelList[p + 1..<p + 1 + Int(labelList[p])]
    }

    /// The tags of the item at `i`.
    public func tags(at i: Int) -> [String] { tagIds(at: i).map { values[Int($0)] } }

    /// The string of a value id.
    func value(_ id: UInt32) -> String { values[Int(id)] }

    /// Bytes of stored text: `CompactText` or coded.
    var storedTextBytes: Int { rows.reduce(0) { $0 + Int($1.storedTextLength) } }

    /// Bytes written to the id and text arena (tests: what a replacement appended).
    var arenaByteCount: Int { bytes.count }

    /// Bytes held in all (`memory.total`).
    public var memoryBytes: Int { memory.total }

    /// Bytes held: the rows, arena, label list and value table (estimated for the Strings and
    /// hash tables; the times are counted with the index's columns), and of those the text's
    /// share (its bytes and its row fields).
    var memory: (total: Int, text: Int) {
        var total = rows.capacity * MemoryLayout<Row>.stride + bytes.capacity + labelList.capacity * 4
        total += values.capacity * 16 + valueIds.capacity * (16 + 4) * 4 / 3
        total += values.reduce(0) { $0 + SearchIndex.heapBytes($1) }
        total += conversations.capacity * (4 + 12) * 4 / 3 + largeCounts.capacity * 16 * 4 / 3
        let codeBytes = textCode?.memoryBytes ?? 0
        total += codeBytes
        return (total, storedTextBytes + rows.count * 12 + codeBytes)
    }

    // MARK: Building rows

    private func item(at i: Int) -> Item {
        let r = rows[i]
        func text(_ v: UInt32) -> String? { v == 0 ? nil : values[Int(v - 1)] }
        func count(_ v: UInt16, _ field: Int) -> Int { v == Self.large ? largeCounts[i * 3 + field] ?? 0 : Int(v) }
        let conversation = r.flags & Flag.conversation != 0 ? conversations[Int32(i)] : nil
        let direction: Direction? = r.flags & Flag.direction == 0 ? nil : (r.flags & Flag.outbound != 0 ? .out : .in)
        return Item(id: id(at: i), type: r.flags & Flag.message != 0 ? .message : .post, channel: text(r.channel),
                    author: text(r.author), time: times[i] == Int64.min ? nil : times[i], text: self.text(at: i),
                    city: text(r.city), relay: r.flags & Flag.relay != 0,
                    likes: count(r.likes, 0), shares: count(r.shares, 1), comments: count(r.comments, 2),
                    tags: tags(at: i), category: text(r.category), keywordPaths: pathIds(at: i).map { values[Int($0)] },
                    from: conversation.flatMap { text($0.from) }, to: conversation.flatMap { text($0.to) },
                    direction: direction, group: conversation.flatMap { text($0.group) })
    }

    private mutating func replace(at i: Int, with item: Item) {
        rows[i] = makeRow(for: item, row: i, reusing: rows[i])
        times[i] = item.time ?? Int64.min
    }

    /// The row for `item` at `row`; `old` is the row it replaces, whose bytes and labels are
    /// kept when unchanged.
    private mutating func makeRow(for item: Item, row: Int, reusing old: Row?) -> Row {
        var r = Row(start: 0, idLength: 0, textLength: 0, storedTextLength: 0, channel: 0, author: 0, city: 0, category: 0, labels: 0,
                    likes: 0, shares: 0, comments: 0, flags: 0)
        storeBytes(of: item, into: &r, old: old)
        r.channel = intern(item.channel)
        r.author = intern(item.author)
        r.city = intern(item.city)
        r.category = intern(item.category)
        storeLabels(tags: item.tags, paths: item.keywordPaths, into: &r, old: old)
        r.likes = storeCount(item.likes, row: row, field: 0)
        r.shares = storeCount(item.shares, row: row, field: 1)
        r.comments = storeCount(item.comments, row: row, field: 2)
        if item.type == .message { r.flags |= Flag.message }
        if item.relay { r.flags |= Flag.relay }
        if let direction = item.direction { r.flags |= Flag.direction | (direction == .out ? Flag.outbound : 0) }
        let conversation = Conversation(from: intern(item.from), to: intern(item.to), group: intern(item.group))
        if conversation != Conversation(from: 0, to: 0, group: 0) {
            r.flags |= Flag.conversation
            conversations[Int32(row)] = conversation
        } else if old.map({ $0.flags & Flag.conversation != 0 }) == true {
            conversations[Int32(row)] = nil
        }
        return r
    }

    private mutating func storeBytes(of item: Item, into r: inout Row, old: Row?) {
        var id = item.id, text = item.text
        id.withUTF8 { idBytes in
            text.withUTF8 { utf8 in
                precondition(idBytes.count < Int(UInt32.max) && utf8.count < Int(UInt32.max), "an item's id or text is over 4 GB")
                // A coded text kept as it is when the item's id and text are unchanged (a re-tag
                // replaces every item it labels: recoding none of them keeps the arena as packed).
                if let old, old.flags & Flag.coded != 0, old.idLength == UInt32(idBytes.count), old.textLength == UInt32(utf8.count) {
                    let sameId = bytes.withUnsafeBufferPointer { arena in idBytes.elementsEqual(arena[old.start..<old.start + idBytes.count]) }
                    if sameId, self.text(of: old).utf8.elementsEqual(utf8) {
                        r.start = old.start
                        (r.idLength, r.textLength, r.storedTextLength) = (old.idLength, old.textLength, old.storedTextLength)
                        r.flags |= Flag.coded
                        return
                    }
                }
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8.count) { buffer in
                    let textBytes = UnsafeBufferPointer(rebasing: buffer[..<CompactText.encode(utf8, into: buffer)])
                    r.idLength = UInt32(idBytes.count)
                    r.textLength = UInt32(utf8.count)
                    r.storedTextLength = UInt32(textBytes.count)
                    storeBytes(id: idBytes, text: textBytes, into: &r, old: old)
                }
            }
        }
    }

    /// Keeps the id and encoded text bytes of row `r`: where `old`'s are when they are the
    /// same, over `old`'s when those are the last written, else at the arena's end.
    private mutating func storeBytes(id idBytes: UnsafeBufferPointer<UInt8>, text textBytes: UnsafeBufferPointer<UInt8>,
                                     into r: inout Row, old: Row?) {
        let length = idBytes.count + textBytes.count
        if let old, old.flags & Flag.coded == 0, Int(old.idLength) + Int(old.storedTextLength) == length {
            let unchanged = bytes.withUnsafeBufferPointer { arena in
                idBytes.elementsEqual(arena[old.start..<old.start + idBytes.count])
                    && textBytes.elementsEqual(arena[old.start + idBytes.count..<old.start + length])
            }
            if unchanged {
                r.start = old.start
                return
            }
        }
        // The last bytes written are the old row's: write over them.
        if let old, old.start + Int(old.idLength) + Int(old.storedTextLength) == bytes.count { bytes.truncate(to: old.start) }
        r.start = bytes.count
        bytes.append(UnsafeRawBufferPointer(idBytes))
        bytes.append(UnsafeRawBufferPointer(textBytes))
    }

    private mutating func storeLabels(tags: [String], paths: [String], into r: inout Row, old: Row?) {
        guard !tags.isEmpty || !paths.isEmpty else { return }
        var entry: [UInt32] = [UInt32(tags.count)]
        for tag in tags { entry.append(intern(tag) - 1) }
        entry.append(UInt32(paths.count))
        for path in paths { entry.append(intern(path) - 1) }
        if let old, old.labels > 0 {
            let o = Int(old.labels - 1), end = o + 2 + Int(labelList[o]) + Int(labelList[o + 1 + Int(labelList[o])])
            if labelList[o..<end].elementsEqual(entry) {
                r.labels = old.labels
                return
            }
            if end == labelList.count { labelList.removeSubrange(o...) }
        }
        precondition(labelList.count + entry.count < Int(UInt32.max), "over 4G stored labels")
        r.labels = UInt32(labelList.count + 1)
        labelList.append(contentsOf: entry)
    }

    private mutating func storeCount(_ value: Int, row: Int, field: Int) -> UInt16 {
        if value >= 0 && value < Int(Self.large) {
            if !largeCounts.isEmpty { largeCounts[row * 3 + field] = nil }
            return UInt16(value)
        }
        largeCounts[row * 3 + field] = value
        return Self.large
    }

    /// Value id + 1 of `value` (0 for nil), adding it to the table when new.
    private mutating func intern(_ value: String?) -> UInt32 {
        guard let value else { return 0 }
        if let id = valueIds[value] { return id + 1 }
        precondition(values.count < Int(UInt32.max) - 1, "over 4G distinct field values")
        let id = UInt32(values.count)
        values.append(value)
        valueIds[value] = id
        return id + 1
    }

    /// The text of row `r` (one of `rows`, or the one being replaced).
    private func text(of r: Row) -> String {
        let start = r.start + Int(r.idLength)
        return bytes.withUnsafeBufferPointer { arena in
            let stored = UnsafeBufferPointer(rebasing: arena[start..<start + Int(r.storedTextLength)])
            if r.flags & Flag.coded != 0, let textCode { return textCode.decode(stored, utf8Count: Int(r.textLength)) }
            return CompactText.decode(stored, utf8Count: Int(r.textLength))
        }
    }

    private func string(from start: Int, count: Int) -> String {
        bytes.withUnsafeBufferPointer { arena in
            String(decoding: UnsafeBufferPointer(rebasing: arena[start..<start + count]), as: UTF8.self)
        }
    }
}
