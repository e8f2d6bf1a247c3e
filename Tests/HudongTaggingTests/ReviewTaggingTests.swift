import HudongIndex
import HudongTagging
import Testing

/// Tags of real reviews from `corpora/reviews_zh.txt` against expectations written by hand from
/// `corpora/taxonomy/taxonomy.yaml` (lines picked by what they talk about: hotels, books,
/// laptops, shops; complaints, praise, questions).
@Suite struct ReviewTaggingTests {
    struct Expectation: CustomTestStringConvertible, Sendable {
        /// A fragment that picks the review (the first line containing it).
        var line: String
        var category: String?
        var tags: Set<String>
        var paths: Set<String>
        var testDescription: String { line }
    }

    static let expectations: [Expectation] = [
        // Hotels.
        .init(line: "但是隔音非常差，什么都听得到", category: "差评", tags: ["隔音差"], paths: ["酒店/房间/隔音"]),
        .init(line: "房间隔音太差,隔壁打了一晚麻将", category: "差评", tags: ["隔音差"], paths: ["酒店/房间/隔音"]),
        .init(line: "该酒店条件太差，根本不符合三星级标准", category: "差评", tags: ["入住"], paths: ["酒店/预订入住"]),
        .init(line: "吃了三顿早餐，品种少得可怜", category: nil, tags: [], paths: ["酒店/早餐"]),
        .init(line: "客房服务员爱骗人！前台的还可以", category: "投诉", tags: [],
              paths: ["酒店/房间", "酒店/服务/前台", "酒店/服务/服务员"]),
        .init(line: "这个店太差房间有霉味", category: "差评", tags: [], paths: ["酒店/房间/卫生", "酒店/服务/前台"]),
        .init(line: "太脏，停车场太小，建议携程不要推荐", category: "差评", tags: [],
              paths: ["酒店/房间/卫生", "酒店/预订入住", "酒店/停车"]),
        .init(line: "环境不错，房间设施挺好，很有档次，下次还会考虑入住", category: "好评", tags: ["回头客", "入住"],
              paths: ["酒店/房间/设施", "酒店/预订入住"]),
        .init(line: "宽带根本就是摆设,找人维修", category: nil, tags: ["售后"], paths: ["酒店/房间/网络", "购物/售后/维修"]),
        .init(line: "房间蛮干净，地理位置很好，早餐还不错。就是价格贵了", category: "好评", tags: ["价格贵"],
              paths: ["酒店/房间/卫生", "酒店/早餐", "酒店/位置交通", "购物/价格"]),
        .init(line: "酒店的2名行李员的服务很好", category: "好评", tags: [], paths: ["酒店/服务"]),
        .init(line: "非常好的酒店，四星的标准完全超值的享受", category: "好评", tags: ["性价比"], paths: ["酒店/服务", "购物/价格"]),
        .init(line: "服务员会去提醒，但仅限于你投诉后", category: "投诉", tags: [], paths: ["酒店/服务/服务员"]),
        .init(line: "肯定我不会再住这里了,太陈旧了,霉味太重", category: "差评", tags: [], paths: ["酒店/房间/卫生"]),
        .init(line: "索发票提供不及时，交涉时服务员态度不好", category: "差评", tags: [],
              paths: ["酒店/服务/服务员", "购物/售后/发票"]),
        // Books.
        .init(line: "首先翻译的不好，其次内容干涩", category: "差评", tags: [], paths: ["书籍/内容", "书籍/翻译"]),
        .init(line: "错别字太多，怀疑是不是盗版", category: nil, tags: [], paths: ["书籍/印刷装帧/错别字"]),
        .init(line: "很一般啊，和很多绘本比起来", category: "差评", tags: ["亲子阅读"], paths: ["书籍/童书"]),
        .init(line: "纯粹是炒作，要深入体会论语", category: nil, tags: [], paths: ["书籍/国学"]),
        .init(line: "书拿到手的第一感觉------盗版", category: "差评", tags: ["盗版"], paths: []),
        .init(line: "性价比太低，太低。还用彩页印刷", category: nil, tags: ["性价比"], paths: ["书籍/印刷装帧", "购物/价格"]),
        .init(line: "象一部小说一样写着拉拉的经历", category: "好评", tags: [], paths: ["书籍/小说"]),
        .init(line: "昨天打开书才翻了几页，书页纷纷掉落了，请问", category: "咨询", tags: [], paths: []),
        // Laptops.
        .init(line: "散热不咋地 这个说法是和thinkpad系列的比较", category: nil, tags: [],
              paths: ["电子产品/笔记本/散热", "电子产品/品牌/联想"]),
        .init(line: "东芝第一次启动vista的过程", category: nil, tags: [], paths: ["电子产品/系统/vista", "电子产品/品牌/东芝"]),
        .init(line: "1、不是XP系统，换XP没驱动", category: nil, tags: [], paths: ["电子产品/系统/xp", "电子产品/系统/驱动"]),
        .init(line: "硬件出问题了，突然蓝屏", category: nil, tags: ["质量问题"], paths: ["电子产品/笔记本/配置"]),
        .init(line: "键盘手感太差，噪音大", category: "差评", tags: [],
              paths: ["电子产品/笔记本/键盘", "电子产品/笔记本/外观做工"]),
        .init(line: "3,电池最多使用2个小时多一刻钟", category: nil, tags: [], paths: ["电子产品/笔记本/电池"]),
        .init(line: "面板和键盘处收集指纹满严重的", category: nil, tags: [],
              paths: ["电子产品/笔记本/键盘", "电子产品/笔记本/外观做工"]),
        .init(line: "颜色，外形很漂亮，女孩子很喜欢", category: "好评", tags: [], paths: ["电子产品/笔记本/外观做工"]),
        // Shops, delivery, after-sales.
        .init(line: "当当送货速度奇慢无比", category: nil, tags: ["物流慢", "配送", "选购"],
              paths: ["购物/平台/当当", "购物/物流/快递"]),
        .init(line: "打电话到京东客服，给我推到华硕的客服", category: nil, tags: ["售后"],
              paths: ["电子产品/品牌/华硕", "购物/平台/京东", "购物/售后/客服"]),
        .init(line: "特要求退货", category: nil, tags: ["售后"], paths: ["购物/售后/退换货"]),
        .init(line: "你们委托的快递服务态度实在太差", category: "差评", tags: ["配送"], paths: ["购物/平台/当当", "购物/物流/快递"]),
        .init(line: "相对它的服务，这个价格太贵了", category: nil, tags: ["价格贵"], paths: ["购物/价格"]),
        .init(line: "京东送的券必须满3000才能使用", category: nil, tags: [], paths: ["购物/平台/京东"]),
        .init(line: "明明说有货，结果送货又没有了", category: nil, tags: ["配送"], paths: ["购物/物流/快递"]),
        .init(line: "想退邮费又太贵，买东西还是眼见为实", category: nil, tags: ["价格贵"], paths: ["购物/价格"]),
        .init(line: "送货很快，隔天就到了。外观也不错", category: "好评", tags: ["配送"],
              paths: ["电子产品/笔记本/外观做工", "购物/物流/快递"]),
    ]

    @Test("there are at least 30 hand-checked reviews, all found in the corpus")
    func coverage() {
        #expect(Self.expectations.count >= 30)
        for e in Self.expectations { #expect(Fixtures.review(containing: e.line) != nil, "no review contains \(e.line)") }
    }

    @Test("a real review gets the category, tags and keyword paths written by hand", arguments: expectations)
    func review(_ e: Expectation) throws {
        let text = try #require(Fixtures.review(containing: e.line))
        let out = Fixtures.tagger.tag(Item(id: "r", text: text)).item
        #expect(out.category == e.category, "\(text)")
        #expect(Set(out.tags) == e.tags, "\(text)")
        #expect(Set(out.keywordPaths) == e.paths, "\(text)")
    }

    @Test("labels the feed gives are kept; hashtags become tags")
    func feedLabelsKept() {
        let item = Item(id: "f", text: "#双十一# 当当送货速度奇慢无比", tags: ["吐槽"], category: "客服", keywordPaths: ["品牌/小米"])
        let out = Fixtures.tagger.tag(item).item
        #expect(out.category == "客服")
        #expect(out.tags.starts(with: ["吐槽", "双十一"]))
        #expect(out.tags.contains("物流慢"))
        #expect(out.keywordPaths.first == "品牌/小米")
        #expect(out.keywordPaths.contains("购物/平台/当当"))
    }

    @Test("Traditional and full-width text gets the same labels as Simplified")
    func folding() throws {
        let simplified = try #require(Fixtures.review(containing: "房间隔音太差,隔壁打了一晚麻将"))
        let a = Fixtures.tagger.tag(Item(id: "a", text: simplified)).item
        let b = Fixtures.tagger.tag(Item(id: "b", text: "酒店太舊，房間隔音太差，隔壁打了一晚麻將，太吵了！ＸＰ")).item
        #expect(a.keywordPaths == b.keywordPaths.filter { !$0.contains("xp") })
        #expect(b.keywordPaths.contains("电子产品/系统/xp"))
        #expect(a.category == b.category)
    }

    @Test("an exclusion vetoes its node only: 三星级 is a hotel grade, not the brand")
    func exclusions() {
        let hotel = Fixtures.tagger.tag(Item(id: "h", text: "很烂的三星级，阴暗。")).item
        #expect(!hotel.keywordPaths.contains { $0.hasPrefix("电子产品/品牌/三星") })
        let brand = Fixtures.tagger.tag(Item(id: "s", text: "三星的屏幕不错")).item
        #expect(brand.keywordPaths.contains("电子产品/品牌/三星"))
        #expect(brand.keywordPaths.contains("电子产品/笔记本/屏幕"))
    }

    @Test("messages are tagged like posts")
    func messages() {
        let message = Item(id: "m", type: .message, text: "请问我的订单什么时候发货？快递好久没到", from: "fan_1", to: "brand", direction: .in)
        let out = Fixtures.tagger.tag(message).item
        #expect(out.category == "咨询")
        #expect(Set(out.tags) == ["物流慢", "配送"])
        #expect(Set(out.keywordPaths) == ["购物/物流/快递", "购物/物流/发货"])
    }
}
