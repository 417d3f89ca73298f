import Foundation
import Testing
@testable import DirBridgeCore

@Suite struct DirectoryAttributesTests {
    /// One user's attributes as a reader gives them: names and values in server order.
    private static func build(_ pairs: [(String, [String])], with builder: inout DirectoryAttributes.Builder) -> DirectoryAttributes {
        builder.begin()
        for (name, values) in pairs {
            builder.attribute(name)
            values.forEach { builder.append($0) }
        }
        return builder.build()
    }

    private static func listed(_ attributes: DirectoryAttributes) -> [String] {
        var listed: [String] = []
        attributes.forEach { name, values in listed.append("\(name)=\(values.joined(separator: "|"))") }
        return listed
    }

    @Test func namesAreHeldInUTF8OrderWithTheirValuesInServerOrder() {
        var builder = DirectoryAttributes.Builder()
        let attributes = Self.build(
            [("sn", ["Smith"]), ("mail", ["b@x", "a@x"]), ("cn;lang-da", ["Søren"]), ("cn", []), ("mail", ["c@x"])],
            with: &builder)
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
        var builder = DirectoryAttributes.Builder()
        let first = Self.build([("uid", ["a"]), ("mail", ["a@x"])], with: &builder)
        let second = Self.build([("mail", ["a@x"]), ("uid", ["a"])], with: &builder)
        let other = Self.build([("mail", ["a@x"]), ("uid", ["b"])], with: &builder)
        let splitDifferently = Self.build([("mail", ["a@x", "a"]), ("uid", [])], with: &builder)
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

    /// The builder works out a server order's sorting once and reuses it: users read in one
    /// order, then another, then the first again (value counts varying) each come out as built
    /// alone by a fresh builder.
    @Test func eachUserIsBuiltAsIfAloneWhateverCameBefore() {
        var generator = SystemRandomNumberGenerator()
        let orders = [["uid", "mail", "cn", "sn"], ["sn", "cn", "mail", "uid", "mail"], ["title", "uid"], [], ["uid", "mail", "cn", "sn"]]
        var shared = DirectoryAttributes.Builder()
        for round in 0..<200 {
            let order = orders[round % orders.count]
            let pairs = order.map { name in
                (name, (0..<Int.random(in: 0...2, using: &generator)).map { "\(name)\(round)-\($0)" })
            }
            var fresh = DirectoryAttributes.Builder()
            let alone = Self.build(pairs, with: &fresh)
            let built = Self.build(pairs, with: &shared)
            #expect(built == alone)
            #expect(Self.listed(built) == Self.listed(alone))
            let expected = Dictionary(pairs, uniquingKeysWith: +)
            #expect(built.dictionary == expected)
            #expect(Self.listed(built).map { $0.split(separator: "=")[0] } == expected.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.map { Substring($0) })
        }
    }
}
