import DirBridgeCore
import Foundation
import Reports
import Testing

@Suite struct SecretMaskingTests {
    @Test(arguments: ReportFormat.allCases)
    func noSecretValueAppearsInAnyFormat(_ format: ReportFormat) {
        let output = format.renderer.render(PlanFixtures.report())
        for secret in PlanFixtures.secrets {
            #expect(!output.contains(secret), "\(format) shows secret \(secret)")
        }
        #expect(output.contains("••••••"))
        // Non-secret values of the same users are still there.
        #expect(output.contains("john@example.org") && output.contains("Lead"))
    }

    @Test func maskKeepsAbsenceVisibleAndReachesNestedKeys() throws {
        let json = JSONPlanRenderer().render(PlanFixtures.report())
        let document = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let targets = try #require(document["targets"] as? [[String: Any]])
        let actions = try #require(targets[0]["actions"] as? [[String: Any]])
        let create = try #require(actions[0]["changes"] as? [[String: Any]])
        #expect(create[1]["new"] as? [String: String] == ["apiKey": "••••••", "scheme": "basic"])
        #expect(create[3]["new"] as? String == "••••••")
        let reimport = try #require(actions[2]["changes"] as? [[String: Any]])
        #expect(reimport[0]["old"] is NSNull && reimport[0]["new"] as? String == "••••••")
    }

    @Test func secretsOfOneTargetDoNotMaskFieldsOfAnother() {
        let change = FieldChange(field: "Password", old: nil, new: .string("visible-elsewhere"))
        let action = SyncAction(kind: .update, anchor: Anchor("x"), dn: "cn=x", vendorId: nil,
                                payload: TargetPayload(), payloadHash: "h", changes: [change])
        let plan = SyncPlan(targets: [
            TargetPlan(target: "masked", vendor: .sertica, actions: [action], rejected: [], blockedReason: nil),
            TargetPlan(target: "open", vendor: .expoints, actions: [action], rejected: [], blockedReason: nil),
        ])
        let text = TextPlanRenderer().render(PlanReport(plan: plan, generatedAt: PlanFixtures.generatedAt,
                                                        sourceDescription: "s", secretFields: ["masked": ["password"]]))
        #expect(text.components(separatedBy: "visible-elsewhere").count - 1 == 1)
        #expect(text.contains("Password: (none) → ••••••"))
    }
}

@Suite struct QuotedValueMaskTests {
    private func reason(_ text: String, field: String = "Password") throws -> String {
        let plan = SyncPlan(targets: [TargetPlan(target: "t", vendor: .sertica, actions: [],
                                                 rejected: [Rejection(anchor: Anchor("r"), dn: "cn=r", field: field, reason: text)],
                                                 blockedReason: nil)])
        let csv = CSVPlanRenderer().render(PlanReport(plan: plan, generatedAt: PlanFixtures.generatedAt, sourceDescription: "s",
                                                      secretFields: ["t": ["password"]]))
        let rows = try RFC4180.parse(csv)
        return String(try #require(rows.last?.last).dropFirst("\(field): ".count))
    }

    @Test func quotedValuesOfSecretFieldsAreMasked() throws {
        #expect(try reason("value 'hunter2' is longer than 8") == "value '••••••' is longer than 8")
        #expect(try reason("value \"p4ss\" (from 'userPassword') invalid") == "value \"••••••\" (from '••••••') invalid")
        #expect(try reason("user's value 'x1y2' rejected") == "user's value '••••••' rejected")
        #expect(try reason("bad value: 'unterminated secret") == "bad value: '••••••")
        #expect(try reason("required field is empty") == "required field is empty")
    }

    @Test func reasonsOfOtherFieldsAreLeftAlone() throws {
        #expect(try reason("value 'not secret' too long", field: "Title") == "value 'not secret' too long")
    }
}
