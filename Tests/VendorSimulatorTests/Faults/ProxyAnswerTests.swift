import Foundation
import Testing
@testable import VendorSimulator

/// A proxy or maintenance page in front of a vendor answers 200 with no proof of anything.
@Suite("Fault injection: proxy answers")
struct ProxyAnswerTests {
    let faults = FaultInjectionTests()

    func expectMaintenancePage(_ response: HTTPTestResponse?) {
        #expect(response?.status == 200)
        #expect(response?.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(response.map { String(decoding: $0.body, as: UTF8.self) }?.contains("<html>") == true)
    }

    @Test("html share: 200 with an HTML page, and the request is not applied")
    func htmlShare() async throws {
        var configuration = SimulatorConfiguration()
        configuration.faults = FaultSettings(htmlShare: 1)
        try await withSimulator(configuration) { client in
            expectMaintenancePage(try await client.send("POST", faults.path, headers: faults.auth, json: faults.user(1)))
            #expect(try await client.users("sertica").isEmpty)
            #expect(try await client.state()["counters"]["faults"]["html"] == 1)
            #expect(try await client.counter("creates", "sertica") == 0)
        }
    }

    @Test("not-found page share: 404 with a web server's page, and the request is not applied")
    func notFoundPageShare() async throws {
        var configuration = SimulatorConfiguration()
        configuration.faults = FaultSettings(notFoundPageShare: 1)
        try await withSimulator(configuration) { client in
            let response = try await client.send("POST", faults.path, headers: faults.auth, json: faults.user(1))
            #expect(response.status == 404)
            #expect(response.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(String(decoding: response.body, as: UTF8.self).contains("404 Not Found"))
            #expect(try await client.users("sertica").isEmpty)
            #expect(try await client.state()["counters"]["faults"]["notFoundPage"] == 1)
        }
    }

    @Test("apply then fail, html: the request is applied, then answered with an HTML page")
    func appliedThenHTML() async throws {
        try await withSimulator { client in
            let settings = try await client.send("POST", "/_sim/faults", json: ["applyThenFailShare": 1, "applyThenFailMode": "html"])
            #expect(settings.json["applyThenFailMode"] == "html")
            expectMaintenancePage(try await client.send("POST", faults.path, headers: faults.auth, json: faults.user(1)))
            #expect(try await client.users("sertica").count == 1)
            #expect(try await client.state()["counters"]["faults"]["appliedThenFailed"] == 1)
        }
    }

    @Test("apply then fail, empty: the request is applied, then answered 200 with no body and no content type")
    func appliedThenEmpty() async throws {
        var configuration = SimulatorConfiguration()
        configuration.faults = FaultSettings(applyThenFailShare: 1, applyThenFailMode: .empty)
        try await withSimulator(configuration) { client in
            let body: JSONValue = ["ProviderId": 1001, "IntegrationKey": "forms-on-fire-test-key", "Email": "ann@example.com"]
            let response = try await client.send("POST", "/formsonfire/api/v1/suser?format=json", json: body)
            #expect(response.status == 200)
            #expect(response.body.isEmpty)
            #expect(response.headers["content-type"] == nil)
            #expect(try await client.users("forms-on-fire").count == 1)
            #expect(try await client.state()["counters"]["faults"]["appliedThenFailed"] == 1)
        }
    }

    @Test("apply then fail, empty: a batch the vendor refuses keeps its refusal, never a bare 200 that reads as success")
    func refusedThenEmpty() async throws {
        let expoints = ExpointsTests()
        try await withSimulator { client in
            #expect(try await client.send("POST", expoints.path, headers: expoints.auth, json: [expoints.user("ann")]).status == 200)
            _ = try await client.send("POST", "/_sim/faults", json: ["applyThenFailShare": 1, "applyThenFailMode": "empty"])
            let refused = try await client.send(
                "POST", expoints.path, headers: expoints.auth, json: [expoints.user("bob"), expoints.user("ann")])
            #expect(refused.status == 400)
            #expect(try await client.users("expoints").count == 1)
            #expect(try await client.state()["counters"]["faults"]["appliedThenFailed"] == 0)
            let applied = try await client.send("POST", expoints.path, headers: expoints.auth, json: [expoints.user("bob")])
            #expect(applied.status == 200 && applied.body.isEmpty)
            #expect(try await client.users("expoints").count == 2)
        }
    }

    @Test("html share and modes are read from and shown by /_sim/faults; shares still sum to at most 1")
    func settingsRoundTrip() async throws {
        try await withSimulator { client in
            let settings = try await client.send(
                "POST", "/_sim/faults", json: ["htmlShare": 0.25, "notFoundPageShare": 0.125, "applyThenFailMode": "empty"])
            #expect(settings.json["htmlShare"] == 0.25)
            #expect(settings.json["notFoundPageShare"] == 0.125)
            #expect(try await client.send("GET", "/_sim/faults").json["applyThenFailMode"] == "empty")
            let tooMuch = try await client.send("POST", "/_sim/faults", json: ["htmlShare": 0.6, "applyThenFailShare": 0.6])
            #expect(tooMuch.status == 400)
            let bad = try await client.send("POST", "/_sim/faults", json: ["htmlShare": -0.1])
            #expect(bad.json["message"].stringValue?.contains("htmlShare") == true)
        }
    }
}
