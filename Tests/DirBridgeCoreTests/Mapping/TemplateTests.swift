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

    @Test func alternativeTakesTheFirstAttributeWithAValue() throws {
        let activeDirectory = DirectoryUser(
            anchor: Anchor("ad"), dn: "CN=Ann,DC=example,DC=org", enabled: true,
            attributes: ["sAMAccountName": ["asmith"], "uid": ["other"], "department": ["Ops"]], groups: []
        )
        let openLDAP = DirectoryUser(
            anchor: Anchor("ol"), dn: "uid=ann,dc=example,dc=org", enabled: true,
            // An empty first value counts as missing: the next alternative is used.
            attributes: ["samaccountname": [""], "uid": ["ann"], "departmentNumber": ["42"]], groups: []
        )
        let login = try Template(parsing: "{sAMAccountName|uid}")
        #expect(login.render(activeDirectory) == "asmith")
        #expect(login.render(openLDAP) == "ann")
        #expect(login.render(user) == "")
        let mixed = try Template(parsing: "{givenName} ({department|departmentNumber|ou})")
        #expect(mixed.render(activeDirectory) == " (Ops)")
        #expect(mixed.render(openLDAP) == " (42)")
        #expect(mixed.render(user) == "Ann ()")
        #expect(mixed.attributes == ["givenname", "department", "departmentnumber", "ou"])
        #expect(try Template(parsing: "{sn}").segments == [.attribute("sn")])
        #expect(try Template(parsing: "{SN|Surname}").segments == [.firstOf(["sn", "surname"])])
        #expect(try Template(parsing: "{{a|b}}").render(user) == "{a|b}")
    }

    @Test(arguments: [
        ("{a||b}", 4, "empty alternative"),
        ("{|uid}", 2, "empty alternative"),
        ("x{uid|}", 7, "empty alternative"),
        ("{uid|sam account}", 9, "' ' cannot appear"),
    ])
    func alternativeParseErrorsNamePosition(template: String, position: Int, reason: String) {
        #expect {
            try Template(parsing: template)
        } throws: { error in
            guard let error = error as? TemplateParseError else { return false }
            return error.position == position && error.reason.contains(reason)
        }
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
