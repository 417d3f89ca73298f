import TestSupport
import Foundation
import LocalServers
import Testing

/// One Samba AD DC for the whole `ActiveDirectorySambaTests` suite, seeded with an enabled and a
/// disabled user, an enabled user whose account expired and one whose expiry is ahead
/// (`accountExpires`), a two-level group nesting, a group larger than AD's 1,500-value range, and
/// `g-primary` as ad-bob's primary group.
struct SharedSamba: SuiteTrait, TestScoping {
    @TaskLocal static var current: SambaDomainController?

    static let ou = "OU=dirbridge,\(SambaDomainController.baseDN)"
    static let bigGroupSize = 1_600
    static func user(_ name: String) -> String { "CN=\(name),\(ou)" }
    static func group(_ name: String) -> String { "CN=\(name),\(ou)" }

    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let controller = try await SambaDomainController.start(seedLDIF: Self.seed)
        do {
            try await Self.makePrimaryGroup(Self.group("g-primary"), of: Self.user("ad-bob"), on: controller)
            try await Self.$current.withValue(controller) { try await function() }
        } catch {
            await controller.stop()
            throw error
        }
        await controller.stop()
    }

    private static var seed: String {
        // userAccountControl 544 = NORMAL_ACCOUNT | PASSWD_NOTREQD; 546 adds ACCOUNTDISABLE (0x2).
        func user(_ name: String, disabled: Bool = false) -> String {
            "dn: \(Self.user(name))\nobjectClass: user\nsAMAccountName: \(name)\nuserAccountControl: \(disabled ? 546 : 544)\n\n"
        }
        var ldif = "dn: \(ou)\nobjectClass: organizationalUnit\nou: dirbridge\n\n"
        ldif += user("ad-alice") + user("ad-bob", disabled: true)
        // accountExpires is a FILETIME: 100 ns ticks since 1601. 2020-01-01 and 2100-01-01 UTC.
        ldif += user("ad-expired").dropLast() + "accountExpires: \(Self.filetime(unixSeconds: 1_577_836_800))\n\n"
        ldif += user("ad-expiring").dropLast() + "accountExpires: \(Self.filetime(unixSeconds: Self.expiringAt))\n\n"
        for index in 0..<bigGroupSize { ldif += user(bigMember(index)) }
        ldif += "dn: \(group("g-inner"))\nobjectClass: group\nsAMAccountName: g-inner\nmember: \(Self.user("ad-alice"))\n\n"
        ldif += "dn: \(group("g-outer"))\nobjectClass: group\nsAMAccountName: g-outer\nmember: \(group("g-inner"))\nmember: \(Self.user("ad-bob"))\n\n"
        ldif += "dn: \(group("g-primary"))\nobjectClass: group\nsAMAccountName: g-primary\nmember: \(Self.user("ad-bob"))\n\n"
        ldif += "dn: \(group("g-big"))\nobjectClass: group\nsAMAccountName: g-big\n"
        for index in 0..<bigGroupSize { ldif += "member: \(Self.user(bigMember(index)))\n" }
        return ldif + "\n"
    }

    static func bigMember(_ index: Int) -> String { "big\(index)" }

    /// When ad-expiring's account expires (2100-01-01 UTC).
    static let expiringAt: Int64 = 4_102_444_800
    static func filetime(unixSeconds: Int64) -> Int64 { (unixSeconds + 11_644_473_600) * 10_000_000 }

    /// Sets the user's `primaryGroupID` to the group's RID, as an administrator does in AD
    /// (the user must already be a member; the server then drops the `member` link).
    private static func makePrimaryGroup(_ groupDN: String, of userDN: String, on controller: SambaDomainController) async throws {
        let credentials = ["-x", "-H", controller.url, "-D", SambaDomainController.adminDN, "-y", controller.adminPasswordFile]
        let found = try await ProcessRunner.run(
            "/usr/bin/ldapsearch", credentials + ["-LLL", "-o", "ldif-wrap=no", "-b", groupDN, "-s", "base", "objectSid"])
        guard let line = found.split(separator: "\n").first(where: { $0.hasPrefix("objectSid:: ") }),
              let sid = Data(base64Encoded: String(line.dropFirst("objectSid:: ".count))), sid.count >= 12
        else { throw SambaFixtureError(message: "no objectSid for \(groupDN) in: \(found)") }
        let rid = sid.suffix(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        try await ProcessRunner.run(
            "/usr/bin/ldapmodify", credentials,
            input: "dn: \(userDN)\nchangetype: modify\nreplace: primaryGroupID\nprimaryGroupID: \(rid)\n\n")
    }
}

extension Trait where Self == SharedSamba {
    /// Runs the suite against one shared Samba AD domain controller.
    static var sharedSamba: SharedSamba { SharedSamba() }
}

struct SambaFixtureError: Error {
    var message: String
}
