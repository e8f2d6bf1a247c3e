/// The file-system seam under the store: directories, files, renames, fsync.
///
/// The store touches disk only through this protocol. `PosixStorage` is the real one;
/// `MemoryStorage` keeps files in memory, can inject faults (full disk, failing fsync,
/// read-only directory) and can simulate a crash that loses what was never synced — the tests
/// run the store's fault behaviour against it. Paths are plain strings joined with `/`.
public protocol StorageDriver: Sendable {
    /// Creates `path` and any missing parents; succeeds if it exists.
    func createDirectory(_ path: String) throws(StoreError)
    /// The names of the entries of `directory` (not `.` and `..`).
    func list(_ directory: String) throws(StoreError) -> [String]
    /// Opens an existing file to read.
    func openForReading(_ path: String) throws(StoreError) -> any StorageFile
    /// Opens a file to write, creating it if needed; `truncate` empties it first.
    func openForWriting(_ path: String, truncate: Bool) throws(StoreError) -> any StorageFile
    /// Renames atomically, replacing `to` if it exists.
    func rename(_ from: String, to: String) throws(StoreError)
    /// Removes a file.
    func remove(_ path: String) throws(StoreError)
    /// Makes the directory's entries (creations, renames, removals) durable.
    func syncDirectory(_ path: String) throws(StoreError)
    /// Takes the directory's exclusive lock, held until the returned lock is released.
    func lock(_ directory: String) throws(StoreError) -> any StorageLock
}

/// An open file. Used by one thread at a time.
public protocol StorageFile: AnyObject {
    var path: String { get }
    /// Current length in bytes.
    func size() throws(StoreError) -> Int
    /// Reads up to `buffer.count` bytes at `offset`; returns how many (0 at the end).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(StoreError) -> Int
    /// Writes all of `bytes` at `offset` (a short write throws, leaving what was written).
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(StoreError)
    /// Cuts the file to `length` bytes.
    func truncate(to length: Int) throws(StoreError)
    /// Makes the contents durable (fsync).
    func sync() throws(StoreError)
    /// Closes the file; further calls fail.
    func close()
}

/// A held directory lock.
public protocol StorageLock: AnyObject, Sendable {
    func release()
}

extension StorageFile {
    /// Reads the whole file.
    public func readAll() throws(StoreError) -> [UInt8] {
        let n = try size()
        var failure: StoreError?
        let bytes = [UInt8](unsafeUninitializedCapacity: n) { buffer, initialized in
            var done = 0
            do throws(StoreError) {
                while done < n {
                    let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[done...]), at: done)
                    if got == 0 { break }
                    done += got
                }
            } catch {
                failure = error
            }
            initialized = done
        }
        if let failure { throw failure }
        return bytes
    }

    /// Fills `buffer` from `offset`, or throws if the file is shorter.
    public func readExactly(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(StoreError) {
        var done = 0
        while done < buffer.count {
            let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]), at: offset + done)
            if got == 0 {
                throw StoreError.io(path: path, operation: "read", errno: 0, message: "unexpected end of file at byte \(offset + done)")
            }
            done += got
        }
    }
}

extension StorageDriver {
    /// Reads a whole file.
    public func readFile(_ path: String) throws(StoreError) -> [UInt8] {
        let file = try openForReading(path)
        defer { file.close() }
        return try file.readAll()
    }

    /// Writes a whole new file durably: temp name, write, fsync, rename, fsync of the directory.
    /// On failure the temp file is removed and `path` is untouched.
    public func writeFileAtomically(_ path: String, _ bytes: [UInt8], directory: String) throws(StoreError) {
        let temp = path + ".tmp"
        do throws(StoreError) {
            let file = try openForWriting(temp, truncate: true)
            defer { file.close() }
            try bytes.withBytes { (raw) throws(StoreError) in try file.write(raw, at: 0) }
            try file.sync()
        } catch {
            try? remove(temp)
            throw error
        }
        try rename(temp, to: path)
        try syncDirectory(directory)
    }
}

/// Joins path components with `/`.
func joinPath(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
}
