import HudongTagging
import Testing

/// The interaction menu: keys, keywords, nested menus, inputs, back and reset, folding.
@Suite struct MenuTests {
    static let menu: InteractionMenu = {
        do { return try InteractionMenu.load(path: Fixtures.path("corpora/taxonomy/menu.yaml")) } catch { fatalError("\(error)") }
    }()

    static let responder: MenuResponder = {
        do { return try MenuResponder(menu: menu) } catch { fatalError("\(error)") }
    }()

    @Test("the first message gets the greeting and the main menu")
    func greeting() {
        var session = MenuSession()
        let reply = Self.responder.respond(to: "你好", session: &session)
        #expect(reply.matched == "greeting")
        #expect(reply.text.hasPrefix("您好，欢迎来到互动商城客服！\n请回复数字选择服务："))
        #expect(reply.action == nil)
        // Later, the same message gets the default reply.
        #expect(Self.responder.respond(to: "你好", session: &session).matched == "default")
    }

    @Test("a key selects; an option with input waits for it, then fires its action with it")
    func orderQuery() {
        var session = MenuSession()
        let ask = Self.responder.respond(to: "1", session: &session)
        #expect(ask.text == "请回复您的订单号（例如 DD2026110100001）。")
        #expect(ask.menu == "查询订单")
        #expect(ask.action == nil)
        let done = Self.responder.respond(to: " DD2026110100001 ", from: "fan_7", session: &session)
        #expect(done.matched == "input")
        #expect(done.action == "查询订单")
        #expect(done.input == "DD2026110100001")
        #expect(done.text == "收到，正在为您查询订单 DD2026110100001 的物流信息，结果稍后推送给您。")
        #expect(done.menu == "")
    }

    @Test("nested menus: full-width keys fold, 9 goes back, 0 resets")
    func nested() {
        var session = MenuSession()
        _ = Self.responder.respond(to: "你好", session: &session)
        let sub = Self.responder.respond(to: "２", session: &session)
        #expect(sub.text.hasPrefix("请选择预约类型："))
        #expect(sub.menu == "预约服务")
        let install = Self.responder.respond(to: "Ａ", session: &session)
        #expect(install.action == "预约")
        #expect(install.text.hasPrefix("已为您登记上门安装"))
        #expect(install.menu == "预约服务")
        let back = Self.responder.respond(to: "9", session: &session)
        #expect(back.matched == "back")
        #expect(back.text.hasPrefix("请回复数字选择服务："))
        _ = Self.responder.respond(to: "2", session: &session)
        let reset = Self.responder.respond(to: "菜单", session: &session)
        #expect(reset.matched == "reset")
        #expect(session.path.isEmpty)
    }

    @Test("a keyword anywhere in the tree jumps there; Traditional keywords fold")
    func keywords() {
        var session = MenuSession()
        let room = Self.responder.respond(to: "我想訂房，有空房嗎", session: &session)
        #expect(room.matched == "keyword")
        #expect(room.menu == "预约服务/酒店订房")
        #expect(room.text.hasPrefix("请回复入住日期"))
        let booked = Self.responder.respond(to: "11月11日 2晚", session: &session)
        #expect(booked.action == "预约")
        #expect(booked.text == "已为您提交订房需求：11月11日 2晚。客服确认房型和价格后会联系您。")
        // Back in the booking menu: its keys work, and keywords elsewhere still jump.
        #expect(Self.responder.respond(to: "b", session: &session).text.hasPrefix("已为您预约到店体验"))
        let repair = Self.responder.respond(to: "电脑突然蓝屏了怎么办", session: &session)
        #expect(repair.menu == "报修")
        let ticket = Self.responder.respond(to: "开机蓝屏，序列号 SN20261101", session: &session)
        #expect(ticket.action == "报修")
        let human = Self.responder.respond(to: "我要投訴", session: &session)
        #expect(human.action == "转人工")
    }

    @Test("unknown text gets the default reply and keeps the place")
    func defaults() {
        var session = MenuSession()
        _ = Self.responder.respond(to: "2", session: &session)
        let reply = Self.responder.respond(to: "今天天气不错", session: &session)
        #expect(reply.matched == "default")
        #expect(reply.text.hasPrefix("抱歉，没有理解您的意思"))
        #expect(reply.menu == "预约服务")
    }

    @Test("conversations keep their own place")
    func sessions() {
        var a = MenuSession(), b = MenuSession()
        _ = Self.responder.respond(to: "2", session: &a)
        _ = Self.responder.respond(to: "1", session: &b)
        #expect(Self.responder.respond(to: "a", session: &a).action == "预约")
        #expect(Self.responder.respond(to: "DD1", session: &b).action == "查询订单")
    }

    @Test("templates fill known names and leave the others")
    func templates() throws {
        let menu = try InteractionMenu.parse(yaml: """
            default: "{from}，没听懂：{text}（{unknown}）"
            menu:
              options:
                - key: "1"
                  label: 订单
                  keywords: [单号]
                  action: 查询订单
                  reply: "{label} {key} {action} {digits}"
            """)
        let responder = try MenuResponder(menu: menu)
        var session = MenuSession()
        #expect(menu.root.prompt == "1 订单")
        #expect(responder.respond(to: "单号是 12345678", from: "fan", session: &session).text == "订单 1 查询订单 12345678")
        #expect(responder.respond(to: "什么", from: "fan", session: &session).text == "fan，没听懂：什么（{unknown}）")
    }

    @Test("menu files with mistakes are positioned errors")
    func errors() {
        func error(_ yaml: String) -> TaggingError? {
            do { _ = try InteractionMenu.parse(yaml: yaml, file: "m.yaml"); return nil } catch { return error }
        }
        let noSelector = error("""
            default: 没听懂
            menu:
              options:
                - reply: 你好
            """)
        #expect(noSelector?.mark?.line == 4)
        #expect(noSelector?.reason.contains("`key:` or `keywords:`") == true)
        let twice = error("""
            default: 没听懂
            menu:
              options:
                - {key: "1", reply: 一}
                - {key: "1", reply: 二}
            """)
        #expect(twice?.mark?.line == 5)
        #expect(twice?.reason.contains("twice") == true)
        #expect(error("menu:\n  options:\n    - {key: a, reply: x}\n")?.reason.contains("default") == true)
        let badInput = error("""
            default: 没听懂
            menu:
              options:
                - key: "1"
                  input: {action: 查询}
            """)
        #expect(badInput?.mark?.line == 5)
    }
}
