import LocalServers
import Testing

/// One Samba AD DC for the whole `ActiveDirectorySambaTests` suite, seeded with an enabled and a
/// disabled user, a two-level group nesting and a group larger than AD's 1,500-value range.
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
        for index in 0..<bigGroupSize { ldif += user(bigMember(index)) }
        ldif += "dn: \(group("g-inner"))\nobjectClass: group\nsAMAccountName: g-inner\nmember: \(Self.user("ad-alice"))\n\n"
        ldif += "dn: \(group("g-outer"))\nobjectClass: group\nsAMAccountName: g-outer\nmember: \(group("g-inner"))\nmember: \(Self.user("ad-bob"))\n\n"
        ldif += "dn: \(group("g-big"))\nobjectClass: group\nsAMAccountName: g-big\n"
        for index in 0..<bigGroupSize { ldif += "member: \(Self.user(bigMember(index)))\n" }
        return ldif + "\n"
    }

    static func bigMember(_ index: Int) -> String { "big\(index)" }
}

extension Trait where Self == SharedSamba {
    /// Runs the suite against one shared Samba AD domain controller.
    static var sharedSamba: SharedSamba { SharedSamba() }
}
