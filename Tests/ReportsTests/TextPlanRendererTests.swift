import DirBridgeCore
import Foundation
import Reports
import Testing

@Suite struct TextPlanRendererTests {
    @Test func rendersCountsBannerAndOneLinePerUser() {
        let expected = #"""
        dirbridge plan
        Generated: 2026-11-23T12:00:00Z
        Source:    ldaps://dc1.example.org (config /etc/dirbridge.yaml)

        sertica-prod (sertica): 1 create, 0 adopt, 1 update, 1 reimport, 1 disable, 2 rejected
          + create   cn=Ann Lee,dc=x (a1)
          ~ update   cn=Smith\, John,dc=x (a2) (vendor id 17)
              Title: Engineer → Lead
              Password: •••••• → ••••••
              Email: (none) → john@example.org
              Phone: +1 555 → (none)
          ↺ reimport cn=Cy,dc=x (a3) (vendor id V-3)
              PASSWORD: (none) → ••••••
          - disable  cn=<script>alert(1)</script>,dc=x (a4) (vendor id 99)
              Active: true → false
          ! rejected cn=Eve,dc=x: Email: required field is empty
          ! rejected cn=Mal,dc=x: Password: value '••••••' longer than 8 characters

        ops<&>"' (aria-operations): 0 create, 0 adopt, 0 update, 0 reimport, 2 disable, 0 rejected
          *** BLOCKED: would disable 2 of 2 users (100% > limit 10%) <b> ***
          *** nothing is sent to this target unless forced ***
          - disable  cn=Bo,dc=x (b1) (vendor id =HYPERLINK("http://x","y"))
          - disable  cn=Di,dc=x (b2) (vendor id -12)

        expoints (expoints): 0 create, 0 adopt, 0 update, 0 reimport, 0 disable, 0 rejected
          no changes

        Total: 6 actions, 2 rejected, 3 targets, 1 BLOCKED

        """#
        #expect(TextPlanRenderer().render(PlanFixtures.report()) == expected)
    }

    @Test func controlCharactersInDirectoryTextCannotForgeLinesOrDriveTheTerminal() {
        let dn = "cn=Eve\n  + create   cn=Forged,dc=x (f1)\u{1B}[2J\u{202E}txt.exe,dc=x"
        let plan = SyncPlan(targets: [TargetPlan(
            target: "t", vendor: .requestor,
            actions: [SyncAction(kind: .update, anchor: Anchor("e1"), dn: dn, vendorId: nil, payload: TargetPayload(),
                                 payloadHash: "h", changes: [FieldChange(field: "Title", old: .string("a\r\nb"), new: .string(""))])],
            rejected: [], blockedReason: nil)])
        let text = TextPlanRenderer().render(PlanReport(plan: plan, generatedAt: PlanFixtures.generatedAt, sourceDescription: "s"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains(#"  ~ update   cn=Eve\u{A}  + create   cn=Forged,dc=x (f1)\u{1B}[2J\u{202E}txt.exe,dc=x (e1)"#))
        #expect(lines.contains(#"      Title: a\u{D}\u{A}b → """#))
        #expect(!text.contains("\u{1B}") && !text.contains("\u{202E}") && !text.contains("\r"))
        #expect(lines.filter { $0.hasPrefix("  + create") }.isEmpty)
    }

    @Test func emptyPlanSaysSo() {
        let report = PlanReport(plan: SyncPlan(targets: []), generatedAt: PlanFixtures.generatedAt, sourceDescription: "s")
        let text = TextPlanRenderer().render(report)
        #expect(text.contains("No targets configured."))
        #expect(text.hasSuffix("Total: 0 actions, 0 rejected, 0 targets\n"))
    }
}
