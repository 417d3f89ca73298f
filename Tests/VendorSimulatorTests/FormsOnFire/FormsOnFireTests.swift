import Foundation
import Testing
@testable import VendorSimulator

@Suite("Forms On Fire SUser")
struct FormsOnFireTests {
    let path = "/formsonfire/api/v1/suser?format=json"
    let credentials = "ProviderId=1001&IntegrationKey=forms-on-fire-test-key"

    func suser(_ email: String, externalId: String = "ext-1", key: String = "forms-on-fire-test-key", id: String? = nil) -> JSONValue {
        var user: [String: JSONValue] = [
            "ProviderId": 1001, "IntegrationKey": .string(key), "Email": .string(email),
            "ExternalId": .string(externalId), "FirstName": "Ann", "LastName": "Lee", "WebsiteRole": "User",
        ]
        if let id { user["Id"] = .string(id) }
        return .object(user)
    }

    @Test("create returns the new Id with Status Invited; lookup by email and externalId finds it")
    func createAndLookup() async throws {
        try await withSimulator { client in
            let response = try await client.send("POST", path, json: suser("ann@example.com"))
            #expect(response.status == 200)
            #expect(response.json["ResponseStatus"] == .null)
            #expect(response.json["SUser"]["Status"] == "Invited")
            let id = try #require(response.json["SUser"]["Id"].stringValue)

            let byEmail = try await client.send("GET", "/formsonfire/api/v1/suser?\(credentials)&email=ANN@example.com")
            #expect(byEmail.json["SUsers"][0]["Id"].stringValue == id)
            #expect(byEmail.json["SUsers"][0]["IntegrationKey"] == .null)
            let byExternalId = try await client.send("GET", "/formsonfire/api/v1/suser?\(credentials)&externalId=ext-1")
            #expect(byExternalId.json["SUsers"].arrayValue?.count == 1)
            let none = try await client.send("GET", "/formsonfire/api/v1/suser?\(credentials)&externalId=ext-2")
            #expect(none.json["SUsers"].arrayValue?.isEmpty == true)
        }
    }

    @Test("errors come back as 200 with ResponseStatus: duplicate email, bad key, long ExternalId")
    func responseStatusOn200() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", path, json: suser("ann@example.com"))
            let duplicate = try await client.send("POST", path, json: suser("ANN@example.com", externalId: "ext-2"))
            #expect(duplicate.status == 200)
            #expect(duplicate.json["ResponseStatus"]["ErrorCode"] == "DuplicateEmail")
            #expect(duplicate.json["SUser"] == .null)
            #expect(try await client.counter("duplicateCreates", "forms-on-fire") == 1)

            let badKey = try await client.send("POST", path, json: suser("bob@example.com", externalId: "ext-3", key: "wrong"))
            #expect(badKey.status == 200)
            #expect(badKey.json["ResponseStatus"]["ErrorCode"] == "Unauthorized")

            let long = try await client.send("POST", path, json: suser("cy@example.com", externalId: String(repeating: "x", count: 51)))
            #expect(long.status == 200)
            #expect(long.json["ResponseStatus"]["Errors"][0]["FieldName"] == "ExternalId")
            #expect(long.json["ResponseStatus"]["Errors"][0]["ErrorCode"] == "Length")
            let fifty = try await client.send("POST", path, json: suser("dee@example.com", externalId: String(repeating: "x", count: 50)))
            #expect(fifty.json["SUser"]["Status"] == "Invited")
            #expect(try await client.users("forms-on-fire").count == 2)
        }
    }

    @Test("without Content-Type the body is read as XML and fails")
    func xmlAssumed() async throws {
        try await withSimulator { client in
            let response = try await client.send(
                "POST", path, rawBody: String(decoding: suser("ann@example.com").encoded, as: UTF8.self), contentType: nil
            )
            #expect(response.status == 400)
            #expect(response.json["ResponseStatus"]["ErrorCode"] == "SerializationException")
            #expect(try await client.users("forms-on-fire").isEmpty)
        }
    }

    @Test("update by Id replaces the fields; delete removes the user")
    func updateAndDelete() async throws {
        try await withSimulator { client in
            let created = try await client.send("POST", path, json: suser("ann@example.com"))
            let id = try #require(created.json["SUser"]["Id"].stringValue)
            let updated = try await client.send("PUT", path, json: suser("ann.lee@example.com", id: id))
            #expect(updated.json["SUser"]["Id"].stringValue == id)
            #expect(try await client.users("forms-on-fire")[0]["Email"] == "ann.lee@example.com")

            let unknown = try await client.send("PUT", path, json: suser("x@example.com", externalId: "e9", id: UUID().uuidString))
            #expect(unknown.json["ResponseStatus"]["ErrorCode"] == "NotFound")

            let deleted = try await client.send(
                "DELETE", path, json: ["ProviderId": 1001, "IntegrationKey": "forms-on-fire-test-key", "Id": .string(id)]
            )
            #expect(deleted.status == 200)
            #expect(deleted.json["ResponseStatus"] == .null)
            #expect(try await client.users("forms-on-fire").isEmpty)
        }
    }
}
