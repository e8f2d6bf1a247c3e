import Foundation
import Hudong
import HudongREPL
import Testing

/// Scripted REPL sessions: each file in `Scenarios/` holds commands (`> …`) and the exact output
/// expected after each. The session runs without a terminal, as `hudong repl < file` would.
@Suite("REPL scenarios")
struct ReplScenarioTests {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static var scenarioFiles: [String] {
        let dir = root + "/Tests/HudongREPLTests/Scenarios"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    }

    /// Steps of a scenario: a command and the output expected after it.
    static func steps(of text: String) -> [(command: String, expected: String)] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        var steps: [(String, String)] = []
        for line in lines {
            if line.hasPrefix("> ") {
                steps.append((String(line.dropFirst(2)), ""))
            } else if !steps.isEmpty {
                steps[steps.count - 1].1 += line + "\n"
            }
            // Lines before the first command are the scenario's description.
        }
        return steps
    }

    /// Output equals the expected text line by line, except that an expected line ending in
    /// ` …` matches any line that starts with the text before it (for estimates such as `stats`'
    /// memory line, whose bytes depend on the platform's allocator).
    static func matches(_ output: String, _ expected: String) -> Bool {
        let got = output.split(separator: "\n", omittingEmptySubsequences: false)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        guard got.count == want.count else { return false }
        return zip(got, want).allSatisfy { line, pattern in
            pattern.hasSuffix(" …") ? line.hasPrefix(pattern.dropLast(2)) : line == pattern
        }
    }

    @Test("Every scenario file replays exactly", arguments: scenarioFiles)
    func scenario(_ file: String) throws {
        let text = try String(contentsOfFile: Self.root + "/Tests/HudongREPLTests/Scenarios/" + file, encoding: .utf8)
        let engine = try Engine(threads: 1)
        var settings = ReplSession.Settings()
        settings.timing = false
        let session = ReplSession(engine: engine, settings: settings)
        _ = FileManager.default.changeCurrentDirectoryPath(Self.root)
        let steps = Self.steps(of: text)
        #expect(!steps.isEmpty, "\(file) has no commands")
        for step in steps {
            let result = session.execute(step.command)
            #expect(Self.matches(result.output, step.expected), "\(file): `\(step.command)`\n--- expected\n\(step.expected)--- got\n\(result.output)")
        }
    }

    @Test("Errors never end the session and name what went wrong")
    func errorsKeepTheSessionAlive() throws {
        let session = ReplSession(engine: try Engine(threads: 1))
        let typo = session.execute("serch 小米")
        #expect(typo.failed && typo.output.contains("did you mean `search`"))
        let broken = session.execute("search 小米 AND (手机")
        #expect(broken.failed && broken.output.contains("column 11"))
        let missing = session.execute("load /nonexistent/feed.jsonl")
        #expect(missing.failed && missing.output.contains("/nonexistent/feed.jsonl"))
        #expect(!session.execute("stats").failed)
        #expect(session.execute("quit").quit)
    }

    @Test("Completion offers commands at the start and field names after")
    func completion() throws {
        let session = ReplSession(engine: try Engine(threads: 1))
        #expect(session.completions(for: "se", atLineStart: true) == ["search", "set"])
        #expect(session.completions(for: "ch", atLineStart: false) == ["channel:"])
    }
}
