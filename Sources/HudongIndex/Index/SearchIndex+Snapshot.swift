import CHeap
import Foundation
import HudongText

#if _endian(big)
#error("SearchIndex snapshots store flat arrays in little-endian memory order")
#endif

extension SearchIndex {
    /// The snapshot format this build writes and the newest it reads.
    /// 9: the items as the store keeps them (`ItemStore+Snapshot.swift`: rows, arena, text
    /// code), their texts coded, not one encoded item after another; earlier formats' items
    /// are decoded, stored and coded at load.
    /// 8: word boundaries in one bit a unit position (`WordBoundaries`), not two; earlier
    /// formats' convert at load.
    /// 7: a character's list holds only the places where no CJK character follows it (the
    /// rest are in the bigrams it begins, `TermDictionary.bigramsBeginning`); the lists of
    /// earlier formats hold every place, which a search's union of the two reads once.
    /// 6: posting lists are written packed, each in one piece (`PostingPool.pack`), with
    /// the level and limit of each list's first slice; the arena loads with no slack.
    /// 5: a posting's header folds the whole-word bit and "one occurrence" into the document
    /// gap's varint (`PostingPool`); format 4 lists are re-encoded at load.
    /// 4: posting blocks carry their score envelopes (`ScoreEnvelope`); format 3 blocks get
    /// theirs at load. 3: each posting says whether the term occurs there as a whole word; 2: posting blocks
    /// (skip data and score bounds) are written; 1: without blocks. Formats 1 and 2 are
    /// re-encoded at load (`PostingPool.recodingLegacyLists`).
    public static let snapshotFormat: UInt32 = 9
    private static let beginMark: UInt32 = 0x5849_4448 // "HDIX"
    private static let endMark: UInt32 = 0x4E45_4958 // "XIEN"

    /// Writes the whole index as raw flat arrays with their lengths (the posting arena and the
    /// items' arena each as one block; the item store's rows as columns), so loading is a few
    /// big reads and no re-analysis. The ingest scratch buffers are not written. Cost: one
    /// pass over the index's memory, plus coding the texts not yet coded (in the store's code
    /// as they are written; see `ItemStore.writeSnapshot`).
    /// `format` 1 (no whole-word bits, no posting blocks), 3 (blocks without envelopes), 4
    /// (the header before format 5), 5 (lists unpacked) and 7 (two bits a position of word
    /// boundaries) and 8 (items one after another) are for tests of loading older snapshots; 3 and 4 are written without
    /// blocks, which their loads rebuild. Texts not yet coded (added since the last pack) are
    /// coded for the snapshot, the whole store afresh on `threads` (on a copy) only when its
    /// code lacks one of their characters; the index in memory is left as it is.
    public func writeSnapshot(to sink: inout some SnapshotByteSink, format: UInt32 = snapshotFormat, threads: Int = 1) {
        precondition([1, 3, 4, 5, 7, 8, Self.snapshotFormat].contains(format), "writes format 1, 3, 4, 5, 7, 8 or \(Self.snapshotFormat)")
        sink.put(Self.beginMark)
        documents.writeSnapshot(to: &sink, format: format, threads: threads)
        terms.writeSnapshot(to: &sink)
        if format == 1 {
            postings.legacyEncoded().writeSnapshot(to: &sink, withBlocks: false)
        } else if format < 5 {
            postings.legacyEncoded(withWholeWordBits: true).writeSnapshot(to: &sink, withBlocks: true, withEnvelopes: format >= 4)
        } else if format == 5 {
            // Format 5 has no first-slice records: its lists start with the smallest slice.
            let unpacked = postings.isUnpacked ? postings : postings.remapped(Array(0..<Int32(documents.count)), signals: documents.signals)
            unpacked.writeSnapshot(to: &sink, withBlocks: true)
        } else {
            postings.writeSnapshot(to: &sink, withBlocks: true, packed: true)
        }
        fields.writeSnapshot(to: &sink)
        sink.put(textBytes)
        sink.put(Self.endMark)
    }

    /// Reads an index written by `writeSnapshot(to:)` with format `format`, for `analyzer`.
    ///
    /// The big arrays are read straight into their final storage (a few big reads), the item
    /// store's as well (format 9); then ids are mapped to documents. Before format 9, each
    /// chunk of items is handed to a worker thread as soon as it is read, so items decode
    /// while the rest is read, and the items are packed into the store chunk by chunk, their
    /// texts coded (`ItemStore.codeTexts`). Safe on damaged
    /// input: every count is checked against the bytes left and every id against its table, so
    /// bad bytes give `IndexError.decoding`, never a trap (the store checks the checksum as
    /// well). `threads` ≤ 1 decodes everything here.
    public init(snapshot source: inout some SnapshotByteSource, format: UInt32, analyzer: Analyzer, threads: Int = 2) throws(IndexError) {
        guard format <= Self.snapshotFormat else {
            throw .decoding(reason: "index snapshot format \(format) is newer than this build reads (\(Self.snapshotFormat))")
        }
        self.init(analyzer: analyzer)
        guard try source.take(UInt32.self) == Self.beginMark else { throw .decoding(reason: "not an index snapshot (bad start mark)") }
        let declared = try source.take(UInt64.self)
        guard declared <= UInt64(source.remaining / 3) else { throw .decoding(reason: "\(declared) items cannot fit in what is left") }
        let count = Int(declared)
        // Before format 9: items one after another, decoded on workers.
        let items = format < 9 ? ItemDecoder(capacity: count, parallel: threads > 1) : nil
        var store = ItemStore()
        var times: [Int64] = []
        do {
            defer { items?.finish() }
            if let items {
                while true {
                    let n = try source.take(UInt32.self)
                    if n == 0 { break }
                    try items.submit(count: Int(n), reader: try source.takeBuffer())
                }
            } else {
                store = try ItemStore(snapshot: &source, count: count)
            }
            times = try documents.readArrays(&source, format: format)
            terms = try TermDictionary(snapshot: &source)
            // The items (which keep the times) are still decoding: the signals take the times read here.
            let store = documents, readTimes = times
            let signals = { (d: Int32) in store.signals(d, time: readTimes[Int(d)]) }
            postings = try PostingPool(snapshot: &source, terms: terms.count, format: format, documents: documents.lengths.count,
                                       signals: signals)
            if format < 5 {
                let index = self
                postings = try postings.recodingLegacyLists(documents: documents.lengths.count, withWholeWordBits: format >= 3,
                                                            wholeWord: index.isWholeWord, signals: signals)
            }
            var fieldBytes = try source.takeBuffer()
            textBytes = try source.take(Int64.self)
            guard try source.take(UInt32.self) == Self.endMark else { throw .decoding(reason: "index snapshot does not end where expected") }
            fields = try FieldIndex(decoding: &fieldBytes, documents: documents.live.count)
        }
        guard let items else {
            guard count == documents.live.count else { throw .decoding(reason: "\(count) items, \(documents.live.count) documents") }
            store.times = ItemTimes(times)
            documents.items = store
            documents.internalIds = documents.liveIds()
            chooseChampions()
            return
        }
        if let error = items.failure { throw error }
        guard items.submitted == count, count == documents.live.count else {
            throw .decoding(reason: "\(items.submitted) items in chunks, \(count) declared, \(documents.live.count) documents")
        }
        documents.items = items.store()
        guard documents.items.times.elementsEqual(times) else { throw .decoding(reason: "the items' times disagree with the document times") }
        documents.internalIds = documents.liveIds()
        // Packed as `pack()` packs: the texts in a code fitted to their characters, and the
        // pages the load freed given back.
        documents.items.codeTexts(threads: threads)
        chooseChampions()
        hudong_heap_trim()
    }
}

/// Decodes chunks of items on worker threads while the snapshot is still being read, each
/// into an `ItemStore` of its own, then joins those in order (a copy of their bytes and rows,
/// with their field values renumbered), dropping each once it is joined.
private final class ItemDecoder: @unchecked Sendable {
    private let capacity: Int
    private let parallel: Bool
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var chunks: [ItemStore] = []
    private var firstFailure: IndexError?
    /// Items handed out so far (touched by the reading thread only).
    private(set) var submitted = 0

    init(capacity: Int, parallel: Bool) {
        self.capacity = capacity
        self.parallel = parallel
    }

    var failure: IndexError? {
        lock.lock()
        defer { lock.unlock() }
        return firstFailure
    }

    /// Decodes a chunk of `count` items (on a worker when parallel).
    func submit(count: Int, reader: BinaryReader) throws(IndexError) {
        guard count <= capacity - submitted else {
            throw .decoding(reason: "the item chunks hold more items than the \(capacity) declared")
        }
        submitted += count
        let k = chunks.count
        lock.lock()
        chunks.append(ItemStore())
        lock.unlock()
        if parallel {
            DispatchQueue.global(qos: .userInitiated).async(group: group) { self.decode(count, reader, into: k) }
        } else {
            decode(count, reader, into: k)
        }
    }

    private func decode(_ count: Int, _ chunk: BinaryReader, into k: Int) {
        var reader = chunk
        var items = ItemStore()
        items.reserveCapacity(count)
        do throws(IndexError) {
            while items.count < count { items.append(try Item(binary: &reader)) }
            guard reader.atEnd else { throw .decoding(reason: "an item chunk has trailing bytes") }
        } catch {
            lock.lock()
            if firstFailure == nil { firstFailure = error }
            lock.unlock()
        }
        lock.lock()
        chunks[k] = items
        lock.unlock()
    }

    /// Waits for the workers.
    func finish() { group.wait() }

    /// The decoded items in order, in one store (after `finish`, with no failure).
    func store() -> ItemStore {
        var store = ItemStore()
        store.reserveCapacity(submitted)
        for k in chunks.indices {
            store.append(contentsOf: chunks[k])
            chunks[k] = ItemStore()
        }
        return store
    }
}

extension DocumentStore {
    func writeSnapshot(to sink: inout some SnapshotByteSink, format: UInt32, threads: Int) {
        sink.put(UInt64(items.count))
        if format >= 9 {
            items.writeSnapshot(to: &sink, threads: threads)
        } else {
            writeItemChunks(to: &sink)
        }
        sink.put(array: live.map { $0 ? UInt8(1) : 0 })
        sink.put(array: Array(lengths))
        sink.put(array: Array(times))
        sink.put(array: engagement)
        wordBoundaries.writeSnapshot(to: &sink, legacyLayout: format < 8)
        sink.put(Int64(liveCount))
        sink.put(totalLength)
        sink.put(newestTime)
    }

    /// Writes the items one after another in chunks of about 1 MB, ended by an empty one
    /// (formats before 9).
    private func writeItemChunks(to sink: inout some SnapshotByteSink) {
        var chunk = BinaryWriter(capacity: 1 << 20)
        var inChunk: UInt32 = 0
        func flush() {
            sink.put(inChunk)
            sink.put(chunk)
            chunk.removeAll()
            inChunk = 0
        }
        for item in items {
            item.encodeBinary(to: &chunk)
            inChunk += 1
            if chunk.count >= 1 << 20 { flush() }
        }
        if inChunk > 0 { flush() }
        sink.put(UInt32(0))
    }

    /// Reads the per-document arrays and totals, and checks that they agree; returns the
    /// documents' times (which the items, read before, must repeat).
    mutating func readArrays(_ source: inout some SnapshotByteSource, format: UInt32) throws(IndexError) -> [Int64] {
        live = try source.takeArray(UInt8.self).map { $0 != 0 }
        let lengthArray = try source.takeArray(Int32.self)
        guard lengthArray.allSatisfy({ $0 >= 0 }) else { throw .decoding(reason: "a negative document length") }
        lengths = DocumentLengths(lengthArray)
        lengthFloors = lengthArray.map(LengthFloor.byte(for:))
        let times = try source.takeArray(Int64.self)
        engagement = try source.takeArray(Float.self)
        maxEngagement = engagement.reduce(0) { $1 > $0 ? $1 : $0 }
        wordBoundaries = try WordBoundaries(snapshot: &source, documents: live.count, legacyLayout: format < 8)
        liveCount = Int(try source.take(Int64.self))
        totalLength = try source.take(Int64.self)
        newestTime = try source.take(Int64.self)
        let n = live.count
        guard lengths.count == n, times.count == n, engagement.count == n,
              liveCount == live.reduce(0, { $0 + ($1 ? 1 : 0) }) else {
            throw .decoding(reason: "document arrays disagree on the number of documents")
        }
        return times
    }

    /// External id → internal id of every live document.
    func liveIds() -> IdTable {
        var ids = IdTable(capacity: liveCount)
        for i in 0..<items.count where live[i] { ids.set(items.id(at: i), to: Int32(i), in: items) }
        return ids
    }
}

extension TermDictionary {
    func writeSnapshot(to sink: inout some SnapshotByteSink) {
        var kinds = [UInt8](repeating: 0, count: terms.count)
        var first = [Int32](repeating: 0, count: terms.count), second = first
        var tokens = BinaryWriter()
        for (i, term) in terms.enumerated() {
            switch term {
            case let .unit(.character(u)): first[i] = Int32(u)
            case let .unit(.token(s)): kinds[i] = 1; tokens.string(s)
            case let .bigram(a, b): kinds[i] = 2; first[i] = a; second[i] = b
            }
        }
        sink.put(array: kinds)
        sink.put(array: first)
        sink.put(array: second)
        sink.put(tokens)
        sink.put(UInt64(bigramIds.count))
        sink.put(array: bigramIds.slots.map(\.key))
        sink.put(array: bigramIds.slots.map(\.value))
    }

    init(snapshot source: inout some SnapshotByteSource) throws(IndexError) {
        self.init()
        let kinds = try source.takeArray(UInt8.self), first = try source.takeArray(Int32.self), second = try source.takeArray(Int32.self)
        var tokens = try source.takeBuffer()
        let n = kinds.count
        guard first.count == n, second.count == n else { throw .decoding(reason: "term arrays disagree on the number of terms") }
        terms.reserveCapacity(n)
        for i in 0..<n {
            switch kinds[i] {
            case 0:
                guard (0..<0x10000).contains(first[i]) else { throw .decoding(reason: "term \(i): bad character") }
                characterIds[Int(first[i])] = Int32(i)
                terms.append(.unit(.character(UInt16(first[i]))))
            case 1:
                let s = try tokens.string()
                tokenIds[s] = Int32(i)
                terms.append(.unit(.token(s)))
            case 2:
                guard (0..<Int32(n)).contains(first[i]), (0..<Int32(n)).contains(second[i]) else {
                    throw .decoding(reason: "term \(i): bigram of unknown terms")
                }
                terms.append(.bigram(first[i], second[i]))
                bigramsBeginning[first[i], default: []].append(Int32(i))
            default:
                throw .decoding(reason: "term \(i): unknown kind \(kinds[i])")
            }
        }
        let bigrams = try source.take(UInt64.self)
        let keys = try source.takeArray(UInt64.self), values = try source.takeArray(Int32.self)
        guard keys.count == values.count, keys.count >= 1024, keys.count & (keys.count - 1) == 0, bigrams <= UInt64(keys.count / 2) else {
            throw .decoding(reason: "bigram table of \(keys.count) slots for \(bigrams) bigrams")
        }
        bigramIds.slots = zip(keys, values).map { BigramTable.Slot(key: $0, value: $1) }
        bigramIds.mask = keys.count - 1
        bigramIds.count = Int(bigrams)
    }
}

extension PostingPool {
    /// Writes the pool: the arena as it is, or `packed` (`packedLayout`: no unused slice
    /// ends, and each list's first slice recorded, as format 6 reads it).
    func writeSnapshot(to sink: inout some SnapshotByteSink, withBlocks: Bool, withEnvelopes: Bool = true, packed: Bool = false) {
        guard packed else {
            sink.put(UInt64(bytes.count))
            bytes.withUnsafeBufferPointer { sink.write(UnsafeRawBufferPointer($0)) }
            writeTables(lists: lists, fullStarts: nil, openStarts: nil, to: &sink, withBlocks: withBlocks, withEnvelopes: withEnvelopes, withHeads: false)
            return
        }
        let layout = packedLayout()
        sink.put(UInt64(layout.size))
        writePackedBytes { sink.write($0) }
        writeTables(lists: layout.lists, fullStarts: layout.fullStarts, openStarts: layout.openStarts, to: &sink, withBlocks: withBlocks,
                    withEnvelopes: withEnvelopes, withHeads: true)
    }

    /// Whether every list starts with the smallest slice, as before packing (formats up to 5).
    var isUnpacked: Bool {
        lists.allSatisfy { $0.headLevel == 0 && $0.headLimit == $0.head + Self.sliceSizes[0] - Self.pointerSize }
    }

    /// Writes the list states and blocks after the arena: `lists`, and the blocks with their
    /// starts from `fullStarts` and `openStarts` where given (`PackedLayout`).
    private func writeTables(lists: [ListState], fullStarts: [PostingReaderState]?, openStarts: [PostingReaderState]?,
                             to sink: inout some SnapshotByteSink, withBlocks: Bool, withEnvelopes: Bool, withHeads: Bool) {
        sink.put(array: lists.map(\.head))
        sink.put(array: lists.map(\.tail))
        sink.put(array: lists.map(\.limit))
        sink.put(array: lists.map(\.lastDocument))
        sink.put(array: lists.map(\.documentCount))
        sink.put(array: lists.map(\.level))
        if withHeads {
            sink.put(array: lists.map(\.headLevel))
            sink.put(array: lists.map(\.headLimit))
        }
        // Format 2: each list's slot, the open block of each slot, then each slot's full blocks.
        guard withBlocks else { return }
        sink.put(array: lists.map(\.slot))
        Self.write(openBlocks, starts: openStarts, to: &sink, withEnvelopes: withEnvelopes)
        sink.put(array: blockLists.map { Int32($0.count) })
        Self.write(blockLists.flatMap { $0 }, starts: fullStarts, to: &sink, withEnvelopes: withEnvelopes)
    }

    /// Writes `blocks`, with `starts` in place of their own when given.
    private static func write(_ blocks: [some BlockBounds], starts: [PostingReaderState]?, to sink: inout some SnapshotByteSink, withEnvelopes: Bool) {
        let starts = starts ?? blocks.map(\.start)
        sink.put(array: starts.map(\.documentBefore))
        sink.put(array: starts.map(\.offset))
        sink.put(array: starts.map(\.sliceLimit))
        sink.put(array: starts.map(\.level))
        sink.put(array: blocks.map(\.lastDocument))
        sink.put(array: blocks.map(\.maxFrequency))
        sink.put(array: blocks.map(\.minLength))
        sink.put(array: blocks.map(\.maxTime))
        sink.put(array: blocks.map(\.maxEngagement))
        sink.put(array: blocks.map(\.maxSaturation))
        sink.put(array: blocks.map(\.minAverageLength))
        guard withEnvelopes else { return }
        sink.put(array: blocks.flatMap { b in (0..<8).map { b.envelopeSample($0) } })
    }

    private static func readBlocks(_ source: inout some SnapshotByteSource, count: Int, arena: Int32, format: UInt32) throws(IndexError) -> [PostingBlock] {
        let before = try source.takeArray(Int32.self), offset = try source.takeArray(Int32.self)
        let sliceLimit = try source.takeArray(Int32.self), level = try source.takeArray(Int32.self)
        let last = try source.takeArray(Int32.self), frequency = try source.takeArray(Int32.self), length = try source.takeArray(Int32.self)
        let time = try source.takeArray(Int64.self), engagement = try source.takeArray(Float.self)
        let saturation = try source.takeArray(Float.self), average = try source.takeArray(Float.self)
        // Format 4 adds the envelopes (older ones get theirs when re-encoded, `recodingLegacyLists`).
        let envelopes = format >= 4 ? try source.takeArray(Float.self) : [Float](repeating: .infinity, count: count * 8)
        guard envelopes.count == count * 8, [before.count, offset.count, sliceLimit.count, level.count, last.count, frequency.count, length.count, time.count, engagement.count,
               saturation.count, average.count]
            .allSatisfy({ $0 == count }) else {
            throw .decoding(reason: "posting block arrays disagree on the number of blocks")
        }
        var blocks: [PostingBlock] = []
        blocks.reserveCapacity(count)
        for i in 0..<count {
            guard offset[i] >= 0, offset[i] <= sliceLimit[i], sliceLimit[i] <= arena, level[i] >= 0, Int(level[i]) < sliceSizes.count else {
                throw .decoding(reason: "posting block \(i) points outside the arena")
            }
            var block = PostingBlock(start: PostingReaderState(documentBefore: before[i], offset: offset[i], sliceLimit: sliceLimit[i], level: level[i]))
            block.lastDocument = last[i]
            block.maxFrequency = frequency[i]
            block.minLength = length[i]
            block.maxTime = time[i]
            block.maxEngagement = engagement[i]
            block.maxSaturation = saturation[i]
            block.minAverageLength = average[i]
            // A damaged sample must not order blocks wrongly: NaN reads as no bound.
            for k in 0..<8 { block.envelope.values[k] = envelopes[i * 8 + k].isNaN ? .infinity : envelopes[i * 8 + k] }
            blocks.append(block)
        }
        return blocks
    }

    /// Reads a pool written by `writeSnapshot`; a format-1 pool has no blocks (format 1 and 2
    /// pools are then re-encoded by `recodingLegacyLists`, which builds them).
    init(snapshot source: inout some SnapshotByteSource, terms: Int, format: UInt32, documents: Int,
         signals: (Int32) -> DocumentSignals) throws(IndexError) {
        self.init()
        let arenaBytes = try source.take(UInt64.self)
        guard arenaBytes <= UInt64(source.remaining) else {
            throw .decoding(reason: "a posting arena of \(arenaBytes) bytes is longer than the \(source.remaining) bytes left")
        }
        bytes = try ByteArena(count: Int(arenaBytes)) { (buffer) throws(IndexError) in try source.read(into: buffer) }
        let head = try source.takeArray(Int32.self), tail = try source.takeArray(Int32.self), limit = try source.takeArray(Int32.self)
        let last = try source.takeArray(Int32.self), counts = try source.takeArray(Int32.self), level = try source.takeArray(UInt8.self)
        let n = head.count, size = Int32(clamping: bytes.count)
        // Format 6 records each list's first slice; before it, every list began with the smallest.
        let headLevel = format >= 6 ? try source.takeArray(UInt8.self) : [UInt8](repeating: 0, count: n)
        let headLimit = format >= 6 ? try source.takeArray(Int32.self) : head.map { $0 &+ Self.sliceSizes[0] - Self.pointerSize }
        guard n <= terms, [tail.count, limit.count, last.count, counts.count, level.count, headLevel.count, headLimit.count].allSatisfy({ $0 == n }) else {
            throw .decoding(reason: "posting list arrays disagree on the number of terms")
        }
        var slots = [Int32](repeating: -1, count: n)
        if format >= 2 {
            slots = try source.takeArray(Int32.self)
            guard slots.count == n else { throw .decoding(reason: "posting block slots disagree on the number of terms") }
            let slotCount = slots.reduce(0) { $1 >= 0 ? $0 + 1 : $0 }
            openBlocks = try Self.readBlocks(&source, count: slotCount, arena: size, format: format)
            let perSlot = try source.takeArray(Int32.self)
            guard perSlot.count == slotCount, perSlot.allSatisfy({ $0 >= 0 }) else { throw .decoding(reason: "posting block counts disagree on the number of slots") }
            let full = try Self.readBlocks(&source, count: perSlot.reduce(0) { $0 + Int($1) }, arena: size, format: format)
            var next = 0
            blockLists.reserveCapacity(slotCount)
            for count in perSlot {
                blockLists.append(full[next..<(next + Int(count))].map(SealedBlock.init))
                next += Int(count)
            }
        }
        lists.reserveCapacity(n)
        var seen = [Bool](repeating: false, count: openBlocks.count)
        for i in 0..<n {
            guard head[i] >= 0, head[i] < size, tail[i] >= 0, tail[i] <= limit[i], limit[i] <= size, Int(level[i]) < Self.sliceSizes.count,
                  headLimit[i] >= head[i], headLimit[i] <= size, Int(headLevel[i]) < Self.sliceSizes.count, counts[i] >= 0 else {
                throw .decoding(reason: "posting list \(i) points outside the arena")
            }
            let slot = slots[i]
            // Blocks are kept from the current format only; older lists are re-encoded with
            // fresh blocks (`recodingLegacyLists`), so theirs are read past and not checked.
            let keepsBlocks = format >= 5
            if keepsBlocks {
                // A list has a slot exactly when it has filled a block, and no two lists share one.
                let expected = Int(counts[i]) / PostingBlock.size
                if slot < 0 {
                    guard expected == 0 else { throw .decoding(reason: "posting list \(i) has \(counts[i]) documents but no blocks") }
                } else {
                    guard Int(slot) < openBlocks.count, !seen[Int(slot)], blockLists[Int(slot)].count == expected else {
                        throw .decoding(reason: "posting list \(i) has a bad block slot \(slot)")
                    }
                    seen[Int(slot)] = true
                }
            }
            lists.append(ListState(head: head[i], tail: tail[i], limit: limit[i], lastDocument: last[i], documentCount: counts[i], level: level[i],
                                   headLevel: headLevel[i], headLimit: headLimit[i], slot: keepsBlocks ? slot : -1))
        }
    }
}

extension FieldIndex {
    func writeSnapshot(to sink: inout some SnapshotByteSink) {
        var out = BinaryWriter()
        out.varint(UInt64(folded.count))
        for (raw, fold) in folded { out.string(raw); out.string(fold) }
        out.varint(UInt64(postings.count))
        for (field, values) in postings {
            out.string(field.rawValue)
            out.varint(UInt64(values.count))
            for (value, documents) in values {
                out.string(value)
                out.varint(UInt64(documents.count))
                var previous: Int32 = -1
                documents.forEach { d in out.varint(UInt64(d - previous)); previous = d }
            }
        }
        sink.put(out)
    }

    init(decoding input: inout BinaryReader, documents: Int) throws(IndexError) {
        self.init()
        let foldedCount = try input.count(minimumBytes: 2)
        folded.reserveCapacity(foldedCount)
        for _ in 0..<foldedCount { folded[try input.string()] = try input.string() }
        for _ in 0..<(try input.count()) {
            let name = try input.string()
            guard let field = QueryField(rawValue: name) else { throw .decoding(reason: "unknown field `\(name)`") }
            let valueCount = try input.count(minimumBytes: 2)
            var values: [String: FieldDocuments] = [:]
            values.reserveCapacity(valueCount)
            for _ in 0..<valueCount {
                let value = try input.string()
                let n = try input.count()
                var list = FieldDocuments()
                var d: Int64 = -1
                for _ in 0..<n {
                    d += Int64(try input.varint() & 0xFFFF_FFFF)
                    guard d < Int64(documents) else { throw .decoding(reason: "field `\(name)` lists an unknown document") }
                    list.append(Int32(d))
                }
                values[value] = list
            }
            // Older builds kept a list per id; `id:` now reads the id map, so they are dropped.
            if field != .id { postings[field] = values }
        }
        guard input.atEnd else { throw .decoding(reason: "field index has trailing bytes") }
    }
}

