import Foundation
import HudongTestSupport
import Testing

/// Drives `hudong repl` in a real terminal (tmux): editing, history, completion, Ctrl-C, Ctrl-D.
///
/// Needs tmux and the built executable (`scripts/test` builds it first); skipped with a message
/// where either is missing.
@Suite("REPL in a real terminal")
struct TerminalSessionTests {
    static let root = ReplScenarioTests.root
    static let executable = root + "/.build/debug/hudong"
    static let tmux = ["/usr/bin/tmux", "/bin/tmux", "/usr/local/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let available = tmux != nil && FileManager.default.isExecutableFile(atPath: executable)

    /// One tmux session running the REPL.
    struct Session {
        let name: String
        let tmux: String

        /// Runs a tmux command and returns what it printed (within 20 s). `new-session` forks
        /// the tmux server, which would hold an output pipe open for ever: its output is discarded.
        @discardableResult
        func run(_ arguments: [String]) -> String {
            let capture = arguments.first != "new-session"
            guard let child = try? ChildProcess(tmux, arguments, output: capture ? .capture : .discard) else { return "" }
            return child.finish(within: 20)
        }

        func keys(_ keys: String...) { run(["send-keys", "-t", name] + keys) }

        func screen() -> String { run(["capture-pane", "-t", name, "-p"]) }

        var isRunning: Bool { run(["list-sessions", "-F", "#{session_name}"]).split(separator: "\n").contains { $0 == name } }

        /// Waits (up to `seconds`) until the screen satisfies `condition`; returns the last screen.
        func wait(_ seconds: Double = 30, until condition: (String) -> Bool) -> String {
            let deadline = Date().addingTimeInterval(seconds)
            var last = screen()
            while !condition(last), Date() < deadline {
                Thread.sleep(forTimeInterval: 0.1)
                last = screen()
            }
            return last
        }

        /// The last non-empty line of the screen (the prompt line).
        func promptLine() -> String {
            screen().split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? ""
        }
    }

    @Test("Editing, history, completion, Ctrl-C and Ctrl-D in tmux", .timeLimit(.minutes(5)),
          .enabled(if: available, "tmux or .build/debug/hudong is missing: the terminal test is skipped (scripts/test builds hudong first)"))
    func terminalSession() throws {
        guard let tmux = Self.tmux else { return }
        let history = NSTemporaryDirectory() + "hudong-history-\(UUID().uuidString)"
        let session = Session(name: "hudong-test-\(getpid())", tmux: tmux)
        let command = "cd '\(Self.root)' && HUDONG_HISTORY='\(history)' '\(Self.executable)' repl --threads 1 --feed corpora/feeds/sample.jsonl; sleep 5"
        session.run(["new-session", "-d", "-s", session.name, "-x", "120", "-y", "50", command])
        defer { session.run(["kill-session", "-t", session.name]); try? FileManager.default.removeItem(atPath: history) }

        // (capture-pane trims the space after the prompt)
        #expect(session.wait { $0.contains("loaded 44 items") && $0.contains("hudong>") }.contains("loaded 44 items"))

        // Tab completes a command name.
        session.keys("sea", "Tab")
        #expect(session.wait { $0.contains("hudong> search") }.contains("hudong> search"))
        session.keys("酒店", "Enter")
        #expect(session.wait { $0.contains("9 hits") }.contains("9 hits"))

        // Ctrl-C drops the line being typed; the session goes on.
        session.keys("stats 这行不会执行")
        _ = session.wait { $0.contains("这行不会执行") } // as a person would: see the line, then press Ctrl-C
        Thread.sleep(forTimeInterval: 0.2)
        session.keys("C-c")
        #expect(session.wait { $0.contains("^C") }.contains("^C"))
        session.keys("stats", "Enter")
        #expect(session.wait { $0.contains("items: 44 live") }.contains("items: 44 live"))
        #expect(session.isRunning)

        // Up recalls history; Ctrl-A moves to the start of the line for editing.
        session.keys("Up")
        _ = session.wait { $0.hasSuffix("hudong> stats\n") || $0.contains("hudong> stats") }
        session.keys("C-a")
        session.keys("x")
        _ = session.wait { _ in session.promptLine().hasSuffix("xstats") }
        #expect(session.promptLine().hasSuffix("hudong> xstats"))
        session.keys("C-u")

        // Ctrl-D leaves, and the history file keeps the commands for next time.
        session.keys("C-d")
        let deadline = Date().addingTimeInterval(10)
        var saved = ""
        while Date() < deadline {
            saved = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
            if saved.contains("stats"), session.screen().contains("^D") || !session.isRunning { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(saved.contains("search\\040酒店") || saved.contains("search 酒店"))
        #expect(saved.contains("stats"))
    }
}
