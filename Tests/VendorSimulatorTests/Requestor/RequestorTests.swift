import Foundation
import Testing
@testable import VendorSimulator

@Suite("Requestor SyncRequestorUsers")
struct RequestorTests {
    let path = "/requestor/api/Import/SyncRequestorUsers"
    let auth = ["Authorization": "Bearer requestor-test-token"]

    func item(
        key: String? = nil, externalId: String?, email: String? = "ann@example.com",
        properties: [(String, JSONValue)]
    ) -> JSONValue {
        var object: [String: JSONValue] = [
            "ExternalId": externalId.json, "Email": email.json,
            "Operations": .array(properties.map { ["Operation": 0, "Path": .string("/\($0.0)"), "Value": $0.1] }),
        ]
        if let key { object["UserProviderKey"] = .string(key) }
        return .object(object)
    }

    @Test("per-user results: one valid user is created while the invalid ones fail with a message")
    func perUserResults() async throws {
        try await withSimulator { client in
            let body: JSONValue = [
                item(externalId: "ext-1", properties: [("Username", "ann"), ("FirstName", "Ann")]),
                item(externalId: "ext-2", email: nil, properties: [("Username", "bob")]),
                item(externalId: "ext-3", properties: [("FirstName", "NoUsername")]),
                ["ExternalId": "ext-4", "Email": "c@example.com", "Operations": [["Operation": 9, "Path": "/Username", "Value": "cy"]]],
                item(externalId: "ext-5", properties: [("Username", "dee"), ("firstname", "wrong case")]),
            ]
            let response = try await client.send("POST", path, headers: auth, json: body)
            #expect(response.status == 200)
            let results = try #require(response.json["RequestorUsers"].arrayValue)
            #expect(results.count == 5)
            #expect(results[0]["Success"] == true)
            #expect(results[0]["Username"] == "ann")
            #expect(results[0]["UserProviderKey"].stringValue.flatMap(UUID.init(uuidString:)) != nil)
            #expect(results[0]["CustomerId"] == 121)
            #expect(results[1]["Success"] == false)
            #expect(results[1]["ErrorMessage"].stringValue?.contains("Email") == true)
            #expect(results[2]["ErrorMessage"].stringValue?.contains("Username") == true)
            #expect(results[3]["ErrorMessage"].stringValue?.contains("Operation") == true)
            #expect(results[4]["ErrorMessage"].stringValue?.contains("/firstname") == true)
            #expect(try await client.users("requestor").count == 1)
        }
    }

    @Test("creating an ExternalId that exists returns the existing key as UserProviderKeyConflict")
    func conflict() async throws {
        try await withSimulator { client in
            let first = try await client.send("POST", path, headers: auth, json: [item(externalId: "ext-1", properties: [("Username", "ann")])])
            let key = try #require(first.json["RequestorUsers"][0]["UserProviderKey"].stringValue)
            let second = try await client.send(
                "POST", path, headers: auth, json: [item(externalId: "ext-1", properties: [("Username", "ann2")])]
            )
            let result = second.json["RequestorUsers"][0]
            #expect(result["Success"] == false)
            #expect(result["UserProviderKeyConflict"].stringValue == key)
            #expect(try await client.users("requestor").count == 1)
            #expect(try await client.counter("duplicateCreates", "requestor") == 1)
        }
    }

    @Test("an update clears every property it does not carry, ExternalId included")
    func updateClearsMissingFields() async throws {
        try await withSimulator { client in
            let created = try await client.send(
                "POST", path, headers: auth,
                json: [item(externalId: "ext-1", properties: [("Username", "ann"), ("FirstName", "Ann"), ("Department", "Ops")])]
            )
            let key = try #require(created.json["RequestorUsers"][0]["UserProviderKey"].stringValue)
            let updated = try await client.send(
                "POST", path, headers: auth,
                json: [item(key: key, externalId: nil, email: "new@example.com", properties: [("Username", "ann"), ("Title", "Lead")])]
            )
            #expect(updated.json["RequestorUsers"][0]["Success"] == true)
            #expect(updated.json["RequestorUsers"][0]["UserProviderKey"].stringValue == key)
            let stored = try await client.users("requestor")
            #expect(stored.count == 1)
            #expect(stored[0]["Properties"] == ["Username": "ann", "Title": "Lead"])
            #expect(stored[0]["ExternalId"] == .null)
            #expect(stored[0]["Email"] == "new@example.com")
            #expect(try await client.counter("updates", "requestor") == 1)
        }
    }

    @Test("an update with an unknown key fails for that user only")
    func unknownKey() async throws {
        try await withSimulator { client in
            let response = try await client.send(
                "POST", path, headers: auth,
                json: [item(key: UUID().uuidString, externalId: "x", properties: [("Username", "zed")])]
            )
            #expect(response.json["RequestorUsers"][0]["Success"] == false)
            #expect(try await client.users("requestor").isEmpty)
        }
    }

    @Test("more than 100 users is a 400 for the whole request")
    func bulkLimit() async throws {
        try await withSimulator { client in
            let items = (0...100).map { item(externalId: "e\($0)", email: "u\($0)@example.com", properties: [("Username", .string("u\($0)"))]) }
            let response = try await client.send("POST", path, headers: auth, json: .array(items))
            #expect(response.status == 400)
            #expect(try await client.users("requestor").isEmpty)
            let hundred = try await client.send("POST", path, headers: auth, json: .array(Array(items.prefix(100))))
            #expect(hundred.status == 200)
            #expect(try await client.users("requestor").count == 100)
        }
    }

    @Test("no or wrong bearer token gets 401")
    func unauthorized() async throws {
        try await withSimulator { client in
            let none = try await client.send("POST", path, json: [])
            let wrong = try await client.send("POST", path, headers: ["Authorization": "Bearer wrong"], json: [])
            #expect(none.status == 401)
            #expect(wrong.status == 401)
        }
    }

    @Test("DeleteRequestorUser removes the user; a second delete gets 404")
    func delete() async throws {
        try await withSimulator { client in
            let created = try await client.send("POST", path, headers: auth, json: [item(externalId: "ext-1", properties: [("Username", "ann")])])
            let key = try #require(created.json["RequestorUsers"][0]["UserProviderKey"].stringValue)
            let deletePath = "/requestor/api/Account/DeleteRequestorUser"
            #expect(try await client.send("POST", deletePath, headers: auth, json: ["UserProviderKey": .string(key), "Force": true]).status == 200)
            #expect(try await client.users("requestor").isEmpty)
            #expect(try await client.send("POST", deletePath, headers: auth, json: ["UserProviderKey": .string(key), "Force": true]).status == 404)
        }
    }

    @Test("concurrent creates of the same ExternalId store one user; the rest conflict with its key")
    func concurrentCreates() async throws {
        try await withSimulator { client in
            let body: JSONValue = [item(externalId: "ext-race", properties: [("Username", "racer")])]
            let results = try await withThrowingTaskGroup(of: JSONValue.self) { group in
                for _ in 0..<16 {
                    group.addTask { try await client.send("POST", path, headers: auth, json: body).json["RequestorUsers"][0] }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let winners = results.filter { $0["Success"] == true }
            #expect(winners.count == 1)
            let key = try #require(winners.first?["UserProviderKey"].stringValue)
            #expect(results.filter { $0["UserProviderKeyConflict"].stringValue == key }.count == 15)
            #expect(try await client.users("requestor").count == 1)
        }
    }
}
