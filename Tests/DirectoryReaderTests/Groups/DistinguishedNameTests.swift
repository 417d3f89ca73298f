import Testing
@testable import DirectoryReader

@Suite struct DistinguishedNameTests {
    @Test func escapeSpellingsOfOneDNShareAKey() {
        let forms = [
            "cn=Smith\\, John,ou=People,dc=example,dc=org",
            "cn=Smith\\2C John,ou=people,dc=example,dc=org",
            "CN=smith\\2c john, OU=people, DC=example, DC=org",
            "cn=\"Smith, John\",ou=people,dc=example,dc=org",
        ]
        let keys = Set(forms.map(DistinguishedName.key))
        #expect(keys.count == 1)
    }

    @Test func differentDNsKeepDifferentKeys() {
        // An escaped comma inside a value is not an RDN separator.
        #expect(DistinguishedName.key("cn=a\\,b,dc=x") != DistinguishedName.key("cn=a,b=,dc=x"))
        #expect(DistinguishedName.key("cn=a\\2Bb,dc=x") != DistinguishedName.key("cn=a+b=,dc=x"))
        #expect(DistinguishedName.key("cn=Jürgen,dc=x") == DistinguishedName.key("CN=JÜRGEN,DC=X"))
        #expect(DistinguishedName.key("cn=ab,dc=x") != DistinguishedName.key("cn=a b,dc=x"))
    }

    @Test func uniqueIdentifierSuffixIsStripped() {
        #expect(DistinguishedName.strippingUniqueIdentifier("uid=a,dc=x#'0101'B") == "uid=a,dc=x")
        #expect(DistinguishedName.strippingUniqueIdentifier("uid=a\\#'01'B") == "uid=a\\#'01'B")
        #expect(DistinguishedName.strippingUniqueIdentifier("uid=a,dc=x") == "uid=a,dc=x")
    }
}
