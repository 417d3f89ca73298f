import DirBridgeCore
import Foundation
import Reports
import Testing

@Suite struct JSONPlanRendererTests {
    private func parse(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func documentHasExactlyTheAgreedKeys() throws {
        let document = try parse(JSONPlanRenderer().render(PlanFixtures.report()))
        #expect(Set(document.keys) == ["targets"])
        let targets = try #require(document["targets"] as? [[String: Any]])
        #expect(targets.map { $0["name"] as? String } == ["sertica-prod", PlanFixtures.hostileTarget, "expoints"])
        let base: Set<String> = ["name", "vendor", "blocked", "summary", "actions", "rejected", "unmanaged"]
        #expect(Set(targets[0].keys) == base)
        #expect(Set(targets[1].keys) == base.union(["blockedReason"]))
        for target in targets {
            let summary = try #require(target["summary"] as? [String: Int])
            #expect(Set(summary.keys) == ["adopt", "create", "update", "reimport", "disable", "rejected"])
            for action in try #require(target["actions"] as? [[String: Any]]) {
                #expect(Set(action.keys) == ["kind", "anchor", "dn", "vendorId", "changes", "payloadHash"])
                for change in try #require(action["changes"] as? [[String: Any]]) {
                    #expect(Set(change.keys) == ["field", "old", "new"])
                }
            }
            for rejection in try #require(target["rejected"] as? [[String: Any]]) {
                #expect(Set(rejection.keys) == ["anchor", "dn", "field", "reason"])
            }
        }
    }

    @Test func valuesKeepTheirJSONTypesAndAbsenceIsNull() throws {
        let targets = try #require(try parse(JSONPlanRenderer().render(PlanFixtures.report()))["targets"] as? [[String: Any]])
        let sertica = targets[0]
        #expect(sertica["vendor"] as? String == "sertica")
        #expect(sertica["blocked"] as? Bool == false)
        #expect(sertica["summary"] as? [String: Int] == ["adopt": 0, "create": 1, "update": 1, "reimport": 1, "disable": 1, "rejected": 2])
        let actions = try #require(sertica["actions"] as? [[String: Any]])
        #expect(actions.map { $0["kind"] as? String } == ["create", "update", "reimport", "disable"])
        #expect(actions[0]["vendorId"] is NSNull)
        #expect(actions[1]["vendorId"] as? String == "17")
        #expect(actions[1]["dn"] as? String == PlanFixtures.escapedCommaDN)
        #expect(actions[3]["dn"] as? String == PlanFixtures.scriptDN)
        let update = try #require(actions[1]["changes"] as? [[String: Any]])
        #expect(update[0]["field"] as? String == "Title" && update[0]["old"] as? String == "Engineer" && update[0]["new"] as? String == "Lead")
        #expect(update[2]["old"] is NSNull && update[2]["new"] as? String == "john@example.org")
        #expect(update[3]["new"] is NSNull)
        let disable = try #require(actions[3]["changes"] as? [[String: Any]])
        #expect(disable[0]["old"] as? Bool == true && disable[0]["new"] as? Bool == false)
        // A create with nothing stored shows its payload as additions, sorted by field.
        let create = try #require(actions[0]["changes"] as? [[String: Any]])
        #expect(create.map { $0["field"] as? String } == ["Active", "Auth", "Email", "Password", "Title"])
        #expect(create.allSatisfy { $0["old"] is NSNull })

        let blocked = targets[1]
        #expect(blocked["blocked"] as? Bool == true)
        #expect(blocked["blockedReason"] as? String == "would disable 2 of 2 users (100% > limit 10%) <b>")
        #expect(blocked["vendor"] as? String == "aria-operations")
        let rejected = try #require(sertica["rejected"] as? [[String: String]])
        #expect(rejected[0] == ["anchor": "a5", "dn": "cn=Eve,dc=x", "field": "Email", "reason": "required field is empty"])
    }

    @Test func keysAreSortedAndOutputMatchesASortedReserialization() throws {
        let text = JSONPlanRenderer().render(PlanFixtures.report())
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let reserialized = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        #expect(text == String(decoding: reserialized, as: UTF8.self) + "\n")
    }

    @Test func controlCharactersAreEscaped() throws {
        let plan = SyncPlan(targets: [TargetPlan(
            target: "t", vendor: .sertica,
            actions: [SyncAction(kind: .update, anchor: Anchor("x"), dn: "cn=a\u{0}b\u{1F}\"\\", vendorId: nil,
                                 payload: TargetPayload(), payloadHash: "h", changes: [])],
            rejected: [], blockedReason: nil)])
        let text = JSONPlanRenderer().render(PlanReport(plan: plan, generatedAt: PlanFixtures.generatedAt, sourceDescription: "s"))
        #expect(text.contains(#""dn":"cn=a\u0000b\u001f\"\\""#))
        let targets = try #require(try parse(text)["targets"] as? [[String: Any]])
        let actions = try #require(targets[0]["actions"] as? [[String: Any]])
        #expect(actions[0]["dn"] as? String == "cn=a\u{0}b\u{1F}\"\\")
    }
}

extension JSONPlanRendererTests {
    @Test func unmanagedAccountsAreListedPerTargetInEveryFormat() throws {
        var report = PlanFixtures.report()
        report.plan.targets[2].unmanaged = [UnmanagedAccount(vendorId: "svc-1", key: "backup-bot@example.org")]
        let document = try parse(JSONPlanRenderer().render(report))
        let targets = try #require(document["targets"] as? [[String: Any]])
        #expect(targets[2]["unmanaged"] as? [[String: String]] == [["key": "backup-bot@example.org", "vendorId": "svc-1"]])
        #expect(TextPlanRenderer().render(report).contains("? unmanaged backup-bot@example.org (vendor id svc-1)"))
        #expect(CSVPlanRenderer().render(report).contains("expoints,expoints,unmanaged,,backup-bot@example.org,svc-1,"))
        #expect(HTMLPlanRenderer().render(report).contains("value=\"unmanaged\""))
    }
}
