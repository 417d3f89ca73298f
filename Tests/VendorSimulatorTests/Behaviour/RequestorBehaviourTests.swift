import Foundation
import Testing
@testable import VendorSimulator

@Suite("Behaviour switches: Requestor")
struct RequestorBehaviourTests {
    let requestor = RequestorTests()

    func items(_ names: [String]) -> JSONValue {
        .array(names.map { requestor.item(externalId: "ext-\($0)", email: "\($0)@example.com", properties: [("Username", .string($0))]) })
    }

    func resultNames(_ client: SimulatorClient, _ names: [String]) async throws -> [String] {
        let response = try await client.send("POST", requestor.path, headers: requestor.auth, json: items(names))
        #expect(response.status == 200)
        return response.json["RequestorUsers"].arrayValue?.compactMap { $0["Username"].stringValue } ?? []
    }

    let names = (0..<12).map { "user\($0)" }

    @Test("reversed: the results come last user first")
    func reversed() async throws {
        var configuration = SimulatorConfiguration()
        configuration.behaviour.requestorResultOrder = .reversed
        try await withSimulator(configuration) { client in
            let results = try await resultNames(client, names)
            #expect(results == names.reversed())
        }
    }

    @Test("shuffled: a permutation of the results, the same for the same --seed")
    func shuffled() async throws {
        var configuration = SimulatorConfiguration(seed: 11)
        configuration.behaviour.requestorResultOrder = .shuffled
        var runs: [[String]] = []
        for _ in 0..<2 {
            try await withSimulator(configuration) { client in
                runs.append(try await resultNames(client, names))
            }
        }
        #expect(runs[0] == runs[1])
        #expect(runs[0] != names)
        #expect(runs[0].sorted() == names.sorted())
    }

    @Test("whole batch: one invalid item answers 400 and nothing is applied")
    func wholeBatch() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", "/_sim/behaviour", json: ["requestorInvalidItem": "wholeBatch"])
            let invalid: [JSONValue] = [
                requestor.item(externalId: "e1", email: nil, properties: [("Username", "bob")]),
                requestor.item(externalId: "e2", properties: [("FirstName", "NoUsername")]),
                requestor.item(externalId: "e3", properties: [("Username", "cy"), ("firstname", "wrong case")]),
                ["ExternalId": "e4", "Email": "d@example.com", "Operations": [["Operation": 9, "Path": "/Username", "Value": "dee"]]],
            ]
            for bad in invalid {
                let body: JSONValue = [requestor.item(externalId: "ext-ann", properties: [("Username", "ann")]), bad]
                let response = try await client.send("POST", requestor.path, headers: requestor.auth, json: body)
                #expect(response.status == 400)
                #expect(response.json["Message"].stringValue != nil)
            }
            #expect(try await client.users("requestor").isEmpty)
            #expect(try await client.counter("creates", "requestor") == 0)
        }
    }

    @Test("whole batch: a conflict is still reported per item, and the others apply")
    func wholeBatchKeepsConflictsPerItem() async throws {
        var configuration = SimulatorConfiguration()
        configuration.behaviour.requestorInvalidItem = .wholeBatch
        try await withSimulator(configuration) { client in
            let first = try await resultNames(client, ["ann"])
            #expect(first == ["ann"])
            let response = try await client.send("POST", requestor.path, headers: requestor.auth, json: items(["ann", "bob"]))
            #expect(response.status == 200)
            let results = try #require(response.json["RequestorUsers"].arrayValue)
            #expect(results[0]["Success"] == false)
            #expect(results[0]["UserProviderKeyConflict"].stringValue != nil)
            #expect(results[1]["Success"] == true)
            #expect(try await client.users("requestor").count == 2)
        }
    }

    @Test("delete force required: without Force the user is kept and the answer is 200 with Success false")
    func deleteForceRequired() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", "/_sim/behaviour", json: ["requestorDeleteForce": "required"])
            let created = try await client.send("POST", requestor.path, headers: requestor.auth, json: items(["ann"]))
            let key = try #require(created.json["RequestorUsers"][0]["UserProviderKey"].stringValue)
            let deletePath = "/requestor/api/Account/DeleteRequestorUser"
            for force: JSONValue in [false, .null] {
                let kept = try await client.send("POST", deletePath, headers: requestor.auth, json: ["UserProviderKey": .string(key), "Force": force])
                #expect(kept.status == 200)
                #expect(kept.json["Success"] == false)
                #expect(kept.json["ErrorMessage"].stringValue?.contains("Force") == true)
                #expect(try await client.users("requestor").count == 1)
            }
            let deleted = try await client.send("POST", deletePath, headers: requestor.auth, json: ["UserProviderKey": .string(key), "Force": true])
            #expect(deleted.json["Success"] == true)
            #expect(try await client.users("requestor").isEmpty)
        }
    }

    @Test("result ExternalId null: results name the user by Username only, as the seed's sample")
    func resultExternalIdNull() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", "/_sim/behaviour", json: ["requestorResultExternalId": "null"])
            let response = try await client.send("POST", requestor.path, headers: requestor.auth, json: items(["ann", "bob"]))
            let results = try #require(response.json["RequestorUsers"].arrayValue)
            #expect(results.map { $0["Username"].stringValue } == ["ann", "bob"])
            #expect(results.allSatisfy { $0["ExternalId"] == .null && $0["Success"] == true })
        }
    }

    @Test("strict replace: a replace of a property the user does not hold refuses him; add sets it either way")
    func strictReplace() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", "/_sim/behaviour", json: ["requestorPatchReplace": "strict"])
            func operations(_ operation: Int, _ properties: [(String, JSONValue)]) -> JSONValue {
                .array(properties.map { ["Operation": .number(Double(operation)), "Path": .string("/\($0.0)"), "Value": $0.1] })
            }
            let created = try await client.send("POST", requestor.path, headers: requestor.auth, json: [
                ["ExternalId": "e1", "Email": "ann@example.com", "Operations": operations(0, [("Username", "ann"), ("Phone", .null)])],
                ["ExternalId": "e2", "Email": "bob@example.com", "Operations": operations(2, [("Username", "bob")])],
            ])
            #expect(created.json["RequestorUsers"][0]["Success"] == true)
            #expect(created.json["RequestorUsers"][1]["Success"] == false)
            #expect(created.json["RequestorUsers"][1]["ErrorMessage"].stringValue?.contains("'/Username' was not found") == true)
            let key = try #require(created.json["RequestorUsers"][0]["UserProviderKey"].stringValue)
            func update(_ operation: Int) async throws -> JSONValue {
                try await client.send("POST", requestor.path, headers: requestor.auth, json: [
                    ["UserProviderKey": .string(key), "ExternalId": "e1", "Email": "ann@example.com",
                     "Operations": operations(operation, [("Username", "ann"), ("Phone", "+45 1234")])],
                ]).json["RequestorUsers"][0]
            }
            let replaced = try await update(2)
            #expect(replaced["Success"] == false)
            #expect(replaced["ErrorMessage"].stringValue?.contains("'/Phone' was not found") == true)
            #expect(try await update(0)["Success"] == true)
            #expect(try await update(2)["Success"] == true, "the user now holds a Phone")
        }
    }
}
