#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real file system through POSIX calls: `pwrite`, `pread`, `fsync`, `rename`, `flock`.
///
/// `syncDirectory` opens the directory and fsyncs it, so a rename or a new file survives a
/// power cut. `lock` takes `flock(LOCK_EX | LOCK_NB)` on `DIR/LOCK`; the kernel drops it when
/// the process dies, so a crash never leaves the store locked.
public struct PosixStorage: StorageDriver {
    /// The file system of this machine.
    public init() {}

    static func error(_ path: String, _ operation: String, _ code: Int32 = errno) -> StoreError {
        .io(path: path, operation: operation, errno: code, message: String(cString: strerror(code)))
    }

    public func createDirectory(_ path: String) throws(StoreError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o755) != 0, errno != EEXIST { throw Self.error(prefix, "mkdir") }
            prefix += "/"
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw Self.error(path, "stat") }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw Self.error(path, "mkdir", ENOTDIR) }
    }

    public func list(_ directory: String) throws(StoreError) -> [String] {
        guard let dir = opendir(directory) else { throw Self.error(directory, "opendir") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func openForReading(_ path: String) throws(StoreError) -> any StorageFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.error(path, "open") }
        return PosixFile(fd: fd, path: path)
    }

    public func openForWriting(_ path: String, truncate: Bool) throws(StoreError) -> any StorageFile {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0o644)
        guard fd >= 0 else { throw Self.error(path, "open for writing") }
        return PosixFile(fd: fd, path: path)
    }

    public func rename(_ from: String, to: String) throws(StoreError) {
        #if canImport(Glibc)
        let result = Glibc.rename(from, to)
        #else
        let result = Darwin.rename(from, to)
        #endif
        guard result == 0 else { throw Self.error(from, "rename to \(to)") }
    }

    public func remove(_ path: String) throws(StoreError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw Self.error(path, "unlink") }
    }

    public func syncDirectory(_ path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.error(path, "open directory") }
        defer { _ = closeDescriptor(fd) }
        guard fsync(fd) == 0 else { throw Self.error(path, "fsync directory") }
    }

    public func lock(_ directory: String) throws(StoreError) -> any StorageLock {
        let path = joinPath(directory, "LOCK")
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.error(path, "open lock file") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            _ = closeDescriptor(fd)
            if code == EWOULDBLOCK { throw StoreError.locked(directory: directory) }
            throw Self.error(path, "flock", code)
        }
        return PosixLock(fd: fd)
    }
}

@inline(__always)
func closeDescriptor(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.close(fd)
    #else
    return Darwin.close(fd)
    #endif
}

/// A file descriptor with positioned reads and writes.
final class PosixFile: StorageFile {
    let path: String
    private var fd: Int32

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close() }

    func size() throws(StoreError) -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw PosixStorage.error(path, "fstat") }
        return Int(info.st_size)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(StoreError) -> Int {
        while true {
            let n = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno != EINTR { throw PosixStorage.error(path, "read") }
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(StoreError) {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress.map { $0 + done }, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw PosixStorage.error(path, "write")
            }
            if n == 0 { throw PosixStorage.error(path, "write", ENOSPC) }
            done += n
        }
    }

    func truncate(to length: Int) throws(StoreError) {
        guard ftruncate(fd, off_t(length)) == 0 else { throw PosixStorage.error(path, "truncate") }
    }

    func sync() throws(StoreError) {
        guard fsync(fd) == 0 else { throw PosixStorage.error(path, "fsync") }
    }

    func close() {
        if fd >= 0 { _ = closeDescriptor(fd) }
        fd = -1
    }
}

/// An `flock` held on an open descriptor.
final class PosixLock: StorageLock, @unchecked Sendable {
    private var fd: Int32

    init(fd: Int32) { self.fd = fd }

    deinit { release() }

    func release() {
        if fd >= 0 { _ = closeDescriptor(fd) }
        fd = -1
    }
}
