import Foundation
import Testing
@testable import VendorSimulator

@Suite("Sertica ImportUser")
struct SerticaTests {
    let path = "/sertica/api/users/ImportUser"
    let auth = ["Authorization": basicAuthorization("sertica-sync", "sertica-test-password")]

    func user(_ userNo: String, login: String = "jdoe", access: Bool = true) -> JSONValue {
        ["UserNo": .string(userNo), "Login": .string(login), "Language": "en", "Access": .bool(access), "ExternalGroupNo": "G1"]
    }

    @Test("import then re-import with the same UserNo updates the one user")
    func upsertByUserNo() async throws {
        try await withSimulator { client in
            #expect(try await client.send("POST", path, headers: auth, json: user("100")).status == 200)
            #expect(try await client.send("POST", path, headers: auth, json: user("100", access: false)).status == 200)
            let users = try await client.users("sertica")
            #expect(users.count == 1)
            #expect(users[0]["Access"] == false)
            #expect(try await client.counter("creates", "sertica") == 1)
            #expect(try await client.counter("updates", "sertica") == 1)
        }
    }

    @Test("text/json is accepted like application/json")
    func textJSON() async throws {
        try await withSimulator { client in
            let response = try await client.send("POST", path, headers: auth, json: user("7"), contentType: "text/json")
            #expect(response.status == 200)
        }
    }

    @Test("missing or wrong Basic credentials get 401 and store nothing")
    func unauthorized() async throws {
        try await withSimulator { client in
            let none = try await client.send("POST", path, json: user("1"))
            let wrong = try await client.send(
                "POST", path, headers: ["Authorization": basicAuthorization("sertica-sync", "nope")], json: user("1")
            )
            #expect(none.status == 401)
            #expect(wrong.status == 401)
            #expect(none.headers["www-authenticate"]?.hasPrefix("Basic") == true)
            #expect(try await client.users("sertica").isEmpty)
        }
    }

    @Test("over-long, missing and mistyped fields are each named in a 400")
    func validation() async throws {
        try await withSimulator { client in
            let body: JSONValue = [
                "UserNo": .string(String(repeating: "9", count: 21)), "Login": "jdoe", "Access": "yes",
                "ExternalGroupNo": "G1", "Email": .string(String(repeating: "e", count: 256)), "SignOn": "yesterday",
            ]
            let response = try await client.send("POST", path, headers: auth, json: body)
            #expect(response.status == 400)
            let modelState = response.json["ModelState"]
            #expect(modelState["user.UserNo"][0] == "The field UserNo must be a string with a maximum length of 20.")
            #expect(modelState["user.Language"][0] == "The Language field is required.")
            #expect(modelState["user.Access"].arrayValue?.count == 1)
            #expect(modelState["user.Email"].arrayValue?.count == 1)
            #expect(modelState["user.SignOn"].arrayValue?.count == 1)
            #expect(try await client.users("sertica").isEmpty)
        }
    }

    @Test("limits are inclusive: exactly 20 characters of UserNo is fine")
    func boundary() async throws {
        try await withSimulator { client in
            let response = try await client.send("POST", path, headers: auth, json: user(String(repeating: "1", count: 20)))
            #expect(response.status == 200)
        }
    }

    @Test("without Content-Type the body is read as XML: JSON fails with 400, XML succeeds")
    func xmlAssumedWithoutContentType() async throws {
        try await withSimulator { client in
            let json = try await client.send(
                "POST", path, headers: auth, rawBody: String(decoding: user("5").encoded, as: UTF8.self), contentType: nil
            )
            #expect(json.status == 400)
            #expect(json.json["ModelState"]["user"][0].stringValue?.contains("Data at the root level is invalid") == true)
            let xml = """
                <?xml version="1.0"?>
                <User xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><UserNo>6</UserNo><Name>Ann &amp; Bo</Name>\
                <Login>ann</Login><Language>da</Language><Access>false</Access><ExternalGroupNo>G2</ExternalGroupNo>\
                <SignOff>2026-01-11T09:34:47.653726+02:00</SignOff></User>
                """
            #expect(try await client.send("POST", path, headers: auth, rawBody: xml, contentType: nil).status == 200)
            let users = try await client.users("sertica")
            #expect(users.count == 1)
            #expect(users[0]["Name"] == "Ann & Bo")
            #expect(users[0]["Access"] == false)
        }
    }

    @Test("an unknown media type gets 415")
    func unsupportedMediaType() async throws {
        try await withSimulator { client in
            let response = try await client.send("POST", path, headers: auth, rawBody: "UserNo=1", contentType: "application/x-www-form-urlencoded")
            #expect(response.status == 415)
        }
    }

    @Test("a second UserNo with an existing Login is accepted but counted as a duplicate creation")
    func duplicateLoginCounted() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", path, headers: auth, json: user("1", login: "same"))
            _ = try await client.send("POST", path, headers: auth, json: user("2", login: "SAME"))
            #expect(try await client.counter("duplicateCreates", "sertica") == 1)
            #expect(try await client.users("sertica").count == 2)
        }
    }
}
