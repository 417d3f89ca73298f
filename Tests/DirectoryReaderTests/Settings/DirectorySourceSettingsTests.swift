import Foundation
import Logging
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

    @Test func anAllRuleCombinesRulesAndNeedsAtLeastOne() throws {
        let json = """
        {"url": "ldap://x", "base_dn": "dc=x", "account_expiry": "shadowExpire",
         "enabled": {"rule": "all", "rules": [{"rule": "absent", "attribute": "pwdAccountLockedTime"},
                                              {"rule": "not_equals", "attribute": "employeeType", "value": "inactive"}]}}
        """
        let settings = try JSONDecoder().decode(DirectorySourceSettings.self, from: Data(json.utf8))
        #expect(settings.enabledRule == .all([.attributeAbsent("pwdAccountLockedTime"), .attributeNotEquals("employeeType", "inactive")]))
        #expect(settings.enabledRule?.attributes == ["pwdAccountLockedTime", "employeeType"])
        #expect(settings.accountExpiry == "shadowExpire")
        #expect(try JSONDecoder().decode(DirectorySourceSettings.self, from: JSONEncoder().encode(settings)) == settings)
        let empty = #"{"url": "ldap://x", "base_dn": "dc=x", "enabled": {"rule": "all", "rules": []}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DirectorySourceSettings.self, from: Data(empty.utf8)) }
        let noExpiry = #"{"url": "ldap://x", "base_dn": "dc=x", "account_expiry": ""}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DirectorySourceSettings.self, from: Data(noExpiry.utf8)) }
    }

    @Test func rejectsBothPasswordSourcesAndBadPageSize() {
        let both = #"{"url": "ldap://x", "base_dn": "dc=x", "password_env": "A", "password_file": "/f"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DirectorySourceSettings.self, from: Data(both.utf8)) }
        let page = #"{"url": "ldap://x", "base_dn": "dc=x", "page_size": 0}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DirectorySourceSettings.self, from: Data(page.utf8)) }
        let rule = #"{"url": "ldap://x", "base_dn": "dc=x", "enabled": {"rule": "sometimes"}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DirectorySourceSettings.self, from: Data(rule.utf8)) }
    }

    @Test func anUnreadableBindPasswordIsNamedBeforeAnythingIsSent() async throws {
        var settings = DirectorySourceSettings(url: "ldap://127.0.0.1:1", baseDN: "dc=x")
        settings.bindDN = "cn=reader,dc=x"
        settings.password = .environment("DIRBRIDGE_TEST_UNSET_PASSWORD")
        let error = await #expect(throws: LDAPError.self) {
            try await DirectoryReader(settings: settings, logger: Logger(label: "test")).readAll()
        }
        #expect(error?.code == .missingPassword)
        #expect(error?.description.contains("DIRBRIDGE_TEST_UNSET_PASSWORD") == true)

        settings.password = .file("/nonexistent/dirbridge-password")
        let missingFile = await #expect(throws: LDAPError.self) {
            try await DirectoryReader(settings: settings, logger: Logger(label: "test")).readAll()
        }
        #expect(missingFile?.code == .missingPassword)
        #expect(missingFile?.description.contains("/nonexistent/dirbridge-password") == true)
    }
}
