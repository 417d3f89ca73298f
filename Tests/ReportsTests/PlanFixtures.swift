import DirBridgeCore
import Foundation
import Reports

/// A small plan exercising every action kind, rejections, a blocked target, secrets (top-level,
/// nested, quoted in a reason) and hostile directory text.
enum PlanFixtures {
    static let scriptDN = "cn=<script>alert(1)</script>,dc=x"
    static let escapedCommaDN = #"cn=Smith\, John,dc=x"#
    static let hostileTarget = #"ops<&>"'"#
    static let formulaVendorId = #"=HYPERLINK("http://x","y")"#
    /// Values of secret fields: none may appear in any rendering.
    static let secrets = ["hunter2-secret", "oldpass-secret", "newpass-secret", "nested-api-key", "reimport-secret"]
    static let generatedAt = Date(timeIntervalSince1970: 1_795_435_200) // 2026-11-23T12:00:00Z

    static func report(reversedPayloadOrder: Bool = false) -> PlanReport {
        PlanReport(
            plan: plan(reversedPayloadOrder: reversedPayloadOrder), generatedAt: generatedAt,
            sourceDescription: "ldaps://dc1.example.org (config /etc/dirbridge.yaml)",
            // Mixed case on purpose: field names match case-insensitively.
            secretFields: ["sertica-prod": ["password", "ApiKey"], hostileTarget: ["Password"]]
        )
    }

    static func plan(reversedPayloadOrder: Bool = false) -> SyncPlan {
        SyncPlan(targets: [serticaPlan(reversedPayloadOrder: reversedPayloadOrder), blockedPlan, emptyPlan])
    }

    private static func payload(_ fields: [(String, FieldValue)], reversed: Bool) -> TargetPayload {
        var payload = TargetPayload()
        for (field, value) in reversed ? fields.reversed() : fields { payload[field] = value }
        return payload
    }

    private static func serticaPlan(reversedPayloadOrder: Bool) -> TargetPlan {
        let annFields: [(String, FieldValue)] = [
            ("Email", .string("ann@example.org")), ("Password", .string("hunter2-secret")),
            ("Title", .string("Engineer")), ("Auth", .object(["apiKey": .string("nested-api-key"), "scheme": .string("basic")])),
            ("Active", .bool(true)),
        ]
        return TargetPlan(
            target: "sertica-prod", vendor: .sertica,
            actions: [
                SyncAction(kind: .create, anchor: Anchor("a1"), dn: "cn=Ann Lee,dc=x", vendorId: nil,
                           payload: payload(annFields, reversed: reversedPayloadOrder), payloadHash: "h1", changes: nil),
                SyncAction(kind: .update, anchor: Anchor("a2"), dn: escapedCommaDN, vendorId: "17",
                           payload: TargetPayload(["Title": .string("Lead"), "Password": .string("newpass-secret")]), payloadHash: "h2",
                           changes: [
                               FieldChange(field: "Title", old: .string("Engineer"), new: .string("Lead")),
                               FieldChange(field: "Password", old: .string("oldpass-secret"), new: .string("newpass-secret")),
                               FieldChange(field: "Email", old: nil, new: .string("john@example.org")),
                               FieldChange(field: "Phone", old: .string("+1 555"), new: nil),
                           ]),
                SyncAction(kind: .reimport, anchor: Anchor("a3"), dn: "cn=Cy,dc=x", vendorId: "V-3",
                           payload: TargetPayload(["PASSWORD": .string("reimport-secret")]), payloadHash: "h3",
                           changes: [FieldChange(field: "PASSWORD", old: nil, new: .string("reimport-secret"))]),
                SyncAction(kind: .disable, anchor: Anchor("a4"), dn: scriptDN, vendorId: "99",
                           payload: TargetPayload(["Active": .bool(false)]), payloadHash: "h4",
                           changes: [FieldChange(field: "Active", old: .bool(true), new: .bool(false))]),
            ],
            rejected: [
                Rejection(anchor: Anchor("a5"), dn: "cn=Eve,dc=x", field: "Email", reason: "required field is empty"),
                Rejection(anchor: Anchor("a6"), dn: "cn=Mal,dc=x", field: "Password",
                          reason: "value 'hunter2-secret' longer than 8 characters"),
            ],
            blockedReason: nil
        )
    }

    private static let blockedPlan = TargetPlan(
        target: hostileTarget, vendor: .ariaOperations,
        actions: [
            SyncAction(kind: .disable, anchor: Anchor("b1"), dn: "cn=Bo,dc=x", vendorId: formulaVendorId,
                       payload: TargetPayload(), payloadHash: "g1", changes: []),
            SyncAction(kind: .disable, anchor: Anchor("b2"), dn: "cn=Di,dc=x", vendorId: "-12",
                       payload: TargetPayload(), payloadHash: "g2", changes: []),
        ],
        rejected: [],
        blockedReason: "would disable 2 of 2 users (100% > limit 10%) <b>"
    )

    private static let emptyPlan = TargetPlan(target: "expoints", vendor: .expoints, actions: [], rejected: [], blockedReason: nil)
}
