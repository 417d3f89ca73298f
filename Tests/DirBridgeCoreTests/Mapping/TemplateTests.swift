import Testing
@testable import DirBridgeCore

@Suite struct TemplateTests {
    let user = DirectoryUser(
        anchor: Anchor("a"), dn: "uid=a", enabled: true,
        attributes: ["givenName": ["Ann", "Anna"], "sn": ["Smith"]], groups: []
    )

    @Test func rendersFirstValueAndMissingAsEmpty() throws {
        #expect(try Template(parsing: "{givenName} {sn}").render(user) == "Ann Smith")
        #expect(try Template(parsing: "{GIVENNAME}-{title}.").render(user) == "Ann-.")
        #expect(try Template(parsing: "{{literal}} {sn}").render(user) == "{literal} Smith")
        #expect(try Template(parsing: "{givenName}").attributes == ["givenname"])
    }

    @Test(arguments: [
        ("{givenName", 1, "'{' is never closed"),
        ("ab}c", 3, "unmatched '}'"),
        ("x {}", 3, "empty placeholder"),
        ("{given name}", 7, "' ' cannot appear"),
    ])
    func parseErrorsNamePosition(template: String, position: Int, reason: String) {
        #expect {
            try Template(parsing: template)
        } throws: { error in
            guard let error = error as? TemplateParseError else { return false }
            return error.position == position && error.reason.contains(reason)
        }
    }
}
