import Foundation
import Testing
@testable import VendorSimulator

@Suite("Expoints external API v3")
struct ExpointsTests {
    let path = "/expoints/external/api/v3/user"
    let auth = ["Authorization": "Bearer expoints-test-token"]
    let employee = SimulatorConfiguration.defaultExpointsRoles[0].id

    func user(_ username: String, roles: [String]? = nil, type: String = "Internal") -> JSONValue {
        [
            "Username": .string(username), "Email": .string("\(username)@example.com"),
            "Roles": .array((roles ?? [employee]).map { ["Id": .string($0)] }), "Type": .string(type),
            "HasSingleActiveRole": true,
        ]
    }

    @Test("role list maps the configured names to GUIDs")
    func roles() async throws {
        try await withSimulator { client in
            let response = try await client.send("GET", "/expoints/external/api/v3/role", headers: auth)
            #expect(response.status == 200)
            let names = response.json.arrayValue?.compactMap { $0["Name"].stringValue }
            #expect(names == ["Employee", "Manager", "Administrator"])
        }
    }

    @Test("add, look up, update; adding an existing Username is a 400 and counted")
    func addLookupUpdate() async throws {
        try await withSimulator { client in
            #expect(try await client.send("POST", path, headers: auth, json: [user("ann"), user("bob")]).status == 200)
            let found = try await client.send("GET", "\(path)?name=ANN", headers: auth)
            #expect(found.status == 200)
            #expect(found.json["Username"] == "ann")
            #expect(found.json["Roles"][0]["Name"] == "Employee")

            let again = try await client.send("POST", path, headers: auth, json: [user("ann")])
            #expect(again.status == 400)
            #expect(try await client.counter("duplicateCreates", "expoints") == 1)

            let manager = SimulatorConfiguration.defaultExpointsRoles[1].id
            #expect(try await client.send("PUT", path, headers: auth, json: [user("ann", roles: [manager], type: "External")]).status == 200)
            let updated = try await client.send("GET", "\(path)?name=ann", headers: auth)
            #expect(updated.json["Type"] == "External")
            #expect(updated.json["Roles"][0]["Name"] == "Manager")
            #expect(try await client.send("GET", "\(path)?name=nobody", headers: auth).status == 404)
        }
    }

    @Test("updating an unknown Username is a 400")
    func updateUnknown() async throws {
        try await withSimulator { client in
            let response = try await client.send("PUT", path, headers: auth, json: [user("ghost")])
            #expect(response.status == 400)
            #expect(response.json["Message"].stringValue?.contains("ghost") == true)
        }
    }

    @Test("Roles, Type and Username are validated and the whole batch is refused")
    func validation() async throws {
        try await withSimulator { client in
            let body: JSONValue = [
                user("ok"),
                user("badguid", roles: ["not-a-guid"]),
                user("unknownrole", roles: [UUID().uuidString]),
                user("badtype", type: "Contractor"),
                ["Username": "noroles", "Type": "Internal"],
                ["Roles": [["Id": .string(employee)]], "Type": "Internal"],
            ]
            let response = try await client.send("POST", path, headers: auth, json: body)
            #expect(response.status == 400)
            let modelState = response.json["ModelState"]
            #expect(modelState["users[1].Roles[0].Id"].arrayValue?.count == 1)
            #expect(modelState["users[2].Roles[0].Id"][0].stringValue?.contains("does not exist") == true)
            #expect(modelState["users[3].Type"].arrayValue?.count == 1)
            #expect(modelState["users[4].Roles"].arrayValue?.count == 1)
            #expect(modelState["users[5].Username"].arrayValue?.count == 1)
            #expect(try await client.users("expoints").isEmpty)
        }
    }

    @Test("a batch over the configured maximum is a 400")
    func batchLimit() async throws {
        var configuration = SimulatorConfiguration()
        configuration.expointsMaxBatch = 2
        try await withSimulator(configuration) { client in
            let three = try await client.send("POST", path, headers: auth, json: [user("a"), user("b"), user("c")])
            let two = try await client.send("POST", path, headers: auth, json: [user("a"), user("b")])
            #expect(three.status == 400)
            #expect(two.status == 200)
        }
    }

    @Test("no or wrong bearer token gets 401")
    func unauthorized() async throws {
        try await withSimulator { client in
            let none = try await client.send("POST", path, json: [user("ann")])
            let wrong = try await client.send("GET", "/expoints/external/api/v3/role", headers: ["Authorization": "Bearer x"])
            #expect(none.status == 401)
            #expect(wrong.status == 401)
        }
    }
}
