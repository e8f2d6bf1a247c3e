import Foundation

/// An in-memory file system for tests: faults on demand and crashes that lose unsynced data.
///
/// Each file keeps what was written and what was last fsynced; each directory keeps its
/// entries and the entries last made durable by `syncDirectory`. `crashed()` returns the file
/// system a machine would find after a power cut: durable entries only, each file cut back to
/// its synced bytes plus, optionally, a torn prefix of what was appended after. `fault` fails
/// chosen calls with an errno (`ENOSPC`, `EIO`, `EACCES`…); `spaceLimit` makes writes beyond a
/// total size fail with `ENOSPC` after writing what fits, as a real full disk does.
public final class MemoryStorage: StorageDriver, @unchecked Sendable {
    /// A call the fault hook can fail.
    public enum Operation: Sendable, Hashable {
        case openForWriting, write, sync, rename, remove, syncDirectory, truncate, read, list, createDirectory, lock
    }

    final class Node {
        var data: [UInt8] = []
        var synced: [UInt8] = []
    }

    private let mutex = NSLock()
    private var names: [String: Node] = [:]
    private var durableNames: [String: Node] = [:]
    private var directories: Set<String> = []
    private var locks: Set<String> = []
    private var faultHook: (@Sendable (Operation, String) -> Int32?)?
    private var limit: Int?

    /// An empty file system with no faults.
    public init() {}

    /// Fails a call when `hook(operation, path)` returns an errno; nil lets it through.
    public func fault(_ hook: (@Sendable (Operation, String) -> Int32?)?) {
        locked { faultHook = hook }
    }

    /// Total bytes all files may hold; a write past it writes what fits, then fails with `ENOSPC`.
    public var spaceLimit: Int? {
        get { locked { limit } }
        set { locked { limit = newValue } }
    }

    /// The bytes of a file as written (synced or not), or nil.
    public func contents(_ path: String) -> [UInt8]? { locked { names[path]?.data } }

    /// Replaces a file's bytes, synced (to plant damage).
    public func setContents(_ path: String, _ bytes: [UInt8]) {
        locked {
            let node = names[path] ?? Node()
            node.data = bytes
            node.synced = bytes
            names[path] = node
            durableNames[path] = node
        }
    }

    /// Paths of all files.
    public var files: [String] { locked { names.keys.sorted() } }

    /// The file system after a power cut: durable directory entries; each file's synced bytes
    /// plus `torn(unsyncedAppendedBytes)` bytes of what was appended since (0 by default).
    public func crashed(torn: (Int) -> Int = { _ in 0 }) -> MemoryStorage {
        locked {
            let after = MemoryStorage()
            after.directories = directories
            for (path, node) in durableNames {
                let copy = Node()
                copy.data = node.synced
                if node.data.count > node.synced.count, node.data.starts(with: node.synced) {
                    let extra = min(max(0, torn(node.data.count - node.synced.count)), node.data.count - node.synced.count)
                    copy.data += node.data[node.synced.count..<(node.synced.count + extra)]
                }
                copy.synced = copy.data
                after.names[path] = copy
                after.durableNames[path] = copy
            }
            return after
        }
    }

    func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return try body()
    }

    func check(_ operation: Operation, _ path: String) throws(StoreError) {
        let hook = locked { faultHook }
        if let code = hook?(operation, path) {
            throw StoreError.io(path: path, operation: "\(operation)", errno: code, message: String(cString: strerror(code)))
        }
    }

    private static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private func missing(_ path: String, _ operation: String) -> StoreError {
        .io(path: path, operation: operation, errno: ENOENT, message: String(cString: strerror(ENOENT)))
    }

    public func createDirectory(_ path: String) throws(StoreError) {
        try check(.createDirectory, path)
        locked { _ = directories.insert(path) }
    }

    public func list(_ directory: String) throws(StoreError) -> [String] {
        try check(.list, directory)
        let (known, entries) = locked { (directories.contains(directory), names.keys.filter { Self.parent($0) == directory }) }
        guard known else { throw missing(directory, "opendir") }
        return entries.map { String($0.dropFirst(directory.count + 1)) }.sorted()
    }

    public func openForReading(_ path: String) throws(StoreError) -> any StorageFile {
        guard let node = locked({ names[path] }) else { throw missing(path, "open") }
        return MemoryFile(storage: self, node: node, path: path)
    }

    public func openForWriting(_ path: String, truncate: Bool) throws(StoreError) -> any StorageFile {
        try check(.openForWriting, path)
        let node: Node = try locked { () throws(StoreError) -> Node in
            guard directories.contains(Self.parent(path)) else { throw missing(Self.parent(path), "open") }
            if let node = names[path] {
                if truncate { node.data = [] }
                return node
            }
            let node = Node()
            names[path] = node
            return node
        }
        return MemoryFile(storage: self, node: node, path: path)
    }

    public func rename(_ from: String, to: String) throws(StoreError) {
        try check(.rename, from)
        try locked { () throws(StoreError) in
            guard let node = names.removeValue(forKey: from) else { throw missing(from, "rename") }
            names[to] = node
        }
    }

    public func remove(_ path: String) throws(StoreError) {
        try check(.remove, path)
        locked { _ = names.removeValue(forKey: path) }
    }

    public func syncDirectory(_ path: String) throws(StoreError) {
        try check(.syncDirectory, path)
        locked {
            durableNames = durableNames.filter { Self.parent($0.key) != path }
            for (name, node) in names where Self.parent(name) == path { durableNames[name] = node }
        }
    }

    public func lock(_ directory: String) throws(StoreError) -> any StorageLock {
        try check(.lock, directory)
        return try locked { () throws(StoreError) -> any StorageLock in
            guard locks.insert(directory).inserted else { throw StoreError.locked(directory: directory) }
            return MemoryLock { [weak self] in self?.locked { _ = self?.locks.remove(directory) } }
        }
    }

    fileprivate func write(_ node: Node, _ bytes: UnsafeRawBufferPointer, at offset: Int, path: String) throws(StoreError) {
        try check(.write, path)
        try locked { () throws(StoreError) in
            var count = bytes.count
            var full = false
            if let limit {
                let used = names.values.reduce(0) { $0 + $1.data.count }
                let growth = max(0, offset + count - node.data.count)
                if used + growth > limit {
                    count = max(0, min(count, limit - used + (node.data.count - offset)))
                    full = true
                }
            }
            if node.data.count < offset + count { node.data += repeatElement(0, count: offset + count - node.data.count) }
            if count > 0, let source = bytes.baseAddress {
                node.data.withUnsafeMutableBytes { $0.baseAddress?.advanced(by: offset).copyMemory(from: source, byteCount: count) }
            }
            if full { throw StoreError.io(path: path, operation: "write", errno: ENOSPC, message: String(cString: strerror(ENOSPC))) }
        }
    }
}

/// A handle on a `MemoryStorage` file.
final class MemoryFile: StorageFile {
    let path: String
    private let storage: MemoryStorage
    private var node: MemoryStorage.Node?

    init(storage: MemoryStorage, node: MemoryStorage.Node, path: String) {
        self.storage = storage
        self.node = node
        self.path = path
    }

    private func open() throws(StoreError) -> MemoryStorage.Node {
        guard let node else { throw StoreError.io(path: path, operation: "use", errno: EBADF, message: "file is closed") }
        return node
    }

    func size() throws(StoreError) -> Int {
        let node = try open()
        return storage.locked { node.data.count }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(StoreError) -> Int {
        try storage.check(.read, path)
        let node = try open()
        return try storage.locked { () throws(StoreError) -> Int in
            let n = max(0, min(buffer.count, node.data.count - offset))
            if n > 0 {
                node.data.withUnsafeBytes { data in
                    if let source = data.baseAddress { buffer.baseAddress?.copyMemory(from: source + offset, byteCount: n) }
                }
            }
            return n
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(StoreError) {
        guard bytes.count > 0 else { return }
        try storage.write(try open(), bytes, at: offset, path: path)
    }

    func truncate(to length: Int) throws(StoreError) {
        try storage.check(.truncate, path)
        let node = try open()
        try storage.locked { () throws(StoreError) in
            if node.data.count > length { node.data.removeSubrange(length...) } else {
                node.data += repeatElement(0, count: length - node.data.count)
            }
        }
    }

    func sync() throws(StoreError) {
        try storage.check(.sync, path)
        let node = try open()
        try storage.locked { () throws(StoreError) in node.synced = node.data }
    }

    func close() { node = nil }
}

/// A `MemoryStorage` directory lock.
final class MemoryLock: StorageLock, @unchecked Sendable {
    private var unlock: (() -> Void)?

    init(_ unlock: @escaping () -> Void) { self.unlock = unlock }

    deinit { release() }

    func release() {
        unlock?()
        unlock = nil
    }
}
