import Testing
@testable import DirectoryReader

@Suite struct LDAPFilterTests {
    @Test func escapesTheFiveSpecialCharacters() {
        #expect(LDAPFilter.escape("a*b(c)d\\e\u{0}f") == "a\\2ab\\28c\\29d\\5ce\\00f")
    }

    @Test func leavesOrdinaryAndNonASCIITextAlone() {
        #expect(LDAPFilter.escape("Jürgen Groß-Smith, Jr.") == "Jürgen Groß-Smith, Jr.")
        #expect(LDAPFilter.escape("") == "")
    }

    @Test func injectionAttemptStaysOneAssertion() {
        let filter = LDAPFilter.equals("uid", "x)(|(uid=*")
        #expect(filter == "(uid=x\\29\\28|\\28uid=\\2a)")
        #expect(filter.filter { $0 == "(" }.count == 1)
        #expect(filter.filter { $0 == ")" }.count == 1)
    }
}

extension LDAPFilterTests {
    @Test func findsEveryAttributeAFilterTestsOnce() {
        let filter = "(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2))"
            + "(|(memberOf=CN=app\\28x\\29,DC=corp)(department>=R&D)(cn~=smith)(mail=*))(objectclass=user)(userCertificate;binary=\\00))"
        #expect(LDAPFilter.attributes(in: filter)
            == ["objectCategory", "objectClass", "userAccountControl", "memberOf", "department", "cn", "mail", "userCertificate"])
        #expect(LDAPFilter.attributes(in: "(:dn:2.4.6.8.10:=Dino)").isEmpty)
    }
}
