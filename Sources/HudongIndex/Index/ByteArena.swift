#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer (the posting arena, the stored items' bytes) whose storage grows in place.
///
/// `[UInt8]` grows by allocating a larger buffer and copying: for the arena, which is most of
/// the index and grows by an eighth at a time, that copied it about eight times over and
/// faulted in every copy's pages (about a third of indexing time in a profile). This buffer
/// grows with `realloc`, which for blocks this large remaps the pages (`mremap` on Linux)
/// instead of copying them, and frees nothing that the heap must then keep as holes.
/// A value type with copy-on-write, like an array: copying the index copies the arena only
/// when one of the copies is next written.
struct ByteArena: Sendable {
    /// The heap block; shared between copies until one writes.
    private final class Storage: @unchecked Sendable {
        var base: UnsafeMutablePointer<UInt8>
        var capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 16)
            guard let raw = malloc(self.capacity) else { fatalError("ByteArena: out of memory allocating \(self.capacity) bytes") }
            base = raw.assumingMemoryBound(to: UInt8.self)
        }

        /// Grows the block to `capacity` bytes, keeping its contents.
        func grow(to newCapacity: Int) {
            guard newCapacity > capacity else { return }
            guard let raw = realloc(base, newCapacity) else { fatalError("ByteArena: out of memory growing to \(newCapacity) bytes") }
            base = raw.assumingMemoryBound(to: UInt8.self)
            capacity = newCapacity
        }

        deinit { free(base) }
    }

    private var storage: Storage
    /// Bytes in use.
    private(set) var count: Int

    init() {
        storage = Storage(capacity: 0)
        count = 0
    }

    /// An arena of `count` bytes written by `fill` (a snapshot's arena, read straight in, so a
    /// load never holds it twice). On a throw the arena is freed.
    init<E: Error>(count: Int, fill: (UnsafeMutableRawBufferPointer) throws(E) -> Void) throws(E) {
        storage = Storage(capacity: count)
        self.count = count
        try fill(UnsafeMutableRawBufferPointer(start: storage.base, count: count))
    }

    /// Bytes held (allocated, not all resident until written).
    var capacity: Int { storage.capacity }

    /// Makes room for `n` bytes in all without further growth.
    mutating func reserveCapacity(_ n: Int) {
        makeUnique()
        storage.grow(to: n)
    }

    /// Appends `n` zero bytes; grows by at least an eighth, so appends are amortized O(n).
    mutating func appendZeros(_ n: Int) {
        makeUnique()
        if count + n > storage.capacity {
            storage.grow(to: count + max(n, count / 8, 1 << 16))
        }
        (storage.base + count).initialize(repeating: 0, count: n)
        count += n
    }

    /// Appends `source`'s bytes; grows like `appendZeros`.
    mutating func append(_ source: UnsafeRawBufferPointer) {
        guard !source.isEmpty else { return }
        makeUnique()
        let n = source.count
        if count + n > storage.capacity {
            storage.grow(to: count + max(n, count / 8, 1 << 16))
        }
        UnsafeMutableRawPointer(storage.base + count).copyMemory(from: source.baseAddress!, byteCount: n)
        count += n
    }

    /// Drops the bytes from `newCount` on (the capacity stays).
    mutating func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count, "ByteArena truncated past its end")
        count = newCount
    }

    subscript(i: Int) -> UInt8 {
        get {
            precondition(i >= 0 && i < count, "ByteArena index out of range")
            return storage.base[i]
        }
        set {
            precondition(i >= 0 && i < count, "ByteArena index out of range")
            makeUnique()
            storage.base[i] = newValue
        }
    }

    /// Calls `body` with the bytes in use.
    @inline(__always)
    func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        try withExtendedLifetime(storage) { () throws(E) -> R in
            try body(UnsafeBufferPointer(start: storage.base, count: count))
        }
    }

    /// Calls `body` with the bytes in use, writable (copying them first if shared).
    @inline(__always)
    mutating func withUnsafeMutableBufferPointer<R, E: Error>(_ body: (UnsafeMutableBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        makeUnique()
        return try withExtendedLifetime(storage) { () throws(E) -> R in
            try body(UnsafeMutableBufferPointer(start: storage.base, count: count))
        }
    }

    /// The bytes in use as an array (for tests and tools; snapshots write from the buffer).
    var array: [UInt8] { withUnsafeBufferPointer { Array($0) } }

    @inline(__always)
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            let copy = Storage(capacity: storage.capacity)
            copy.base.update(from: storage.base, count: count)
            storage = copy
        }
    }
}
