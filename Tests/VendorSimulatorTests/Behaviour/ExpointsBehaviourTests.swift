import Foundation
import Testing
@testable import VendorSimulator

@Suite("Behaviour switches: Expoints")
struct ExpointsBehaviourTests {
    let expoints = ExpointsTests()

    @Test("the status of an existing Username follows the switch; nothing is applied", arguments: [409, 500])
    func duplicateStatus(status: Int) async throws {
        var configuration = SimulatorConfiguration()
        configuration.behaviour.expointsDuplicateStatus = status
        try await withSimulator(configuration) { client in
            #expect(try await client.send("POST", expoints.path, headers: expoints.auth, json: [expoints.user("ann")]).status == 200)
            let again = try await client.send("POST", expoints.path, headers: expoints.auth, json: [expoints.user("bob"), expoints.user("ANN")])
            #expect(again.status == status)
            #expect(again.json["Message"].stringValue?.contains("ANN") == true)
            #expect(try await client.users("expoints").count == 1)
            #expect(try await client.counter("duplicateCreates", "expoints") == 1)
        }
    }

    @Test("in-order adds: users before the first refused one stay stored, those after it are not processed")
    func inOrderAdds() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", "/_sim/behaviour", json: ["expointsBatch": "inOrder"])
            #expect(try await client.send("POST", expoints.path, headers: expoints.auth, json: [expoints.user("ann")]).status == 200)
            let duplicate = try await client.send(
                "POST", expoints.path, headers: expoints.auth, json: [expoints.user("bob"), expoints.user("ANN"), expoints.user("cy")])
            #expect(duplicate.status == 400)
            #expect(duplicate.json["Message"].stringValue?.contains("ANN") == true)
            let invalid = try await client.send(
                "POST", expoints.path, headers: expoints.auth,
                json: [expoints.user("dee"), expoints.user("eve", roles: ["00000000-0000-0000-0000-00000000dead"]), expoints.user("fay")])
            #expect(invalid.status == 400)
            let names = try await client.users("expoints").compactMap { $0["Username"].stringValue }.sorted()
            #expect(names == ["ann", "bob", "dee"])
        }
    }

    @Test("array lookups: always 200 with the matches, [] when none")
    func arrayLookup() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", "/_sim/behaviour", json: ["expointsLookupShape": "array"])
            _ = try await client.send("POST", expoints.path, headers: expoints.auth, json: [expoints.user("ann")])
            let found = try await client.send("GET", "\(expoints.path)?name=ANN", headers: expoints.auth)
            #expect(found.status == 200)
            #expect(found.json.arrayValue?.count == 1)
            #expect(found.json[0]["Username"] == "ann")
            let none = try await client.send("GET", "\(expoints.path)?name=nobody", headers: expoints.auth)
            #expect(none.status == 200)
            #expect(none.json == [])

            _ = try await client.send("POST", "/_sim/behaviour", json: ["expointsLookupShape": "object"])
            #expect(try await client.send("GET", "\(expoints.path)?name=nobody", headers: expoints.auth).status == 404)
            #expect(try await client.send("GET", "\(expoints.path)?name=ann", headers: expoints.auth).json["Username"] == "ann")
        }
    }

    @Test("unfiltered lookups: the name is ignored and every user is listed")
    func unfilteredLookup() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", "/_sim/behaviour", json: ["expointsLookupShape": "unfiltered"])
            _ = try await client.send("POST", expoints.path, headers: expoints.auth, json: [expoints.user("ann"), expoints.user("bob")])
            for name in ["ann", "nobody"] {
                let answer = try await client.send("GET", "\(expoints.path)?name=\(name)", headers: expoints.auth)
                #expect(answer.status == 200)
                #expect(Set(answer.json.arrayValue?.compactMap { $0["Username"].stringValue } ?? []) == ["ann", "bob"])
            }
        }
    }

    @Test("a tenant without GET: a lookup or a listing is 405 with Allow; adds still work")
    func lookupAbsent() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", "/_sim/behaviour", json: ["expointsLookupShape": "absent"])
            #expect(try await client.send("POST", expoints.path, headers: expoints.auth, json: [expoints.user("ann")]).status == 200)
            for query in ["?name=ann", ""] {
                let answer = try await client.send("GET", "\(expoints.path)\(query)", headers: expoints.auth)
                #expect(answer.status == 405 && answer.headers["allow"] == "POST, PUT", "\(query)")
                #expect(answer.json["Message"].stringValue?.contains("does not support http method 'GET'") == true)
            }
            #expect(try await client.users("expoints").count == 1)
        }
    }

    @Test("a tenant without updates: PUT is 405 with Allow, nothing changes; adds still work")
    func updatesAbsent() async throws {
        var configuration = SimulatorConfiguration()
        configuration.behaviour.expointsUpdates = .absent
        try await withSimulator(configuration) { client in
            #expect(try await client.send("POST", expoints.path, headers: expoints.auth, json: [expoints.user("ann")]).status == 200)
            let update = try await client.send("PUT", expoints.path, headers: expoints.auth, json: [expoints.user("ann", type: "External")])
            #expect(update.status == 405)
            #expect(update.headers["allow"] == "GET, POST")
            #expect(update.json["Message"].stringValue?.contains("does not support http method 'PUT'") == true)
            #expect(try await client.users("expoints").first?["Type"] == "Internal")
            #expect(try await client.counter("updates", "expoints") == 0)
        }
    }
}
