import HudongText

/// Where one conversation is in the menu: the options taken to reach the current menu, and
/// whether an option is waiting for its free-text input.
public struct MenuSession: Sendable, Hashable {
    /// Option indices from the main menu down to the current menu.
    public internal(set) var path: [Int] = []
    /// The option (in the current menu) waiting for input.
    public internal(set) var awaiting: Int?
    /// Whether the conversation has had a message.
    public internal(set) var started = false

    /// A new conversation, at the main menu.
    public init() {}
}

/// The answer to one inbound message.
public struct MenuReply: Sendable, Hashable, Codable {
    /// What to send back.
    public var text: String
    /// The back-office action to run, if any.
    public var action: String?
    /// The free-text input the action is for (an order number…).
    public var input: String?
    /// Labels (or keys) of the menus and option now current, `预约/a`.
    public var menu: String
    /// How the message was understood: `key`, `keyword`, `input`, `reset`, `back`, `greeting`, `default`.
    public var matched: String
}

/// Answers inbound messages from an `InteractionMenu`, keeping each conversation's place.
///
/// Order of tests for a message (folded: full-width → half-width, case, Traditional → Simplified,
/// spaces trimmed): a reset key → main menu; a back key → one level up; an option waiting for
/// input takes the message as its input; a key of the current menu; a keyword of the current
/// menu's options (longest wins); a keyword anywhere in the tree (longest, then shallowest,
/// wins: the conversation jumps there); on a conversation's first message, the greeting and the
/// main menu; otherwise the default reply.
public struct MenuResponder: Sendable {
    /// The menu answered from.
    public let menu: InteractionMenu
    private let folding: TextFolding

    /// A responder comparing keys and keywords folded by `folding`.
    public init(menu: InteractionMenu, folding: TextFolding) {
        self.menu = menu
        self.folding = folding
    }

    /// A responder with the standard Chinese folding.
    public init(menu: InteractionMenu) throws(TaggingError) {
        do { self.init(menu: menu, folding: try TextFolding.standard()) } catch { throw TaggingError.from(error) }
    }

    /// Answers `text` from `from` and moves `session` on.
    public func respond(to text: String, from: String? = nil, session: inout MenuSession) -> MenuReply {
        let message = fold(text)
        let first = !session.started
        session.started = true
        var context = Context(from: from, text: text, digits: Self.digits(in: text))
        if menu.resetKeys.contains(where: { fold($0) == message }) {
            session.path = []
            session.awaiting = nil
            return reply(menu.root.prompt, session, "reset", context)
        }
        if menu.backKeys.contains(where: { fold($0) == message }) {
            if session.awaiting != nil { session.awaiting = nil } else if !session.path.isEmpty { session.path.removeLast() }
            return reply(level(session.path).prompt, session, "back", context)
        }
        let current = level(session.path)
        if let waiting = session.awaiting, waiting < current.options.count, let input = current.options[waiting].input {
            session.awaiting = nil
            let option = current.options[waiting]
            context.input = text.trimmed
            context.option = option
            context.action = input.action ?? option.action
            var out = reply(input.reply, session, "input", context)
            out.action = context.action
            out.input = context.input
            return out
        }
        if let i = current.options.firstIndex(where: { $0.key.map(fold) == message }) {
            return select(i, under: session.path, session: &session, how: "key", context)
        }
        if let i = bestKeyword(in: current.options, message: message) {
            return select(i, under: session.path, session: &session, how: "keyword", context)
        }
        if let (parent, i) = keywordAnywhere(message) {
            return select(i, under: parent, session: &session, how: "keyword", context)
        }
        if first {
            let greeting = menu.greeting.map { $0 + "\n" } ?? ""
            return reply(greeting + menu.root.prompt, session, "greeting", context)
        }
        return reply(menu.defaultReply, session, "default", context)
    }

    private struct Context {
        var from: String?
        var text: String
        var digits: String?
        var input: String?
        var option: MenuOption?
        var action: String?
    }

    private func select(_ i: Int, under parent: [Int], session: inout MenuSession, how: String, _ context: Context) -> MenuReply {
        let option = level(parent).options[i]
        var context = context
        context.option = option
        session.awaiting = nil
        session.path = parent
        var parts: [String] = []
        if let r = option.reply { parts.append(r) }
        if let submenu = option.submenu {
            session.path = parent + [i]
            parts.append(submenu.prompt)
        } else if option.input != nil {
            session.awaiting = i
        }
        if option.input == nil { context.action = option.action }
        var out = reply(parts.joined(separator: "\n"), session, how, context)
        out.action = context.action
        return out
    }

    private func reply(_ template: String, _ session: MenuSession, _ how: String, _ context: Context) -> MenuReply {
        let current = level(session.path)
        var values: [String: String] = [
            "from": context.from ?? "", "text": context.text, "menu": current.prompt,
            "digits": context.digits ?? "", "input": context.input ?? "", "action": context.action ?? context.option?.action ?? "",
        ]
        values["key"] = context.option?.key ?? ""
        values["label"] = context.option?.label ?? context.option?.key ?? ""
        return MenuReply(text: Self.fill(template, values), action: nil, input: nil, menu: menuPath(session), matched: how)
    }

    /// `{name}` replaced by its value; unknown names are left as written.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}"), let value = values[String(after[..<close])] else {
                out.append("{")
                rest = after
                continue
            }
            out += value
            rest = after[after.index(after: close)...]
        }
        return out + rest
    }

    private func level(_ path: [Int]) -> MenuLevel {
        var current = menu.root
        for i in path {
            guard i < current.options.count, let next = current.options[i].submenu else { break }
            current = next
        }
        return current
    }

    private func menuPath(_ session: MenuSession) -> String {
        var names: [String] = []
        var current = menu.root
        for i in session.path where i < current.options.count {
            let o = current.options[i]
            names.append(o.label ?? o.key ?? "?")
            guard let next = o.submenu else { break }
            current = next
        }
        if let waiting = session.awaiting, waiting < current.options.count {
            names.append(current.options[waiting].label ?? current.options[waiting].key ?? "?")
        }
        return names.joined(separator: "/")
    }

    private func bestKeyword(in options: [MenuOption], message: String) -> Int? {
        var best: (index: Int, length: Int)?
        for (i, option) in options.enumerated() {
            for keyword in option.keywords {
                let k = fold(keyword)
                if !k.isEmpty, message.contains(k), k.count > (best?.length ?? 0) { best = (i, k.count) }
            }
        }
        return best?.index
    }

    /// The option anywhere in the tree with the longest keyword in `message` (shallowest on ties).
    private func keywordAnywhere(_ message: String) -> (parent: [Int], index: Int)? {
        var best: (parent: [Int], index: Int, length: Int)?
        var queue: [([Int], MenuLevel)] = [([], menu.root)]
        var head = 0
        while head < queue.count {
            let (path, level) = queue[head]
            head += 1
            if let i = bestKeyword(in: level.options, message: message) {
                let length = level.options[i].keywords.map { fold($0) }.filter { message.contains($0) }.map(\.count).max() ?? 0
                if length > (best?.length ?? 0) { best = (path, i, length) }
            }
            for (i, option) in level.options.enumerated() {
                if let sub = option.submenu { queue.append((path + [i], sub)) }
            }
        }
        return best.map { ($0.parent, $0.index) }
    }

    private func fold(_ text: String) -> String { folding.fold(text.trimmed).trimmed }

    /// The first run of 4 or more ASCII digits (an order or phone number).
    static func digits(in text: String) -> String? {
        var run = ""
        for c in text.unicodeScalars {
            let d = c.properties.numericType != nil && c.isASCII ? Character(c) : (c.value >= 0xFF10 && c.value <= 0xFF19 ? Character(Unicode.Scalar(c.value - 0xFF10 + 0x30) ?? "0") : nil)
            if let d { run.append(d) } else {
                if run.count >= 4 { return run }
                run = ""
            }
        }
        return run.count >= 4 ? run : nil
    }
}
