import Foundation
import Testing
@testable import DirBridgeCore

/// `read --format jsonl`'s line writer: the same JSON as the user's Codable form, one per line.
struct DirectoryUserJSONLineTests {
    static let user = DirectoryUser(
        anchor: Anchor("6b8d3f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"), dn: "uid=zoë,ou=people,dc=example,dc=org", enabled: false,
        attributes: ["sn": ["O\"Brien\\Smith"], "cn": ["Zoë \u{1}\n李 🎉", "second"], "mail": [], "éclair": ["x"]],
        groups: ["cn=b,ou=groups", "cn=a,ou=groups"])

    @Test func decodesToTheSameUserAsItsCodableForm() throws {
        var line: [UInt8] = []
        Self.user.appendJSONLine(to: &line)
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.dropLast().contains(UInt8(ascii: "\n")) == false, "one user, one line")
        #expect(try JSONDecoder().decode(DirectoryUser.self, from: Data(line)) == Self.user)

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let foundation = try JSONSerialization.jsonObject(with: encoder.encode(Self.user)) as? NSDictionary
        let ours = try JSONSerialization.jsonObject(with: Data(line)) as? NSDictionary
        #expect(ours == foundation)
    }
}
