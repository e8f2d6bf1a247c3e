import Foundation

/// Shows long output through `less -FRX` on a terminal, short output directly.
///
/// `less` is started with `posix_spawn` and reaped with `waitpid` on its own pid. Quitting the
/// pager early (`q` before the end) closes the pipe: the rest of the text is dropped and the
/// session goes on (SIGPIPE is ignored while writing, EPIPE ends the write).
enum Pager {
    static func show(_ text: String) {
        var size = winsize()
        let rows = ioctl(1, UInt(TIOCGWINSZ), &size) == 0 && size.ws_row > 0 ? Int(size.ws_row) : 40
        let lines = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        guard lines >= rows - 1, let less = ["/usr/bin/less", "/bin/less"].first(where: FileManager.default.isExecutableFile),
              page(text, through: less) else {
            writeAll(text, to: 1)
            return
        }
    }

    /// Pipes `text` into `less`; false when it could not be started.
    private static func page(_ text: String, through less: String) -> Bool {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        let argv = [strdup(less), strdup("-FRX"), nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let started = posix_spawn(&pid, less, &actions, nil, argv, environ)
        close(fds[0])
        guard started == 0 else { close(fds[1]); return false }
        let previous = signal(SIGPIPE, SIG_IGN)
        writeAll(text, to: fds[1])
        close(fds[1])
        signal(SIGPIPE, previous)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return true
    }

    /// Writes all of `text` to `fd`, retrying short writes; stops at the first error (EPIPE).
    private static func writeAll(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        bytes.withUnsafeMutableBytes { raw in
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
    }
}
