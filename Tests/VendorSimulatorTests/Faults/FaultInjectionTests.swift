import Foundation
import Testing
@testable import VendorSimulator

@Suite("Fault injection")
struct FaultInjectionTests {
    let path = "/sertica/api/users/ImportUser"
    let auth = ["Authorization": basicAuthorization("sertica-sync", "sertica-test-password")]

    func user(_ number: Int) -> JSONValue {
        ["UserNo": .string("\(number)"), "Login": .string("u\(number)"), "Language": "en", "Access": true, "ExternalGroupNo": "G"]
    }

    /// Sends `count` distinct users one by one; returns each status (nil = dropped).
    func statuses(_ client: SimulatorClient, count: Int) async throws -> [Int?] {
        var statuses: [Int?] = []
        for number in 0..<count {
            statuses.append(try await client.sendAllowingDrop("POST", path, headers: auth, json: user(number))?.status)
        }
        return statuses
    }

    @Test("shares are roughly respected; faults before the handler store nothing")
    func sharesRespected() async throws {
        var configuration = SimulatorConfiguration(seed: 42)
        configuration.faults = FaultSettings(rateLimitedShare: 0.2, retryAfterSeconds: 0, unavailableShare: 0.1, droppedShare: 0.1)
        try await withSimulator(configuration) { client in
            let results = try await statuses(client, count: 300)
            let rateLimited = results.filter { $0 == 429 }.count
            let unavailable = results.filter { $0 == 503 }.count
            let dropped = results.filter { $0 == nil }.count
            let succeeded = results.filter { $0 == 200 }.count
            #expect((35...85).contains(rateLimited), "429: \(rateLimited) of 300")
            #expect((12...48).contains(unavailable), "503: \(unavailable) of 300")
            #expect((12...48).contains(dropped), "dropped: \(dropped) of 300")
            #expect(rateLimited + unavailable + dropped + succeeded == 300)
            // Only the requests that got 200 took effect: a retry of any failed one is safe.
            #expect(try await client.users("sertica").count == succeeded)
            let faults = try await client.state()["counters"]["faults"]
            #expect(faults["rateLimited"].intValue == rateLimited)
            #expect(faults["dropped"].intValue == dropped)
        }
    }

    @Test("429 carries the configured Retry-After")
    func retryAfter() async throws {
        var configuration = SimulatorConfiguration()
        configuration.faults = FaultSettings(rateLimitedShare: 1, retryAfterSeconds: 0)
        try await withSimulator(configuration) { client in
            let response = try await client.send("POST", path, headers: auth, json: user(1))
            #expect(response.status == 429)
            #expect(response.headers["retry-after"] == "0")
        }
    }

    @Test("the same seed gives the same sequence of faults")
    func deterministic() async throws {
        var configuration = SimulatorConfiguration(seed: 7)
        configuration.faults = FaultSettings(rateLimitedShare: 0.25, unavailableShare: 0.25)
        var runs: [[Int?]] = []
        for _ in 0..<2 {
            try await withSimulator(configuration) { client in
                runs.append(try await statuses(client, count: 40))
            }
        }
        #expect(runs[0] == runs[1])
        #expect(Set(runs[0].compactMap { $0 }) == [200, 429, 503])
    }

    @Test("apply then fail: the user is stored although the client sees 503 or a dropped connection")
    func applyThenFail() async throws {
        try await withSimulator { client in
            let settings = try await client.send("POST", "/_sim/faults", json: ["applyThenFailShare": 1, "applyThenFailMode": "unavailable"])
            #expect(settings.status == 200)
            #expect(try await client.send("POST", path, headers: auth, json: user(1)).status == 503)
            _ = try await client.send("POST", "/_sim/faults", json: ["applyThenFailShare": 1, "applyThenFailMode": "drop"])
            #expect(try await client.sendAllowingDrop("POST", path, headers: auth, json: user(2)) == nil)
            #expect(try await client.users("sertica").count == 2)
            #expect(try await client.state()["counters"]["faults"]["appliedThenFailed"].intValue == 2)
        }
    }

    @Test("a Forms On Fire create that applied then failed is refused as a duplicate when retried blindly")
    func blindRetryIsCaught() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", "/_sim/faults", json: ["applyThenFailShare": 1])
            let body: JSONValue = ["ProviderId": 1001, "IntegrationKey": "forms-on-fire-test-key", "Email": "ann@example.com"]
            #expect(try await client.send("POST", "/formsonfire/api/v1/suser?format=json", json: body).status == 503)
            _ = try await client.send("POST", "/_sim/faults", json: [:])
            let retry = try await client.send("POST", "/formsonfire/api/v1/suser?format=json", json: body)
            #expect(retry.json["ResponseStatus"]["ErrorCode"] == "DuplicateEmail")
            #expect(try await client.counter("duplicateCreates", "forms-on-fire") == 1)
        }
    }

    @Test("added latency delays vendor requests")
    func latency() async throws {
        var configuration = SimulatorConfiguration()
        configuration.faults = FaultSettings(latencyMilliseconds: 150)
        try await withSimulator(configuration) { client in
            let start = ContinuousClock.now
            _ = try await client.send("POST", path, headers: auth, json: user(1))
            #expect(ContinuousClock.now - start >= .milliseconds(150))
        }
    }

    @Test("invalid fault settings are refused with a message naming the field")
    func invalidSettings() async throws {
        try await withSimulator { client in
            let share = try await client.send("POST", "/_sim/faults", json: ["droppedShare": 1.5])
            let sum = try await client.send("POST", "/_sim/faults", json: ["droppedShare": 0.6, "unavailableShare": 0.6])
            #expect(share.status == 400)
            #expect(share.json["message"].stringValue?.contains("droppedShare") == true)
            #expect(sum.status == 400)
            #expect(throws: FaultSettings.InvalidSetting.self) {
                try VendorSimulator(configuration: SimulatorConfiguration(faults: FaultSettings(rateLimitedShare: -1)), logger: .init(label: "t"))
            }
        }
    }
}

@Suite("Capacity")
struct CapacityTests {
    @Test("beyond max requests per second the answer is 429 with Retry-After 1, and nothing is stored")
    func capacityRefusesTheExcess() async throws {
        var configuration = SimulatorConfiguration()
        configuration.faults = FaultSettings(maxRequestsPerSecond: 1)
        try await withSimulator(configuration) { client in
            let injection = FaultInjectionTests()
            // Ten at once against one a second: one gets through, one more per second the burst lasts.
            let started = ContinuousClock.now
            let responses = try await withThrowingTaskGroup(of: (status: Int, retryAfter: String?).self) { group in
                for number in 0..<10 {
                    group.addTask {
                        let response = try await client.send("POST", injection.path, headers: injection.auth, json: injection.user(number))
                        return (response.status, response.headers["retry-after"])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let elapsed = ContinuousClock.now - started
            let admitted = responses.filter { $0.status == 200 }.count
            #expect(admitted >= 1 && admitted <= 1 + Int(elapsed.components.seconds) + 1, "\(admitted) admitted in \(elapsed)")
            #expect(responses.filter { $0.status == 429 }.allSatisfy { $0.retryAfter == "1" })
            #expect(responses.allSatisfy { $0.status == 200 || $0.status == 429 })
            #expect(try await client.users("sertica").count == admitted)
            #expect(try await client.state()["counters"]["faults"]["rateLimited"].intValue == 10 - admitted)
        }
    }
}
