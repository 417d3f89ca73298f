import Foundation
import Testing
@testable import VendorSimulator

@Suite("Behaviour switches: Aria Operations")
struct AriaBehaviourTests {
    let aria = AriaOperationsTests()

    func inOrder() -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.behaviour.ariaBatch = .inOrder
        return configuration
    }

    @Test("in order: the users before a duplicate stay stored with ids, the duplicate's error answers, the rest are skipped")
    func inOrderStopsAtDuplicate() async throws {
        try await withSimulator(inOrder()) { client in
            let auth = ["Authorization": "OpsToken \(try await aria.acquireToken(client))"]
            #expect(try await client.send("POST", aria.importPath, headers: auth, json: ["users": [aria.user("bob")]]).status == 201)

            let response = try await client.send(
                "POST", aria.importPath, headers: auth, json: ["users": [aria.user("ann"), aria.user("bob"), aria.user("cy")]]
            )
            #expect(response.status == 409)
            #expect(response.json["message"].stringValue?.contains("bob") == true)
            let names = try await client.users("aria-operations").compactMap { $0["username"].stringValue }.sorted()
            #expect(names == ["ann", "bob"])
            #expect(try await client.users("aria-operations").allSatisfy { $0["id"].stringValue.flatMap { UUID(uuidString: $0) } != nil })
            #expect(try await client.counter("creates", "aria-operations") == 2)
            #expect(try await client.counter("duplicateCreates", "aria-operations") == 1)
        }
    }

    @Test("in order: a user that fails validation or names an unknown id stops the import there")
    func inOrderStopsAtInvalidUser() async throws {
        try await withSimulator(inOrder()) { client in
            let auth = ["Authorization": "OpsToken \(try await aria.acquireToken(client))"]
            let badType = try await client.send(
                "POST", aria.importPath, headers: auth, json: ["users": [aria.user("ann"), ["username": "gus", "enabled": "yes"], aria.user("hal")]]
            )
            #expect(badType.status == 400)
            #expect(badType.json["message"].stringValue?.contains("users[1].enabled") == true)
            let unknownId = try await client.send(
                "POST", aria.importPath, headers: auth,
                json: ["users": [aria.user("ivy"), aria.user("jo", id: UUID().uuidString.lowercased()), aria.user("kim")]]
            )
            #expect(unknownId.status == 404)
            let names = try await client.users("aria-operations").compactMap { $0["username"].stringValue }.sorted()
            #expect(names == ["ann", "ivy"])
        }
    }

    @Test("atomic (default): the same batch stores nobody")
    func atomicStoresNobody() async throws {
        try await withSimulator { client in
            let auth = ["Authorization": "OpsToken \(try await aria.acquireToken(client))"]
            _ = try await client.send("POST", aria.importPath, headers: auth, json: ["users": [aria.user("bob")]])
            let response = try await client.send(
                "POST", aria.importPath, headers: auth, json: ["users": [aria.user("ann"), aria.user("bob"), aria.user("cy")]]
            )
            #expect(response.status == 409)
            #expect(try await client.users("aria-operations").count == 1)
        }
    }

    @Test("the status of a duplicate user name follows the switch", arguments: [400, 500])
    func duplicateStatus(status: Int) async throws {
        try await withSimulator { client in
            #expect(try await client.send("POST", "/_sim/behaviour", json: ["ariaDuplicateStatus": .number(Double(status))]).status == 200)
            let auth = ["Authorization": "OpsToken \(try await aria.acquireToken(client))"]
            _ = try await client.send("POST", aria.importPath, headers: auth, json: ["users": [aria.user("ann")]])
            let again = try await client.send("POST", aria.importPath, headers: auth, json: ["users": [aria.user("ann")]])
            #expect(again.status == status)
            #expect(again.json["httpStatusCode"].intValue == status)
            #expect(again.json["message"].stringValue?.contains("re-import without id") == true)
            #expect(try await client.counter("duplicateCreates", "aria-operations") == 1)
        }
    }

    @Test("the status of a disable or delete of an id Aria does not hold follows the unknown-id switch", arguments: [400, 500])
    func unknownIdStatusOfDisableAndDelete(status: Int) async throws {
        try await withSimulator { client in
            #expect(try await client.send("POST", "/_sim/behaviour", json: ["ariaUnknownIdStatus": .number(Double(status))]).status == 200)
            let auth = ["Authorization": "OpsToken \(try await aria.acquireToken(client))"]
            let id = "0f6b6c8e-1111-4c2d-9e4f-000000000000"
            let disable = try await client.send("PUT", "/aria/suite-api/api/auth/users", headers: auth, json: ["id": .string(id), "enabled": false])
            #expect(disable.status == status)
            #expect(try await client.send("DELETE", "/aria/suite-api/api/auth/users/\(id)", headers: auth).status == status)
        }
    }

    @Test("token schemes: a release takes only the schemes the switch names", arguments: [
        (SimulatorBehaviour.TokenSchemes.both, ["OpsToken": 201, "vRealizeOpsToken": 201]),
        (.vrealizeOpsToken, ["OpsToken": 401, "vRealizeOpsToken": 201]),
        (.opsToken, ["OpsToken": 201, "vRealizeOpsToken": 401]),
    ])
    func tokenSchemes(schemes: SimulatorBehaviour.TokenSchemes, statuses: [String: Int]) async throws {
        var configuration = SimulatorConfiguration()
        configuration.behaviour.ariaTokenSchemes = schemes
        try await withSimulator(configuration) { client in
            let token = try await aria.acquireToken(client)
            for (scheme, status) in statuses.sorted(by: { $0.key < $1.key }) {
                let user = aria.user("u-\(scheme.lowercased())")
                let response = try await client.send(
                    "POST", aria.importPath, headers: ["Authorization": "\(scheme) \(token)"], json: ["users": [user]])
                #expect(response.status == status, "\(scheme)")
            }
        }
    }
}
