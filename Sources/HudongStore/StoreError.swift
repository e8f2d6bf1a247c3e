import HudongIndex

/// An error raised by the store: a file operation that failed, damaged or too-new data, a busy directory.
///
/// One error type for the module. Every case names the file and, for damage, the byte offset,
/// and says what to do; `description` is ready to print.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file-system call failed (`errno` as reported: `ENOSPC` for a full disk, `EACCES`/`EPERM`/`EROFS` for an unwritable directory).
    case io(path: String, operation: String, errno: Int32, message: String)
    /// Another process holds the store's lock.
    case locked(directory: String)
    /// A snapshot or journal written by a newer build; this build will not guess at it.
    case newerFormat(path: String, what: String, found: UInt32, supported: UInt32)
    /// A snapshot whose header, section checksum or contents do not check out.
    case corruptSnapshot(path: String, reason: String)
    /// A journal record that is damaged (and the policy is to refuse) or cannot be applied.
    case corruptJournal(path: String, offset: Int, reason: String)
    /// The state cannot be rebuilt: no valid snapshot and the journal does not reach back far enough.
    case unrecoverable(directory: String, reason: String)
    /// An earlier write or fsync failed; the journal refuses writes until the store is reopened.
    case failed(reason: String)
    /// A setting that does not parse (`--retain 30x`).
    case invalidSetting(name: String, value: String, reason: String)

    /// Whether this is a full disk (`ENOSPC`, `EDQUOT`).
    public var isNoSpace: Bool {
        if case let .io(_, _, code, _) = self { return code == 28 || code == 122 }
        return false
    }

    public var description: String {
        switch self {
        case let .io(path, operation, code, message):
            let hint: String
            switch code {
            case 28, 122: hint = " (the disk is full: free space, then retry; nothing was acknowledged by this write)"
            case 1, 13, 30: hint = " (the data directory is not writable)"
            default: hint = ""
            }
            return "\(path): \(operation) failed: \(message) [errno \(code)]\(hint)"
        case let .locked(directory):
            return "\(directory): another hudong process is using this data directory (its lock is held)"
        case let .newerFormat(path, what, found, supported):
            return "\(path): \(what) format \(found) was written by a newer hudong; this build reads up to format \(supported). Upgrade hudong, or move the file aside to rebuild from older snapshots and the journal."
        case let .corruptSnapshot(path, reason):
            return "\(path): damaged snapshot: \(reason)"
        case let .corruptJournal(path, offset, reason):
            return "\(path): damaged journal at byte \(offset): \(reason)"
        case let .unrecoverable(directory, reason):
            return "\(directory): cannot rebuild the state: \(reason)"
        case let .failed(reason):
            return "the journal is stopped after an earlier failure (\(reason)); reopen the store"
        case let .invalidSetting(name, value, reason):
            return "\(name) \(value): \(reason)"
        }
    }

    /// Wraps an index decoding error found in `path`.
    static func snapshot(_ error: IndexError, path: String) -> StoreError {
        .corruptSnapshot(path: path, reason: error.message)
    }
}
