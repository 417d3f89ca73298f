import Testing
@testable import DirectoryReader

@Suite struct TCPProbeTests {
    @Test func hostAndPortWithDefaults() {
        #expect(TCPProbe.hostAndPort("ldaps://dc.example.org")! == ("dc.example.org", 636))
        #expect(TCPProbe.hostAndPort("ldap://dc.example.org/")! == ("dc.example.org", 389))
        #expect(TCPProbe.hostAndPort("LDAP://127.0.0.1:3389")! == ("127.0.0.1", 3389))
        #expect(TCPProbe.hostAndPort("ldaps://[::1]:1636/")! == ("::1", 1636))
        #expect(TCPProbe.hostAndPort("http://x") == nil)
    }
}
