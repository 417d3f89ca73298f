import Foundation
import Testing
@testable import VendorSimulator

@Suite("Behaviour switches: Sertica")
struct SerticaBehaviourTests {
    let sertica = SerticaTests()

    @Test("response-message: 200 whatever happened, the outcome in a serialized HttpResponseMessage; 401 stays a status")
    func responseMessage() async throws {
        var configuration = SimulatorConfiguration()
        configuration.behaviour.serticaAnswer = .responseMessage
        try await withSimulator(configuration) { client in
            let imported = try await client.send("POST", sertica.path, headers: sertica.auth, json: sertica.user("U1"))
            #expect(imported.status == 200)
            #expect(imported.json["StatusCode"] == 200 && imported.json["IsSuccessStatusCode"] == true)

            var invalid = sertica.user("U2").objectValue!
            invalid["Login"] = nil
            let refused = try await client.send("POST", sertica.path, headers: sertica.auth, json: .object(invalid))
            #expect(refused.status == 200)
            #expect(refused.json["StatusCode"] == 400 && refused.json["IsSuccessStatusCode"] == false)
            #expect(refused.json["ReasonPhrase"] == "Bad Request")
            #expect(refused.json["Content"]["ModelState"]["user.Login"].arrayValue?.isEmpty == false)
            #expect(try await client.users("sertica").map { $0["UserNo"] } == ["U1"], "the refused user was not imported")

            let unauthorized = try await client.send("POST", sertica.path, headers: [:], json: sertica.user("U3"))
            #expect(unauthorized.status == 401)
        }
    }

    @Test("json-keys camel: the .NET vendors' answers spell every property in camelCase; Aria's are untouched")
    func camelCaseKeys() async throws {
        var configuration = SimulatorConfiguration()
        configuration.behaviour.jsonKeys = .camel
        configuration.behaviour.serticaAnswer = .responseMessage
        try await withSimulator(configuration) { client in
            let imported = try await client.send("POST", sertica.path, headers: sertica.auth, json: sertica.user("U1"))
            #expect(imported.json["statusCode"] == 200 && imported.json["isSuccessStatusCode"] == true)
            #expect(imported.json["StatusCode"] == .null)
            let unauthorized = try await client.send("POST", sertica.path, headers: [:], json: sertica.user("U2"))
            #expect(unauthorized.json["message"].stringValue?.isEmpty == false)
        }
    }
}
