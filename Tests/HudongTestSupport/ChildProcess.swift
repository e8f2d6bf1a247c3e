#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn` and reaped with `waitpid`, for tests that drive
/// real executables (tmux, `hudong`, `chattr`).
///
/// Foundation's `Process` watches children through a run loop and a SIGCHLD source; with several
/// tests spawning and killing processes at once it was seen to miss an exit and wait for ever in
/// `waitUntilExit` (a tmux client left as a zombie, CI timed out). This type waits on its own pid
/// only, always with a deadline, and never lets a child inherit another child's pipe.
public final class ChildProcess: @unchecked Sendable {
    /// Where the child's standard output goes.
    public enum Output: Sendable {
        /// `/dev/null`: for children that fork daemons, which would hold a pipe open for ever.
        case discard
        /// A pipe read by `finish(within:)`.
        case capture
    }

    /// The child's process id.
    public let pid: pid_t
    private var outputFD: Int32
    private var status: Int32?

    /// Starts `executable` with `arguments`; standard input and error are `/dev/null`.
    public init(_ executable: String, _ arguments: [String], output: Output = .discard) throws(ChildProcessError) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pipeFDs: [Int32] = [-1, -1]
        switch output {
        case .discard:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        case .capture:
            // Close-on-exec, so no other child spawned meanwhile inherits the write end.
            guard pipe(&pipeFDs) == 0 else { throw .spawn(executable, errno) }
            for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        }
        // The sandbox may start us with signals blocked; the child gets a clean mask.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        if pipeFDs[1] >= 0 { close(pipeFDs[1]) }
        guard result == 0 else {
            if pipeFDs[0] >= 0 { close(pipeFDs[0]) }
            throw .spawn(executable, result)
        }
        pid = child
        outputFD = pipeFDs[0]
    }

    deinit {
        if status == nil { kill(pid, SIGKILL); _ = wait(within: 5) }
        if outputFD >= 0 { close(outputFD) }
    }

    /// Whether the child has not exited yet (reaps it if it has).
    public var isRunning: Bool { reap() == nil }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) { if status == nil { kill(pid, signal) } }

    /// Waits up to `seconds` for the child to exit; its wait status, or nil if it still runs.
    @discardableResult
    public func wait(within seconds: Double) -> Int32? {
        let deadline = Self.now() + seconds
        while true {
            if let status = reap() { return status }
            if Self.now() >= deadline { return nil }
            usleep(2_000)
        }
    }

    /// Reads the captured output to its end and waits for the exit, both within `seconds`; a
    /// child still running then is killed. Returns the output (empty when discarded).
    public func finish(within seconds: Double) -> String {
        let deadline = Self.now() + seconds
        var bytes: [UInt8] = []
        if outputFD >= 0 {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while Self.now() < deadline {
                var ready = pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0)
                let remaining = Int32(max(1, min(1_000, (deadline - Self.now()) * 1_000)))
                guard poll(&ready, 1, remaining) >= 0 || errno == EINTR else { break }
                if ready.revents == 0 { continue }
                let n = read(outputFD, &buffer, buffer.count)
                if n > 0 { bytes += buffer[0..<n] } else if n == 0 || errno != EINTR { break }
            }
            close(outputFD)
            outputFD = -1
        }
        if wait(within: max(0, deadline - Self.now())) == nil {
            kill(pid, SIGKILL)
            wait(within: 5)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True when the child ended by `signal`.
    public func wasKilled(by signal: Int32) -> Bool {
        guard let status else { return false }
        return status & 0x7f == signal
    }

    /// The exit code, when the child exited normally.
    public var exitCode: Int32? {
        guard let status, status & 0x7f == 0 else { return nil }
        return (status >> 8) & 0xff
    }

    private func reap() -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        let r = waitpid(pid, &raw, WNOHANG)
        if r == pid { status = raw } else if r < 0 && errno != EINTR { status = -1 }
        return status
    }

    private static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Runs `executable` to its end (at most `seconds`) and returns its output and exit code.
    public static func run(_ executable: String, _ arguments: [String], within seconds: Double = 60) -> (output: String, exitCode: Int32?) {
        guard let child = try? ChildProcess(executable, arguments, output: .capture) else { return ("", nil) }
        let output = child.finish(within: seconds)
        return (output, child.exitCode)
    }
}

/// A child process that could not be started.
public enum ChildProcessError: Error, CustomStringConvertible {
    case spawn(String, Int32)

    public var description: String {
        switch self {
        case let .spawn(path, code): "cannot start \(path): \(String(cString: strerror(code)))"
        }
    }
}
