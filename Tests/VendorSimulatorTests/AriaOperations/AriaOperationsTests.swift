import Foundation
import Testing
@testable import VendorSimulator

@Suite("Aria Operations suite-api")
struct AriaOperationsTests {
    let source = SimulatorConfiguration.defaultAriaAuthSourceId
    var importPath: String { "/aria/suite-api/api/auth/sources/\(source)/users" }

    func acquireToken(_ client: SimulatorClient) async throws -> String {
        let response = try await client.send(
            "POST", "/aria/suite-api/api/auth/token/acquire",
            json: ["username": "admin", "password": "aria-test-password", "authSource": "LOCAL"]
        )
        #expect(response.status == 200)
        #expect(response.json["validity"].integerValue != nil)
        #expect(response.json["expiresAt"].stringValue != nil)
        return try #require(response.json["token"].stringValue)
    }

    func user(_ username: String, id: String? = nil, enabled: Bool = true) -> JSONValue {
        var user: [String: JSONValue] = [
            "username": .string(username), "firstName": "Ann", "lastName": "Lee", "emailAddress": "ann@example.com",
            "distinguishedName": "cn=ann,dc=example,dc=com", "enabled": .bool(enabled), "roleNames": ["ReadOnly"],
        ]
        if let id { user["id"] = .string(id) }
        return .object(user)
    }

    @Test("import answers 201 with a new id; re-import with that id updates; without it is refused")
    func importAndReimport() async throws {
        try await withSimulator { client in
            let token = try await acquireToken(client)
            let auth = ["Authorization": "OpsToken \(token)"]
            let created = try await client.send("POST", importPath, headers: auth, json: ["users": [user("ann")]])
            #expect(created.status == 201)
            let id = try #require(created.json["users"][0]["id"].stringValue)
            #expect(UUID(uuidString: id) != nil)
            #expect(created.json["users"][0]["username"] == "ann")

            let again = try await client.send("POST", importPath, headers: auth, json: ["users": [user("ann")]])
            #expect(again.status == 409)
            #expect(again.json["message"].stringValue?.contains("re-import without id") == true)
            #expect(try await client.counter("duplicateCreates", "aria-operations") == 1)

            // The echoed user can be sent back as is, with its id, as a re-import.
            var echoed = try #require(created.json["users"][0].objectValue)
            echoed["enabled"] = false
            let reimported = try await client.send("POST", importPath, headers: auth, json: ["users": [.object(echoed)]])
            #expect(reimported.status == 201)
            #expect(reimported.json["users"][0]["id"].stringValue == id)
            let stored = try await client.users("aria-operations")
            #expect(stored.count == 1)
            #expect(stored[0]["enabled"] == false)
            #expect(try await client.counter("creates", "aria-operations") == 1)
            #expect(try await client.counter("updates", "aria-operations") == 1)
        }
    }

    @Test("the documentation sample's \"Last login time\" key is rejected with 400")
    func lastLoginTimeRejected() async throws {
        try await withSimulator { client in
            let auth = ["Authorization": "OpsToken \(try await acquireToken(client))"]
            var bad = user("bob").objectValue!
            bad["Last login time"] = 0
            let response = try await client.send("POST", importPath, headers: auth, json: ["users": [.object(bad)]])
            #expect(response.status == 400)
            #expect(response.json["message"].stringValue?.contains("Last login time") == true)
            #expect(try await client.users("aria-operations").isEmpty)
        }
    }

    @Test("no token, a wrong token and a released token all get 401; vRealizeOpsToken is accepted")
    func tokenLifecycle() async throws {
        try await withSimulator { client in
            let body: JSONValue = ["users": [user("cy")]]
            #expect(try await client.send("POST", importPath, json: body).status == 401)
            #expect(try await client.send("POST", importPath, headers: ["Authorization": "OpsToken nope"], json: body).status == 401)
            let badLogin = try await client.send(
                "POST", "/aria/suite-api/api/auth/token/acquire", json: ["username": "admin", "password": "wrong"]
            )
            #expect(badLogin.status == 401)

            let token = try await acquireToken(client)
            #expect(
                try await client.send("POST", importPath, headers: ["Authorization": "vRealizeOpsToken \(token)"], json: body).status == 201
            )
            let release = try await client.send(
                "POST", "/aria/suite-api/api/auth/token/release", headers: ["Authorization": "OpsToken \(token)"]
            )
            #expect(release.status == 200)
            let afterRelease = try await client.send(
                "GET", "/aria/suite-api/api/auth/users?username=cy", headers: ["Authorization": "OpsToken \(token)"]
            )
            #expect(afterRelease.status == 401)
        }
    }

    @Test("an unknown auth source id gets 404")
    func unknownSource() async throws {
        try await withSimulator { client in
            let auth = ["Authorization": "OpsToken \(try await acquireToken(client))"]
            let response = try await client.send(
                "POST", "/aria/suite-api/api/auth/sources/00000000-0000-0000-0000-000000000000/users",
                headers: auth, json: ["users": [user("dee")]]
            )
            #expect(response.status == 404)
        }
    }

    @Test("lookup by username, disable with PUT, delete by id")
    func lookupModifyDelete() async throws {
        try await withSimulator { client in
            let auth = ["Authorization": "OpsToken \(try await acquireToken(client))"]
            _ = try await client.send("POST", importPath, headers: auth, json: ["users": [user("Eve")]])
            let found = try await client.send("GET", "/aria/suite-api/api/auth/users?username=eve", headers: auth)
            #expect(found.status == 200)
            let id = try #require(found.json["users"][0]["id"].stringValue)
            #expect(found.json["users"][0]["password"] == .null)

            let noId = try await client.send("PUT", "/aria/suite-api/api/auth/users", headers: auth, json: ["enabled": false])
            #expect(noId.status == 400)
            let disabled = try await client.send(
                "PUT", "/aria/suite-api/api/auth/users", headers: auth, json: ["id": .string(id), "enabled": false]
            )
            #expect(disabled.status == 200)
            #expect(try await client.users("aria-operations")[0]["enabled"] == false)

            #expect(try await client.send("DELETE", "/aria/suite-api/api/auth/users/\(id)", headers: auth).status == 204)
            #expect(try await client.send("DELETE", "/aria/suite-api/api/auth/users/\(id)", headers: auth).status == 404)
            let gone = try await client.send("GET", "/aria/suite-api/api/auth/users?username=eve", headers: auth)
            #expect(gone.json["users"].arrayValue?.isEmpty == true)
        }
    }

    @Test("a batch with one bad user stores none of them")
    func atomicBatch() async throws {
        try await withSimulator { client in
            let auth = ["Authorization": "OpsToken \(try await acquireToken(client))"]
            let response = try await client.send(
                "POST", importPath, headers: auth, json: ["users": [user("fay"), ["username": "gus", "enabled": "yes"]]]
            )
            #expect(response.status == 400)
            #expect(try await client.users("aria-operations").isEmpty)
        }
    }
}
