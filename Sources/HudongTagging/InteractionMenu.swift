import Yams

/// An interaction menu (交互菜单): menu keys and keywords mapped to replies and actions, like an
/// IVR menu in a chat account.
///
/// A fan's message selects an option of the current menu by its key (`1`, `2`, `a`…) or by a
/// keyword it contains; keywords of options elsewhere in the tree jump there. An option replies
/// (a template), may name an action for the back office (查询订单, 预约, 报修…), may open a
/// nested menu, and may ask for one free-text input (an order number) before its action fires.
/// Anything else gets the default reply. Keys and keywords are compared folded like the
/// analyzer folds text (full-width, case, Traditional → Simplified). See `MenuResponder`.
public struct InteractionMenu: Sendable, Hashable {
    /// Said before the main menu on a conversation's first message that selects nothing.
    public var greeting: String?
    /// The reply when nothing matches (template; `{menu}` is the current menu's prompt).
    public var defaultReply: String
    /// Messages that go back to the main menu.
    public var resetKeys: [String]
    /// Messages that go up one level.
    public var backKeys: [String]
    /// The main menu.
    public var root: MenuLevel

    /// A menu; `resetKeys` default to `0`.
    public init(greeting: String? = nil, defaultReply: String, resetKeys: [String] = ["0"], backKeys: [String] = [], root: MenuLevel) {
        self.greeting = greeting
        self.defaultReply = defaultReply
        self.resetKeys = resetKeys
        self.backKeys = backKeys
        self.root = root
    }
}

/// One menu: its prompt and options.
public struct MenuLevel: Sendable, Hashable {
    /// What the fan is shown; generated from the options' keys and labels when not written.
    public var prompt: String
    /// The options, in the order the prompt lists them.
    public var options: [MenuOption]

    /// A menu level; without a prompt, one line per option: key and label.
    public init(prompt: String? = nil, options: [MenuOption]) {
        self.options = options
        self.prompt = prompt ?? options.map { [$0.key, $0.label].compactMap { $0 }.joined(separator: " ") }.joined(separator: "\n")
    }
}

/// One option of a menu.
public struct MenuOption: Sendable, Hashable {
    /// The key that selects it in its menu (`1`, `a`); nil: keywords only.
    public var key: String?
    /// Its name in generated prompts and in replies' `menu` paths.
    public var label: String?
    /// Words that select it when a message contains them (from any menu).
    public var keywords: [String]
    /// The reply template: `{from}`, `{text}`, `{key}`, `{label}`, `{action}`, `{menu}`, `{digits}`.
    public var reply: String?
    /// The back-office action it triggers (查询订单, 预约, 报修…).
    public var action: String?
    /// A nested menu it opens.
    public var submenu: MenuLevel?
    /// A free-text input it asks for; its action fires when the input arrives.
    public var input: MenuInput?

    /// An option; it needs a key or keywords, and a reply, action, submenu or input.
    public init(key: String? = nil, label: String? = nil, keywords: [String] = [], reply: String? = nil,
                action: String? = nil, submenu: MenuLevel? = nil, input: MenuInput? = nil) {
        self.key = key
        self.label = label
        self.keywords = keywords
        self.reply = reply
        self.action = action
        self.submenu = submenu
        self.input = input
    }
}

/// The free-text input an option waits for, and what happens when it comes.
public struct MenuInput: Sendable, Hashable {
    /// The reply once the input came (template; `{input}` is the message).
    public var reply: String
    /// The action to fire with the input (defaults to the option's action).
    public var action: String?

    /// An input step: its reply template and action.
    public init(reply: String, action: String? = nil) {
        self.reply = reply
        self.action = action
    }
}

extension InteractionMenu {
    /// Reads a menu file; errors name `file:line:column` and what was expected there.
    public static func load(path: String) throws(TaggingError) -> InteractionMenu {
        try parse(yaml: YAMLReading.readText(path: path), file: path)
    }

    /// Parses a menu from YAML.
    ///
    /// Top-level keys: `menu` (required: `prompt`, `options`), `default` (required), `greeting`,
    /// `reset` (default `0`), `back`. Option keys: `key`, `label`, `keywords`, `reply`, `action`,
    /// `menu` (nested: `prompt`, `options`), `input` (`reply`, `action`). Every option needs a
    /// `key` or `keywords`, and a `reply`, `action` or `menu`; keys are unique within a menu.
    public static func parse(yaml text: String, file: String = "<menu>") throws(TaggingError) -> InteractionMenu {
        let yaml = YAMLReading(file: file, text: text)
        let root = try yaml.compose(text, what: "a mapping with `menu:` and `default:`")
        var menu = InteractionMenu(defaultReply: "", root: MenuLevel(options: []))
        var hasMenu = false, hasDefault = false
        for (key, _, value) in try yaml.pairs(root, allowed: ["greeting", "default", "reset", "back", "menu", "name", "description"], what: "the menu file") {
            switch key {
            case "greeting": menu.greeting = try yaml.string(value, "greeting")
            case "default":
                menu.defaultReply = try yaml.string(value, "default reply")
                hasDefault = true
            case "reset": menu.resetKeys = try yaml.stringList(value, "reset keys").map(\.0)
            case "back": menu.backKeys = try yaml.stringList(value, "back keys").map(\.0)
            case "menu":
                menu.root = try level(value, yaml: yaml)
                hasMenu = true
            default: _ = try yaml.string(value, key)
            }
        }
        guard hasMenu else { throw yaml.fail(root, "expected `menu:` (with `options:`) in the menu file") }
        guard hasDefault else { throw yaml.fail(root, "expected `default:` (the reply when nothing matches) in the menu file") }
        return menu
    }

    private static func level(_ node: Node, yaml: YAMLReading) throws(TaggingError) -> MenuLevel {
        var prompt: String?
        var options: [MenuOption] = []
        var hasOptions = false
        for (key, _, value) in try yaml.pairs(node, allowed: ["prompt", "options"], what: "a menu") {
            if key == "prompt" {
                prompt = try yaml.string(value, "prompt")
            } else {
                hasOptions = true
                var keys: [String: Int] = [:]
                for element in try yaml.sequence(value, "options") {
                    let o = try option(element, yaml: yaml)
                    if let k = o.key {
                        if let first = keys[k] { throw yaml.fail(element, "key `\(k)` is used twice in this menu (first at line \(first))") }
                        keys[k] = yaml.mark(element).line
                    }
                    options.append(o)
                }
            }
        }
        guard hasOptions, !options.isEmpty else { throw yaml.fail(node, "expected `options:` with at least one option in this menu") }
        return MenuLevel(prompt: prompt, options: options)
    }

    private static func option(_ node: Node, yaml: YAMLReading) throws(TaggingError) -> MenuOption {
        var o = MenuOption()
        for (key, _, value) in try yaml.pairs(node, allowed: ["key", "label", "keywords", "reply", "action", "menu", "input"], what: "a menu option") {
            switch key {
            case "key": o.key = try yaml.string(value, "key")
            case "label": o.label = try yaml.string(value, "label")
            case "keywords": o.keywords = try yaml.terms(value, "keywords")
            case "reply": o.reply = try yaml.string(value, "reply")
            case "action": o.action = try yaml.string(value, "action")
            case "menu": o.submenu = try level(value, yaml: yaml)
            default:
                var reply: String?
                var action: String?
                for (k, _, v) in try yaml.pairs(value, allowed: ["reply", "action"], what: "an option's input") {
                    if k == "reply" { reply = try yaml.string(v, "input reply") } else { action = try yaml.string(v, "input action") }
                }
                guard let reply else { throw yaml.fail(value, "expected `reply:` in this input (what to say when the input comes; `{input}` is the message)") }
                o.input = MenuInput(reply: reply, action: action)
            }
        }
        guard o.key != nil || !o.keywords.isEmpty else { throw yaml.fail(node, "expected `key:` or `keywords:` in this option (how a fan selects it)") }
        guard o.reply != nil || o.action != nil || o.submenu != nil || o.input != nil else {
            throw yaml.fail(node, "expected `reply:`, `action:`, `menu:` or `input:` in this option (what selecting it does)")
        }
        return o
    }
}
