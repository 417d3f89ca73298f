import Foundation
import Testing
@testable import VendorSimulator

@Suite("Hand-made accounts: POST /_sim/accounts")
struct AccountSeedingTests {
    func seed(_ client: SimulatorClient, _ vendor: String, _ users: [JSONValue]) async throws -> HTTPTestResponse {
        try await client.send("POST", "/_sim/accounts", json: ["vendor": .string(vendor), "users": .array(users)])
    }

    func expectNothingCounted(_ client: SimulatorClient) async throws {
        let counters = try await client.state()["counters"]
        for event in ["creates", "updates", "duplicateCreates"] {
            #expect(counters[event].objectValue?.values.allSatisfy { $0 == 0 } == true, "\(event)")
        }
    }

    @Test("Aria: stored without validation under new ids, found by the vendor's lookup, not counted")
    func aria() async throws {
        try await withSimulator { client in
            let seeded = try await seed(client, "aria-operations", [["username": "ann", "Last login time": 0], ["username": "bob"]])
            #expect(seeded.status == 200)
            let ids = (seeded.json["ids"].arrayValue ?? []).compactMap(\.stringValue)
            #expect(ids.count == 2 && ids.allSatisfy { UUID(uuidString: $0) != nil })
            let token = try await AriaOperationsTests().acquireToken(client)
            let found = try await client.send("GET", "/aria/suite-api/api/auth/users?username=ANN", headers: ["Authorization": "OpsToken \(token)"])
            #expect(found.json["users"][0]["id"].stringValue == ids[0])
            #expect(found.json["users"][0]["enabled"] == true)
            try await expectNothingCounted(client)
        }
    }

    @Test("Expoints: keyed by Username without the model checks; a later add of that name is a duplicate")
    func expoints() async throws {
        try await withSimulator { client in
            let seeded = try await seed(client, "expoints", [["Username": "ann", "Email": "ann@example.com"]])
            #expect(seeded.json["ids"] == ["ann"])
            let expoints = ExpointsTests()
            let found = try await client.send("GET", "\(expoints.path)?name=ann", headers: expoints.auth)
            #expect(found.json["Email"] == "ann@example.com")
            #expect(found.json["Type"] == "Internal")
            try await expectNothingCounted(client)
            #expect(try await client.send("POST", expoints.path, headers: expoints.auth, json: [expoints.user("ann")]).status == 400)
        }
    }

    @Test("Forms On Fire: new Id, Status Invited unless given, found by e-mail")
    func formsOnFire() async throws {
        try await withSimulator { client in
            let seeded = try await seed(
                client, "forms-on-fire", [["Email": "ann@example.com", "FirstName": "Old"], ["Email": "bob@example.com", "Status": "Active"]]
            )
            let ids = (seeded.json["ids"].arrayValue ?? []).compactMap(\.stringValue)
            #expect(ids.count == 2)
            let found = try await client.send("GET", "/formsonfire/api/v1/suser?\(FormsOnFireTests().credentials)&email=ann@example.com")
            #expect(found.json["SUsers"][0]["Id"].stringValue == ids[0])
            #expect(found.json["SUsers"][0]["Status"] == "Invited")
            let stored = try await client.users("forms-on-fire")
            #expect(stored.first { $0["Id"].stringValue == ids[1] }?["Status"] == "Active")
            try await expectNothingCounted(client)
        }
    }

    @Test("Requestor: the store's own shape gets a UserProviderKey, which a create of the same person conflicts with")
    func requestor() async throws {
        try await withSimulator { client in
            let seeded = try await seed(
                client, "requestor", [["ExternalId": "ext-1", "Email": "ann@example.com", "Properties": ["Username": "ann", "FirstName": "Ann"]]]
            )
            let key = try #require(seeded.json["ids"][0].stringValue)
            #expect(UUID(uuidString: key) != nil)
            try await expectNothingCounted(client)
            let requestor = RequestorTests()
            let create = try await client.send(
                "POST", requestor.path, headers: requestor.auth, json: [requestor.item(externalId: "ext-1", properties: [("Username", "ann")])]
            )
            #expect(create.json["RequestorUsers"][0]["UserProviderKeyConflict"].stringValue == key)
        }
    }

    @Test("Sertica: keyed by UserNo, as given")
    func sertica() async throws {
        try await withSimulator { client in
            let seeded = try await seed(client, "sertica", [["UserNo": "42", "Login": "ann"]])
            #expect(seeded.json["ids"] == ["42"])
            #expect(try await client.users("sertica") == [["UserNo": "42", "Login": "ann"]])
            try await expectNothingCounted(client)
        }
    }

    @Test("a seed colliding with a unique key, without the key field, or for an unknown vendor is refused whole")
    func refused() async throws {
        try await withSimulator { client in
            #expect(try await seed(client, "aria-operations", [["username": "ann"]]).status == 200)
            let cases: [(String, [JSONValue])] = [
                ("aria-operations", [["username": "new"], ["username": "ANN"]]),
                ("aria-operations", [["firstName": "NoName"]]),
                ("expoints", [["Username": "x"], ["Username": "X"]]),
                ("forms-on-fire", [["Email": "a@example.com"], ["Email": "A@example.com"]]),
                ("requestor", [["Email": "a@example.com", "Properties": [:]]]),
                ("sertica", [["UserNo": "1"], ["UserNo": "1"]]),
                ("ldap", [["uid": "ann"]]),
            ]
            for (vendor, users) in cases {
                let response = try await seed(client, vendor, users)
                #expect(response.status == 400, "\(vendor) \(users)")
                #expect(response.json["message"].stringValue != nil)
            }
            #expect(try await client.users("aria-operations").count == 1)
            for vendor in ["expoints", "forms-on-fire", "requestor", "sertica"] {
                #expect(try await client.users(vendor).isEmpty, "\(vendor)")
            }
        }
    }
}
