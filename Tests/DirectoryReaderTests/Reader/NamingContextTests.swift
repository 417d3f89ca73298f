@testable import DirectoryReader
import Testing

/// Without `group_base_dn`, groups are read from the naming context holding `base_dn`: in AD the
/// base is usually the people OU, and groups under it would be silently missing.
@Suite struct NamingContextTests {
    @Test func theLongestNamingContextThatHoldsTheBaseIsChosen() {
        let rootDSE = ["namingContexts": ["DC=corp,DC=example,DC=com", "CN=Configuration,DC=corp,DC=example,DC=com", "DC=com"]]
        #expect(ReadSession.namingContext(holding: "OU=People,DC=corp,DC=example,DC=com", rootDSE: rootDSE)
            == "DC=corp,DC=example,DC=com")
    }

    @Test func adsDefaultNamingContextAndCaseAndSpacesAreHonoured() {
        #expect(ReadSession.namingContext(holding: "ou=people, dc=example, dc=org", rootDSE: ["defaultNamingContext": ["DC=example,DC=org"]])
            == "DC=example,DC=org")
        #expect(ReadSession.namingContext(holding: "ou=people,dc=other,dc=org", rootDSE: ["namingContexts": ["dc=example,dc=org"]]) == nil)
    }
}

/// Active Directory refers a domain-root search to its system partitions: skipped; any other
/// referral fails the read unless `referrals: ignore`.
@Suite struct SystemPartitionReferralTests {
    @Test func adSystemPartitionsAreRecognisedAndOtherReferralsAreNot() {
        #expect(LDAPConnection.isDirectorySystemPartition("ldap://corp.example/CN=Configuration,DC=corp,DC=example"))
        #expect(LDAPConnection.isDirectorySystemPartition("ldap://DomainDnsZones.corp.example/DC=DomainDnsZones,DC=corp,DC=example"))
        #expect(LDAPConnection.isDirectorySystemPartition("ldaps://ForestDnsZones.corp.example/DC%3DForestDnsZones,DC=corp,DC=example"))
        #expect(!LDAPConnection.isDirectorySystemPartition("ldap://emea-dc.example.org/ou=people,dc=emea,dc=example,dc=org"))
        #expect(!LDAPConnection.isDirectorySystemPartition("not a url"))
    }
}

/// DirSync reads whole domain partitions: its search starts at the `DC=` components of the base.
@Suite struct DomainRootTests {
    @Test func theDomainRootIsTheTrailingDCComponents() {
        #expect(ReadPlan.domainRoot(of: "OU=People,OU=EU,DC=corp,DC=example") == "DC=corp,DC=example")
        #expect(ReadPlan.domainRoot(of: "ou=dc=fake\\,dc=x,dc=corp") == "dc=corp")
        #expect(ReadPlan.domainRoot(of: "DC=corp,DC=example") == "DC=corp,DC=example")
    }
}
