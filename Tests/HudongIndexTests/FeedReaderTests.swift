import Foundation
import HudongText
import Testing
@testable import HudongIndex

/// The feed reader: every field, every error with its line, warnings, plain text and the round trip.
@Suite struct FeedReaderTests {
    static let feeds = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpora/feeds")

    /// Reads `text` as a feed named `t.jsonl`.
    func read(_ text: String, options: FeedOptions = FeedOptions()) -> FeedBatch {
        var reader = FeedReader(string: text, source: "t.jsonl", options: options)
        return reader.readAll()
    }

    /// The one error `line` gives.
    func error(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let batch = read(line)
        #expect(batch.items.isEmpty, sourceLocation: sourceLocation)
        #expect(batch.errors.count == 1, sourceLocation: sourceLocation)
        return batch.errors.first?.description ?? ""
    }

    @Test func allFields() throws {
        let line = #"{"id":"p1","type":"post","channel":"weibo","author":"小米粉","time":"2026-11-01T10:00:00+08:00","text":"小米手机 #双十一#","city":"北京","relay":true,"likes":12,"shares":3,"comments":4,"tags":["双十一","手机"],"category":"消费评价","keywords":["品牌/小米/小米手机"]}"#
        let item = try #require(read(line).items.first)
        #expect(item == Item(id: "p1", type: .post, channel: "weibo", author: "小米粉", time: 1_793_498_400, text: "小米手机 #双十一#",
                             city: "北京", relay: true, likes: 12, shares: 3, comments: 4, tags: ["双十一", "手机"],
                             category: "消费评价", keywordPaths: ["品牌/小米/小米手机"]))
        let message = #"{"id":"m1","type":"message","text":"在吗","from":"fan","to":"brand","direction":"呼入","group":"g1"}"#
        #expect(read(message).items.first == Item(id: "m1", type: .message, text: "在吗", from: "fan", to: "brand", direction: .in, group: "g1"))
    }

    @Test func defaultsAndLenientValues() throws {
        let item = try #require(read(#"{"id":42,"text":"x","likes":null,"tags":null,"city":"","time":null}"#).items.first)
        #expect(item == Item(id: "42", text: "x"))
        for (value, direction) in [("in", Direction.in), ("入", .in), ("呼入", .in), ("OUT", .out), ("出", .out), ("呼出", .out)] {
            #expect(read(#"{"id":"a","text":"x","direction":"\#(value)"}"#).items.first?.direction == direction)
        }
        #expect(read(#"{"id":"a","text":"x","likes":12.0}"#).items.first?.likes == 12)
    }

    @Test func times() {
        func time(_ json: String) -> Int64? { read(#"{"id":"a","text":"x","time":\#(json)}"#).items.first?.time }
        #expect(time(#""2026-11-01T10:00:00+08:00""#) == 1_793_498_400)
        #expect(time(#""2026-11-01T02:00:00Z""#) == 1_793_498_400)
        #expect(time(#""2026-11-01 10:00:00""#) == 1_793_498_400)
        #expect(time(#""2026-11-01T10:00:00.250+0800""#) == 1_793_498_400)
        #expect(time(#""2026-11-01""#) == 1_793_462_400)
        #expect(time("1793498400") == 1_793_498_400)
        #expect(time(#""1793498400""#) == 1_793_498_400)
        #expect(time("1793498400.9") == 1_793_498_400)
        var utc = FeedOptions()
        utc.timeZoneOffsetSeconds = 0
        #expect(read(#"{"id":"a","text":"x","time":"2026-11-01"}"#, options: utc).items.first?.time == 1_793_491_200)
    }

    @Test(arguments: [
        (#"{"id":"a","text":"x""#, #"t.jsonl:1: malformed JSON: expected `,` or `}` after the value of "text", found the end of the line (column 21)"#),
        (#"{"id":"a","text":"半截"#, "t.jsonl:1: malformed JSON: unterminated string: the line ends inside the string that starts here (column 18)"),
        (#"{"text":"x"}"#, "t.jsonl:1: missing `id`"),
        (#"{"id":"a"}"#, "t.jsonl:1: missing `text`"),
        ("{}", "t.jsonl:1: missing `id` and `text`"),
        (#"{"id":"a","text":""}"#, "t.jsonl:1: empty text"),
        (#"{"id":"a","text":" \n "}"#, "t.jsonl:1: empty text"),
        (#"{"id":"","text":"x"}"#, "t.jsonl:1: `id` is empty (column 7)"),
        (#"{"id":"a","text":"x","likes": "ten"}"#, #"t.jsonl:1: `likes` must be a whole number ≥ 0, found a string "ten" (column 31)"#),
        (#"{"id":"a","text":"x","shares":-3}"#, "t.jsonl:1: `shares` must be a whole number ≥ 0, found -3 (column 31)"),
        (#"{"id":"a","text":"x","comments":1.5}"#, "t.jsonl:1: `comments` must be a whole number ≥ 0, found a number 1.5 (column 33)"),
        (#"{"id":"a","text":"x","relay":"yes"}"#, #"t.jsonl:1: `relay` must be true or false, found a string "yes" (column 30)"#),
        (#"{"id":"a","text":7}"#, "t.jsonl:1: `text` must be a string, found a number 7 (column 18)"),
        (#"{"id":true,"text":"x"}"#, "t.jsonl:1: `id` must be a string, found true (column 7)"),
        (#"{"id":"a","text":"x","type":"video"}"#, #"t.jsonl:1: `type` must be "post" or "message", found a string "video" (column 29)"#),
        (#"{"id":"a","text":"x","direction":"sideways"}"#, #"t.jsonl:1: `direction` must be "in" (入, 呼入) or "out" (出, 呼出), found a string "sideways" (column 34)"#),
        (#"{"id":"a","text":"x","tags":"双十一"}"#, #"t.jsonl:1: `tags` must be an array of strings, found a string "双十一" (write ["双十一"]) (column 29)"#),
        (#"{"id":"a","text":"x","tags":["a",1]}"#, "t.jsonl:1: `tags` must be an array of strings; element 2 is a number 1 (column 29)"),
        (#"{"id":"a","text":"x","time":"2026-13-01"}"#, #"t.jsonl:1: `time` "2026-13-01" is not a time: month 13 is not 1…12 at character 6; use ISO-8601 (2026-11-01T09:30:00+08:00), a date (2026-11-01) or Unix seconds (column 29)"#),
        (#"{"id":"a","text":"x","time":1793462400000}"#, "t.jsonl:1: `time` 1793462400000 is out of range (milliseconds? `time` is in seconds) (column 29)"),
        (#"{"id":"a","text":"x","time":true}"#, "t.jsonl:1: `time` must be a string or a number, found true; use ISO-8601 (2026-11-01T09:30:00+08:00), a date (2026-11-01) or Unix seconds (column 29)"),
        (#"{"id":"a","text":"x"} {"id":"b"}"#, "t.jsonl:1: malformed JSON: unexpected `{` after the end of the object (one object per line) (column 23)"),
        (#"["id","text"]"#, "t.jsonl:1: malformed JSON: expected an object `{…}` on each line, found an array (column 1)"),
        ("{'id':'a','text':'x'}", "t.jsonl:1: malformed JSON: expected a field name in double quotes, found `'` (column 2)"),
        (#"{"id":"a","text":"x",}"#, "t.jsonl:1: malformed JSON: expected a field name after `,` (trailing comma), found `}` (column 22)"),
        (#"{"id":"a","text":"坏\q"}"#, #"t.jsonl:1: malformed JSON: invalid escape `\q` in a string (valid: \" \\ \/ \b \f \n \r \t \uXXXX) (column 20)"#),
        (#"{"id":"a","text":"\u12"}"#, "t.jsonl:1: malformed JSON: `\\u` needs four hex digits (column 19)"),
        (#"{"id":"a","text":"x","likes":01}"#, "t.jsonl:1: malformed JSON: numbers may not have leading zeros, found `0` (column 30)"),
        (#"{"id" "a","text":"x"}"#, #"t.jsonl:1: malformed JSON: expected `:` after the field name "id", found `"` (column 7)"#),
        (#"{"id":"a","text":x}"#, "t.jsonl:1: malformed JSON: expected a value (a string, number, true, false, null, array or object), found `x` (column 18)"),
    ])
    func errorLines(line: String, expected: String) {
        #expect(error(line) == expected)
    }

    @Test func goodLinesAroundBadOnesAreAllRead() throws {
        var reader = try FeedReader(path: Self.feeds.appendingPathComponent("broken.jsonl").path)
        let batch = reader.readAll()
        #expect(batch.items.map(\.id) == ["ok1", "ok2", "ok3", "ok4", "ok5", "ok6", "ok7"])
        let lines = batch.errors.compactMap { error -> Int? in
            if case let .feed(_, line, _) = error { return line }
            return nil
        }
        #expect(lines == [2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 19, 20, 21, 22, 23])
        #expect(batch.errors[4].description.hasSuffix("broken.jsonl:6: `likes` must be a whole number ≥ 0, found a string \"ten\" (column 45)"))
        let warnings = batch.warnings.map { "\($0.line): \($0.message)" }
        #expect(warnings == [
            "14: unknown field `mood` ignored (reported once per feed)",
            "14: unknown field `platform_meta` ignored (reported once per feed)",
            "16: invalid UTF-8 replaced with U+FFFD",
            "17: lone surrogate escape at column 26 replaced with U+FFFD",
        ])
        #expect(batch.items[3].text == "好\u{FFFD}\u{FFFD}评")
        #expect(batch.items[4].text == "孤立代理项\u{FFFD}被替换")
        #expect(batch.items[5].text == "Windows 换行")
    }

    @Test func sampleFeedReadsCleanly() throws {
        var reader = try FeedReader(path: Self.feeds.appendingPathComponent("sample.jsonl").path)
        let batch = reader.readAll()
        #expect(batch.errors.isEmpty)
        #expect(batch.warnings.isEmpty)
        #expect(batch.items.count == 44)
        #expect(Set(batch.items.compactMap(\.channel)) == ["weibo", "wechat", "douyin", "xiaohongshu", "forum"])
        #expect(batch.items.contains { $0.type == .message && $0.direction == .in })
        #expect(batch.items.contains { $0.type == .message && $0.direction == .out })
        #expect(Set(batch.items.map(\.id)).count == 44)
    }

    @Test func surrogatePairsAndEscapes() throws {
        let items = read(#"{"id":"a","text":"\ud83d\ude00 \u5c0f\u7c73 \"q\" \\ \/ \t|\ud800\u0041|\udc00"}"#)
        #expect(items.items.first?.text == "😀 小米 \"q\" \\ / \t|\u{FFFD}A|\u{FFFD}")
        #expect(items.warnings.map(\.message) == ["lone surrogate escape at column 60 replaced with U+FFFD (2 on this line)"])
    }

    @Test func blankLinesCRLFAndNumbering() {
        let batch = read("\r\n{\"id\":\"a\",\"text\":\"x\"}\r\n   \n\n{\"id\":\"b\"}\r\n{\"id\":\"c\",\"text\":\"y\"}")
        #expect(batch.items.map(\.id) == ["a", "c"])
        #expect(batch.errors == [.feed(source: "t.jsonl", line: 5, message: "missing `text`")])
        #expect(read("\u{FEFF}{\"id\":\"a\",\"text\":\"x\"}").items.count == 1)
    }

    @Test func duplicateFieldsWarn() {
        let batch = read(#"{"id":"a","text":"x","text":"y"}"#)
        #expect(batch.items.first?.text == "y")
        #expect(batch.warnings.map(\.description) == ["t.jsonl:1: warning: field `text` appears more than once; the last value is used"])
    }

    @Test func hugeLines() throws {
        let big = String(repeating: "小米手机很好用", count: 80_000) // 1.68 MB of text
        let ok = read(#"{"id":"big","text":"\#(big)"}"#)
        #expect(ok.items.first?.text.count == big.count)
        let huge = String(repeating: "好", count: 1_500_000) // 4.5 MB
        let rejected = read(#"{"id":"huge","text":"\#(huge)"}"# + "\n{\"id\":\"after\",\"text\":\"x\"}")
        #expect(rejected.items.map(\.id) == ["after"])
        #expect(rejected.errors.first?.description == "t.jsonl:1: line is 4.3 MiB, over the limit of 4.0 MiB (FeedOptions.maxLineBytes); the item is skipped")
        let small = read(#"{"id":"a","text":"0123456789"}"#, options: FeedOptions(maxLineBytes: 16))
        #expect(small.errors.first?.description == "t.jsonl:1: line is 30 bytes, over the limit of 16 bytes (FeedOptions.maxLineBytes); the item is skipped")
    }

    @Test func invalidUTF8ThroughLineReader() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hudong-feed-\(UInt32.random(in: 0...UInt32.max)).jsonl").path
        var bytes = Array(#"{"id":"a","text":"ok"}"#.utf8) + [0x0A]
        bytes += Array(#"{"id":"b","text":"坏"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8) + [0x0D, 0x0A]
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = FeedReader(try LineReader(path: path))
        let batch = reader.readAll()
        #expect(batch.items.map(\.text) == ["ok", "坏\u{FFFD}("])
        #expect(batch.warnings == [FeedWarning(source: path, line: 2, message: "invalid UTF-8 replaced with U+FFFD")])
    }

    @Test func missingFile() {
        #expect(throws: IndexError.io(path: "/nonexistent/feed.jsonl", reason: "No such file or directory")) {
            _ = try FeedReader(path: "/nonexistent/feed.jsonl")
        }
    }

    @Test func plainText() throws {
        var reader = FeedReader(plainText: "第一条 小米\r\n\n  \n第二条\n", source: "/data/posts.txt")
        let batch = reader.readAll()
        #expect(batch.items == [Item(id: "posts.txt:1", text: "第一条 小米"), Item(id: "posts.txt:4", text: "第二条")])
        var stdin = FeedReader(plainText: "x", source: "<stdin>")
        #expect(stdin.next()?.item?.id == "stdin:1")
    }

    @Test func roundTripThroughJSONEncoder() throws {
        let items = [
            Item(id: "p1", channel: "weibo", author: "a", time: 1_793_498_400, text: "小米 \"引号\" \\ / \u{1} 😀 \u{2028}", city: "北京", relay: true,
                 likes: 1, shares: 2, comments: 3, tags: ["双十一"], category: "口碑", keywordPaths: ["品牌/小米"]),
            Item(id: "m1", type: .message, time: -86_400, text: "在吗", from: "fan", to: "brand", direction: .out, group: "g"),
            Item(id: "minimal", text: "x"),
        ]
        let encoder = JSONEncoder()
        let lines = try items.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let batch = read(lines.joined(separator: "\n"))
        #expect(batch.errors.isEmpty)
        #expect(batch.items == items)
        let decoded = try lines.map { try JSONDecoder().decode(Item.self, from: Data($0.utf8)) }
        #expect(decoded == items)
    }
}
