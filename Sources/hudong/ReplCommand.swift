import ArgumentParser
import CEditLine
import Foundation
import Hudong
import HudongREPL
import Synchronization

/// `hudong repl`: the interactive console for developers and analysts.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Query, browse and debug the index interactively.",
        discussion: """
            On a terminal: line editing, history (~/.hudong_history), tab completion of commands and \
            field names, paging of long output, colour. Otherwise it reads one command per line from \
            standard input and prints plain text (or JSON with --json), so it scripts and pipes. \
            With --data DIR the index is recovered from DIR at start, every load, delete and dict \
            change is journaled before it is applied, and a snapshot is written on leaving.
            """
    )

    @OptionGroup var store: DataOptions

    @Option(name: .customLong("feed"), help: "Feeds to load first (JSON Lines or plain text).")
    var feeds: [String] = []

    @Option(name: .long, help: "User dictionary files.")
    var dict: [String] = []

    @Option(name: .long, help: "A taxonomy (YAML): items are tagged at ingest; `tree`, `categories`, `tags` show it.")
    var taxonomy: String?

    @Option(name: .long, help: "A listening watchlist (YAML): enables `watch` and `alerts`.")
    var watch: String?

    @Option(name: .long, help: "Subscribers (YAML or JSON Lines): enables `subscribe`, `match` and `route`.")
    var subscribers: String?

    @Option(name: .long, help: "Message history (JSON Lines) for relationship strength.")
    var messages: [String] = []

    @Flag(name: .long, help: "Print JSON results (one object per command).")
    var json = false

    @Option(name: .long, help: "Analysis threads.")
    var threads = 2

    @Flag(name: .long, help: "Leave timings out of the output (for reproducible scripts).")
    var noTiming = false

    func run() throws {
        let engine = try store.openEngine(dictionaryFiles: dict, threads: threads, command: "repl")
        if let taxonomy { try engine.attachTaxonomy(path: taxonomy) }
        if let watch { try engine.attachWatchlist(path: watch) }
        if let subscribers { try engine.attachSubscribers(path: subscribers, messages: messages) }
        let interactive = Terminal.isInteractive(fd: 0) && Terminal.isInteractive(fd: 1)
        var settings = ReplSession.Settings()
        settings.json = json
        settings.color = interactive && !json
        settings.timing = !noTiming
        let session = ReplSession(engine: engine, settings: settings)
        Interrupt.install()
        session.isCancelled = { Interrupt.flag.load(ordering: .relaxed) }
        for feed in feeds {
            Interrupt.flag.store(false, ordering: .relaxed)
            ReplLoop.emit(session.execute("load \(feed)"), interactive: interactive)
        }
        let failures = ReplLoop.run(session, interactive: interactive)
        try store.close(engine, command: "repl")
        if !interactive, failures > 0 { throw ExitCode(1) }
    }
}

/// The read–execute–print loop shared by `hudong repl` and `hudong run`.
enum ReplLoop {
    /// Reads commands until Ctrl-D or `quit`; returns how many failed.
    static func run(_ session: ReplSession, interactive: Bool) -> Int {
        let input: any LineInput = interactive ? EditLineInput(session: session) : PipedLineInput()
        if interactive {
            print("Hudong \(session.engine.stats().liveItems) items. `help` lists commands; Ctrl-D leaves.")
        }
        var failures = 0
        while let line = input.readLine(prompt: "hudong> ") {
            Interrupt.flag.store(false, ordering: .relaxed)
            let result = session.execute(line)
            if result.failed { failures += 1 }
            emit(result, interactive: interactive)
            if result.quit { break }
        }
        input.close()
        return failures
    }

    static func emit(_ result: ReplSession.Result, interactive: Bool) {
        guard !result.output.isEmpty else { return }
        if interactive {
            Pager.show(result.output)
        } else {
            FileHandle.standardOutput.write(Data(result.output.utf8))
        }
    }
}

/// Where REPL lines come from.
protocol LineInput {
    /// The next line, or nil at the end of input (Ctrl-D).
    func readLine(prompt: String) -> String?
    func close()
}

/// Lines from a pipe or file: no prompt, no editing.
struct PipedLineInput: LineInput {
    func readLine(prompt: String) -> String? { Swift.readLine(strippingNewline: true) }
    func close() {}
}

/// Lines from a terminal through libedit: editing, history, completion.
final class EditLineInput: LineInput {
    private let historyPath: String

    init(session: ReplSession) {
        historyPath = ProcessInfo.processInfo.environment["HUDONG_HISTORY"]
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".hudong_history")
        setlocale(LC_ALL, "")
        Completion.provider = { word, atStart in session.completions(for: word, atLineStart: atStart) }
        hudong_set_completion_function { text, start, _ in
            hudong_set_completion_over(1)
            let word = text.map { String(cString: $0) } ?? ""
            Completion.current = Completion.provider?(word, start == 0) ?? []
            return rl_completion_matches(text) { _, state in
                if state == 0 { Completion.index = 0 }
                guard Completion.index < Completion.current.count else { return nil }
                defer { Completion.index += 1 }
                return strdup(Completion.current[Completion.index])
            }
        }
        // Ctrl-C is ours (Interrupt): libedit must not catch and re-raise it.
        hudong_set_catch_signals(0)
        hudong_bind_ctrl_c()
        stifle_history(2000)
        _ = read_history(historyPath)
    }

    func readLine(prompt: String) -> String? {
        while true {
            Interrupt.flag.store(false, ordering: .relaxed)
            guard let raw = CEditLine.readline(prompt) else {
                // Ctrl-C interrupts the read (no SA_RESTART): drop the line and prompt again, like a shell.
                if Interrupt.flag.load(ordering: .relaxed) {
                    print("^C")
                    continue
                }
                return nil // Ctrl-D
            }
            defer { free(raw) }
            let line = String(cString: raw)
            // Ctrl-C at the prompt (bound in libedit): the line was dropped; prompt again.
            if hudong_take_ctrl_c() != 0 || Interrupt.flag.load(ordering: .relaxed) { continue }
            if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                add_history(line)
                _ = write_history(historyPath)
            }
            return line
        }
    }

    func close() {
        _ = write_history(historyPath)
        print("")
    }
}

/// State for libedit's C completion callbacks, which cannot capture context.
enum Completion {
    nonisolated(unsafe) static var provider: ((String, Bool) -> [String])?
    nonisolated(unsafe) static var current: [String] = []
    nonisolated(unsafe) static var index = 0
}

/// Ctrl-C: a flag the running command checks; the REPL itself keeps running.
enum Interrupt {
    static let flag = Atomic<Bool>(false)

    /// The thread that reads the terminal; set once by `install`, before any handler runs.
    nonisolated(unsafe) static var readingThread = pthread_self()

    /// Installs the SIGINT handler without SA_RESTART, so a blocked terminal read returns.
    ///
    /// SIGINT goes to any thread that does not block it (Dispatch keeps worker threads); the
    /// handler passes it on to the reading thread, whose `read` must be the one interrupted.
    static func install() {
        readingThread = pthread_self()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            if pthread_equal(pthread_self(), Interrupt.readingThread) == 0 {
                pthread_kill(Interrupt.readingThread, signal)
                return
            }
            Interrupt.flag.store(true, ordering: .relaxed)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked (job runners do): take it back.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }
}
