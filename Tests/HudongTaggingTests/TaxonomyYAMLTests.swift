import HudongIndex
import HudongTagging
import Testing

/// Taxonomy files: what they read into, and errors at `file:line:column` with what was expected.
@Suite struct TaxonomyYAMLTests {
    static func error(_ yaml: String) -> TaggingError? {
        do {
            _ = try Taxonomy.parse(yaml: yaml, file: "t.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test("the bundled taxonomy reads: categories, tags, a three-level keyword tree")
    func bundled() {
        let t = Fixtures.taxonomy
        #expect(t.categories.map(\.name) == ["投诉", "差评", "咨询", "好评"])
        #expect(t.tags.contains { $0.name == "售后" && $0.sceneWeight == 2 })
        #expect(t.keywords.map(\.name) == ["书籍", "酒店", "电子产品", "购物"])
        #expect(t.flattenedNodes().contains { $0.path == ["酒店", "房间", "隔音"] })
        #expect(t.nodeCount > 60)
        // A child written as a plain string matches its own name.
        #expect(t.flattenedNodes().first { $0.path == ["书籍", "印刷装帧", "封面"] }?.node.terms == ["封面"])
        // `terms: []` makes a grouping node.
        #expect(t.keywords.first { $0.name == "电子产品" }?.allTerms.isEmpty == true)
    }

    @Test("shorthand forms: a string for a list of one, a string for a node, name as the term")
    func shorthand() throws {
        let t = try Taxonomy.parse(yaml: """
            tags:
              - 好评
              - name: 售后
                rule: 退货 OR 维修
                scene: true
            keywords:
              - name: 品牌
                terms: []
                children:
                  - 小米
                  - name: 华为
                    variants: HUAWEI
                    exclude: 华为云
            """)
        #expect(t.tags[0].terms == ["好评"])
        #expect(t.tags[1].terms.isEmpty && t.tags[1].rules.count == 1 && t.tags[1].sceneWeight == 1)
        let huawei = try #require(t.keywords.first?.children.last)
        #expect(huawei.terms == ["华为"] || huawei.terms.isEmpty)
        #expect(huawei.variants == ["HUAWEI"])
        #expect(huawei.exclusions.map(\.text) == ["华为云"])
    }

    @Test("a query syntax error in a rule points at the YAML line and the column inside the rule")
    func ruleColumns() throws {
        // Plain scalar: `rule: ` is 6 columns after the indent of 4; the `(` without `)` is at offset 3.
        let plain = try #require(Self.error("""
            tags:
              - name: 坏规则
                rule: 酒店 (房间 OR 早餐
            """))
        guard case let .rule(mark, rule, offset, reason) = plain else { Issue.record("\(plain)"); return }
        #expect(mark.line == 3)
        #expect(rule == "酒店 (房间 OR 早餐")
        #expect(mark.column == 11 + offset)
        #expect(reason.contains("`)`"))
        #expect(plain.description.hasPrefix("t.yaml:3:\(mark.column): "))
        #expect(plain.description.contains("^"))

        // Double-quoted scalar: one more column for the quote.
        let quoted = try #require(Self.error("""
            tags:
              - name: 坏规则
                rule: "早餐 NEAR/x 酒店"
            """))
        guard case let .rule(qmark, _, qoffset, _) = quoted else { Issue.record("\(quoted)"); return }
        #expect(qmark.line == 3)
        #expect(qmark.column == 12 + qoffset)

        // A rule in a list, second entry.
        let listed = try #require(Self.error("""
            categories:
              - name: 差评
                rules:
                  - 失望 OR 后悔
                  - 不好 AND
            """))
        guard case let .rule(lmark, _, loffset, _) = listed else { Issue.record("\(listed)"); return }
        #expect(lmark.line == 5)
        #expect(lmark.column == 9 + loffset)

        // A block scalar: the error is on the rule's own line inside the block.
        let block = try #require(Self.error("""
            keywords:
              - name: 酒店
                rule: |
                  酒店 OR 宾馆
                  OR (房间
            """))
        guard case let .rule(bmark, _, boffset, _) = block else { Issue.record("\(block)"); return }
        #expect(bmark.line == 5)
        #expect(boffset > 8)
        #expect(bmark.column >= 7)
    }

    @Test("a value of the wrong shape is reported where it is, with what was expected")
    func wrongValues() throws {
        let unknown = try #require(Self.error("""
            keywords:
              - name: 酒店
                term: [酒店]
            """))
        #expect(unknown.mark == FileMark(file: "t.yaml", line: 3, column: 5))
        #expect(unknown.reason.contains("unknown key `term`"))
        #expect(unknown.reason.contains("terms"))

        let slash = try #require(Self.error("""
            keywords:
              - name: 酒店/房间
            """))
        #expect(slash.mark?.line == 2)
        #expect(slash.reason.contains("`/`"))

        let twice = try #require(Self.error("""
            keywords:
              - name: 酒店
                children: [房间, 早餐, 房间]
            """))
        #expect(twice.mark?.line == 3)
        #expect(twice.reason.contains("twice"))

        let notList = try #require(Self.error("""
            tags:
              name: 好评
            """))
        #expect(notList.mark?.line == 2)
        #expect(notList.reason.contains("a list"))

        let weight = try #require(Self.error("""
            keywords:
              - name: 酒店
                weight: heavy
            """))
        #expect(weight.mark == FileMark(file: "t.yaml", line: 3, column: 13))
        #expect(weight.reason.contains("number"))

        let noName = try #require(Self.error("""
            categories:
              - rule: 投诉
            """))
        #expect(noName.mark?.line == 2)
        #expect(noName.reason.contains("name"))

        let punctuation = try #require(Self.error("""
            keywords:
              - name: 表情
                terms: ["！！"]
            """))
        #expect(punctuation.mark?.line == 3)
        #expect(punctuation.reason.contains("never match"))
    }

    @Test("broken YAML and unreadable files are errors too")
    func syntaxAndFiles() throws {
        let broken = try #require(Self.error("""
            keywords:
              - name: 酒店
                terms: [酒店, 宾馆
            tags: []
            """))
        guard case .yamlSyntax = broken else { Issue.record("\(broken)"); return }
        #expect((broken.mark?.line ?? 0) >= 3)
        #expect(Self.error("") != nil)
        #expect(throws: TaggingError.self) { try Taxonomy.load(path: "/nonexistent/taxonomy.yaml") }
    }
}
