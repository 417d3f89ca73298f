import Foundation
import Testing
@testable import DirectoryReader

@Suite struct DirectorySourceSettingsTests {
    @Test func decodesSnakeCaseWithDefaults() throws {
        let json = """
        {"url": "ldaps://dc.example.org", "bind_dn": "cn=svc", "password_env": "LDAP_PW",
         "base_dn": "dc=example,dc=org", "attributes": ["mail"], "binary_attributes": ["photoBlob"],
         "dialect": "activedirectory", "enabled": {"rule": "not_equals", "attribute": "employeeStatus", "value": "inactive"},
         "tls": {"ca_file": "/etc/ca.pem"}, "timeouts": {"operation_seconds": 30}}
        """
        let settings = try JSONDecoder().decode(DirectorySourceSettings.self, from: Data(json.utf8))
        #expect(settings.password == .environment("LDAP_PW"))
        #expect(settings.scope == .subtree)
        #expect(settings.pageSize == 500)
        #expect(settings.dialect == .activeDirectory)
        #expect(settings.enabledRule == .attributeNotEquals("employeeStatus", "inactive"))
        #expect(settings.tls == TLSSettings(caFile: "/etc/ca.pem", startTLS: false, insecureSkipVerify: false))
        #expect(settings.timeouts.operationSeconds == 30)
        #expect(settings.timeouts.connectSeconds == 10)
        let roundTrip = try JSONDecoder().decode(DirectorySourceSettings.self, from: JSONEncoder().encode(settings))
        #expect(roundTrip == settings)
    }

    @Test func rejectsBothPasswordSourcesAndBadPageSize() {
        let both = #"{"url": "ldap://x", "base_dn": "dc=x", "password_env": "A", "password_file": "/f"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DirectorySourceSettings.self, from: Data(both.utf8)) }
        let page = #"{"url": "ldap://x", "base_dn": "dc=x", "page_size": 0}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DirectorySourceSettings.self, from: Data(page.utf8)) }
        let rule = #"{"url": "ldap://x", "base_dn": "dc=x", "enabled": {"rule": "sometimes"}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DirectorySourceSettings.self, from: Data(rule.utf8)) }
    }

    @Test func passwordReferenceResolvesAndNamesWhatIsMissing() throws {
        #expect(try PasswordReference.environment("PW").resolve(environment: ["PW": "s3cret"]) == "s3cret")
        let error = #expect(throws: LDAPError.self) { try PasswordReference.environment("PW").resolve(environment: [:]) }
        #expect(error?.code == .missingPassword)
        #expect(error?.description.contains("PW") == true)
        #expect(error?.description.contains("s3cret") == false)

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)")
        try Data("from-file\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try PasswordReference.file(file.path).resolve() == "from-file")
        #expect(throws: LDAPError.self) { try PasswordReference.file(file.path + ".missing").resolve() }
    }
}
