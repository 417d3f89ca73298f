import Foundation
import Testing
@testable import VendorSimulator

@Suite("Behaviour switches: Forms On Fire")
struct FormsOnFireBehaviourTests {
    let formsOnFire = FormsOnFireTests()
    let userPath = "/formsonfire/api/v1/suser"

    func create(_ client: SimulatorClient, _ email: String, externalId: String) async throws -> String {
        let created = try await client.send("POST", formsOnFire.path, json: formsOnFire.suser(email, externalId: externalId))
        return try #require(created.json["SUser"]["Id"].stringValue)
    }

    func deleteByQuery(_ client: SimulatorClient, _ id: String) async throws -> HTTPTestResponse {
        try await client.send("DELETE", "\(userPath)?\(formsOnFire.credentials)&Id=\(id)")
    }

    func deleteByBody(_ client: SimulatorClient, _ id: String) async throws -> HTTPTestResponse {
        try await client.send("DELETE", userPath, json: ["ProviderId": 1001, "IntegrationKey": "forms-on-fire-test-key", "Id": .string(id)])
    }

    @Test("both (default): DELETE reads the query string or the body")
    func deleteBoth() async throws {
        try await withSimulator { client in
            let ann = try await create(client, "ann@example.com", externalId: "e1")
            let bob = try await create(client, "bob@example.com", externalId: "e2")
            #expect(try await deleteByQuery(client, ann).json["SUser"]["Status"] == "Deleted")
            #expect(try await deleteByBody(client, bob).json["SUser"]["Status"] == "Deleted")
            #expect(try await client.users("forms-on-fire").isEmpty)
        }
    }

    @Test("query: parameters in the body are not seen, so nothing is deleted")
    func deleteQueryOnly() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", "/_sim/behaviour", json: ["formsOnFireDeleteParameters": "query"])
            let ann = try await create(client, "ann@example.com", externalId: "e1")
            let byBody = try await deleteByBody(client, ann)
            #expect(byBody.status == 200)
            #expect(byBody.json["ResponseStatus"]["ErrorCode"] == "Unauthorized")
            let idInBody = try await client.send("DELETE", "\(userPath)?\(formsOnFire.credentials)", json: ["Id": .string(ann)])
            #expect(idInBody.json["ResponseStatus"]["ErrorCode"] == "NotEmpty")
            #expect(try await client.users("forms-on-fire").count == 1)
            #expect(try await deleteByQuery(client, ann).json["SUser"]["Status"] == "Deleted")
            #expect(try await client.counter("deletes", "forms-on-fire") == 1)
        }
    }

    @Test("body: parameters in the query string are not seen, so nothing is deleted")
    func deleteBodyOnly() async throws {
        var configuration = SimulatorConfiguration()
        configuration.behaviour.formsOnFireDeleteParameters = .body
        try await withSimulator(configuration) { client in
            let ann = try await create(client, "ann@example.com", externalId: "e1")
            let byQuery = try await deleteByQuery(client, ann)
            #expect(byQuery.status == 200)
            #expect(byQuery.json["ResponseStatus"]["ErrorCode"] == "Unauthorized")
            #expect(try await client.users("forms-on-fire").count == 1)
            #expect(try await deleteByBody(client, ann).json["SUser"]["Status"] == "Deleted")
            #expect(try await client.users("forms-on-fire").isEmpty)
        }
    }

    @Test("a duplicate code replaces DuplicateEmail and DuplicateExternalId; the field names still tell which")
    func duplicateCode() async throws {
        var configuration = SimulatorConfiguration()
        configuration.behaviour.formsOnFireDuplicateCode = "AlreadyExists"
        try await withSimulator(configuration) { client in
            _ = try await create(client, "ann@example.com", externalId: "e1")
            let email = try await client.send("POST", formsOnFire.path, json: formsOnFire.suser("ANN@example.com", externalId: "e2"))
            #expect(email.status == 200)
            #expect(email.json["ResponseStatus"]["ErrorCode"] == "AlreadyExists")
            #expect(email.json["ResponseStatus"]["Message"].stringValue?.contains("ANN@example.com already exists") == true)
            #expect(email.json["ResponseStatus"]["Errors"][0]["FieldName"] == "Email")
            #expect(email.json["ResponseStatus"]["Errors"][0]["ErrorCode"] == "AlreadyExists")
            let externalId = try await client.send("POST", formsOnFire.path, json: formsOnFire.suser("bob@example.com", externalId: "e1"))
            #expect(externalId.json["ResponseStatus"]["ErrorCode"] == "AlreadyExists")
            #expect(externalId.json["ResponseStatus"]["Message"].stringValue?.contains("ExternalId e1 already exists") == true)
            #expect(externalId.json["ResponseStatus"]["Errors"][0]["FieldName"] == "ExternalId")
            #expect(try await client.counter("duplicateCreates", "forms-on-fire") == 2)

            _ = try await client.send("POST", "/_sim/behaviour", json: ["formsOnFireDuplicateCode": ""])
            let again = try await client.send("POST", formsOnFire.path, json: formsOnFire.suser("ann@example.com", externalId: "e3"))
            #expect(again.json["ResponseStatus"]["ErrorCode"] == "DuplicateEmail")
        }
    }

    @Test("upsert: a create of a held Email or ExternalId updates that account and answers its Id as a create would")
    func duplicateCreateUpsert() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", "/_sim/behaviour", json: ["formsOnFireDuplicateCreate": "upsert"])
            let ann = try await create(client, "ann@example.com", externalId: "e1")
            var again = try #require(formsOnFire.suser("ANN@example.com", externalId: "e2").objectValue)
            again["FirstName"] = "Annie"
            let byEmail = try await client.send("POST", formsOnFire.path, json: .object(again))
            #expect(byEmail.status == 200)
            #expect(byEmail.json["SUser"]["Id"].stringValue == ann)
            #expect(byEmail.json["ResponseStatus"] == .null, "no error: \(byEmail.json)")
            #expect(try await client.users("forms-on-fire").map { $0["FirstName"] } == ["Annie"])
            #expect(try await create(client, "bob@example.com", externalId: "e2") == ann, "the upserted account took ExternalId e2")
            #expect(try await client.users("forms-on-fire").map { $0["Email"] } == ["bob@example.com"])
        }
    }

    @Test("array: a search answers a bare JSON array")
    func arrayLookup() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", "/_sim/behaviour", json: ["formsOnFireLookupShape": "array"])
            let ann = try await create(client, "ann@example.com", externalId: "e1")
            let found = try await client.send("GET", "\(userPath)?\(formsOnFire.credentials)&email=ann@example.com")
            #expect(found.json.arrayValue?.count == 1)
            #expect(found.json[0]["Id"].stringValue == ann)
            #expect(try await client.send("GET", "\(userPath)?\(formsOnFire.credentials)&externalId=none").json == [])
            _ = try await client.send("POST", "/_sim/behaviour", json: ["formsOnFireLookupShape": "list"])
            #expect(try await client.send("GET", "\(userPath)?\(formsOnFire.credentials)&externalId=e1").json["SUsers"][0]["Id"].stringValue == ann)
        }
    }

    @Test("delete answer empty: the user is deleted and the answer is a bare 200")
    func deleteAnswerEmpty() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", "/_sim/behaviour", json: ["formsOnFireDeleteAnswer": "empty"])
            let ann = try await create(client, "ann@example.com", externalId: "e1")
            let deleted = try await deleteByQuery(client, ann)
            #expect(deleted.status == 200)
            #expect(deleted.body.isEmpty)
            #expect(try await client.users("forms-on-fire").isEmpty)
        }
    }
}
