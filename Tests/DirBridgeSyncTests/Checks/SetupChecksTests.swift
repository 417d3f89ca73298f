import DirectoryReader
import Testing
@testable import DirBridgeSync

/// `check`'s line for groups the read could not place: silent before, every group-based role
/// fell to its default.
struct SetupChecksTests {
    @Test func memberOfOutsideTheGroupBaseIsAWarningNamingTheFix() throws {
        #expect(SetupChecks.groupBaseLines(DirectoryReadReport(groupBaseDN: "OU=People,DC=corp")).isEmpty)
        let lines = SetupChecks.groupBaseLines(DirectoryReadReport(
            groupBaseDN: "OU=People,DC=corp", unresolvedMemberOf: ["CN=Sales,OU=Groups,DC=corp", "CN=VPN,OU=Groups,DC=corp"]))
        let line = try #require(lines.first)
        #expect(line.status == .warning)
        #expect(line.text == "warning directory groups: users' memberOf names 2 groups outside the group base OU=People,DC=corp "
            + "(e.g. CN=Sales,OU=Groups,DC=corp): those memberships are ignored — set source.group_base_dn to the base that holds them")
    }
}
