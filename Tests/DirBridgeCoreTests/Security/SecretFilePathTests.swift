import Testing
@testable import DirBridgeCore

@Suite struct SecretFilePathTests {
    @Test func systemdsCredentialsDirectoryIsExpandedInBothSpellings() {
        let environment = ["CREDENTIALS_DIRECTORY": "/run/credentials/dirbridge.service"]
        #expect(SecretFilePath.expanded("${CREDENTIALS_DIRECTORY}/ldap-password", environment: environment)
            == "/run/credentials/dirbridge.service/ldap-password")
        #expect(SecretFilePath.expanded("$CREDENTIALS_DIRECTORY/ldap-password", environment: environment)
            == "/run/credentials/dirbridge.service/ldap-password")
        #expect(SecretFilePath.expanded("/etc/dirbridge/x", environment: environment) == "/etc/dirbridge/x")
        #expect(SecretFilePath.expanded("${CREDENTIALS_DIRECTORY}/x", environment: [:]) == "${CREDENTIALS_DIRECTORY}/x",
                "without the variable the path is left as written, and reading it fails by name")
        #expect(SecretFilePath.isVariable("${CREDENTIALS_DIRECTORY}/x") && !SecretFilePath.isVariable("secrets/x"))
    }
}
