import Foundation
import Testing
@testable import DirBridgeCore

@Suite struct DirectoryAttributesTests {
    @Test func namesAreHeldInUTF8OrderWithTheirValuesInServerOrder() {
        var layouts = DirectoryAttributes.Layouts()
        let attributes = DirectoryAttributes(
            pairs: [("sn", ["Smith"]), ("mail", ["b@x", "a@x"]), ("cn;lang-da", ["Søren"]), ("cn", []), ("mail", ["c@x"])],
            sharing: &layouts)
        var seen: [String: [String]] = [:]
        var order: [String] = []
        attributes.forEach { name, values in
            order.append(name)
            seen[name] = Array(values)
        }
        #expect(order == ["cn", "cn;lang-da", "mail", "sn"])
        #expect(seen == ["cn": [], "cn;lang-da": ["Søren"], "mail": ["b@x", "a@x", "c@x"], "sn": ["Smith"]])
        #expect(attributes.count == 4)
        #expect(attributes.first(of: "mail") == "b@x")
        #expect(attributes.first(of: "cn") == nil)
        #expect(attributes.first(of: "uid") == nil)
        #expect(Array(attributes.values(of: "sn")) == ["Smith"])
        #expect(attributes.values(of: "uid").isEmpty)
        #expect(attributes.dictionary == seen)
    }

    @Test func usersWithTheSameAttributesAreEqualWhateverTheOrderTheyWereGivenIn() {
        var layouts = DirectoryAttributes.Layouts()
        let first = DirectoryAttributes(pairs: [("uid", ["a"]), ("mail", ["a@x"])], sharing: &layouts)
        let second = DirectoryAttributes(pairs: [("mail", ["a@x"]), ("uid", ["a"])], sharing: &layouts)
        let other = DirectoryAttributes(pairs: [("mail", ["a@x"]), ("uid", ["b"])], sharing: &layouts)
        let splitDifferently = DirectoryAttributes(pairs: [("mail", ["a@x", "a"]), ("uid", [])], sharing: &layouts)
        #expect(first == second)
        #expect(first == DirectoryAttributes(lowercased: ["mail": ["a@x"], "uid": ["a"]]))
        #expect(first != other)
        #expect(first != splitDifferently, "the same flat values under other names are other attributes")
    }

    @Test func aUserReadsAndWritesHisAttributesAsADictionaryToo() throws {
        var user = DirectoryUser(anchor: Anchor("a"), dn: "uid=a", enabled: true, attributes: ["Mail": ["a@x"], "UID": ["a"]], groups: [])
        #expect(user.attributes == ["mail": ["a@x"], "uid": ["a"]])
        #expect(user.firstValue(of: "mail") == "a@x")
        #expect(user.values(of: "MAIL") == ["a@x"])
        user.attributes["title"] = ["Engineer"]
        #expect(user.firstValue(of: "title") == "Engineer")
        let decoded = try JSONDecoder().decode(DirectoryUser.self, from: JSONEncoder().encode(user))
        #expect(decoded == user)
    }
}
