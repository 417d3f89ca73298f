@testable import Connectors
import DirBridgeCore
import Foundation
import HTTPTransport
import Synchronization
import Testing

@Suite struct SerticaConnectorTests {
    let options = SerticaSettings(username: "svc", password: Secret("pa:ss"), signOffField: "SignOff",
                                  timeZone: TimeZone(secondsFromGMT: 7200)!)
    let fields: [String: FieldValue] = [
        "UserNo": .string("U1"), "Login": .string("jdoe"), "Language": .string("EN"), "Access": .bool(true),
        "ExternalGroupNo": .string("G1"),
    ]

    func connector(_ client: ScriptedHTTPClient, deprovision: DeprovisionPolicy = .disable) -> SerticaConnector {
        let settings = Fixtures.settings(.sertica(options), deprovision: deprovision)
        return SerticaConnector(core: ConnectorCore(settings: settings, client: client, logger: Fixtures.logger, jitter: { 0 }),
                                options: options, now: { Date(timeIntervalSince1970: 1_768_116_887) })
    }

    /// The dispatcher keeps just enough batches in flight to fill the window from `requestsPerBatch`.
    @Test(arguments: [(batchSize: 10, window: 4), (batchSize: 3, window: 8)])
    func aBatchHasRequestsPerBatchInFlight(batchSize: Int, window: Int) async throws {
        let client = CountingHTTPClient()
        let settings = ConnectorSettings(target: "test-sertica", baseURL: Fixtures.baseURL, batchSize: batchSize, concurrency: window,
                                         maxConcurrency: window, retry: Fixtures.fastRetry, deprovision: .disable,
                                         vendor: .sertica(options))
        let connector = SerticaConnector(core: ConnectorCore(settings: settings, client: client, logger: Fixtures.logger, jitter: { 0 }),
                                         options: options)
        let batch = (0..<batchSize).map { index in
            var user = fields
            user["UserNo"] = .string("U\(index)")
            return Fixtures.action(.create, "user\(index)", user)
        }
        let outcomes = await connector.apply(batch)
        #expect(outcomes.count == batchSize)
        #expect(connector.requestsPerBatch == min(batchSize, window))
        #expect(client.peakInFlight == connector.requestsPerBatch)
    }

    @Test func importsOneUserPerRequestWithBasicAuthAndJSONHeaders() async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200)) }
        let outcomes = await connector(client).apply([Fixtures.action(.create, "jdoe", fields)])
        #expect(outcomes == [ActionOutcome(anchor: Anchor("anchor-jdoe"), result: .applied(vendorId: "U1"))])
        let request = try #require(client.requests.first)
        #expect(request.method == .post)
        #expect(request.url == "https://vendor.test/api/users/ImportUser")
        #expect(request.headers["Authorization"] == "Basic " + Data("svc:pa:ss".utf8).base64EncodedString())
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["Accept"] == "application/json")
        #expect(request.bodyText == #"{"Access":true,"ExternalGroupNo":"G1","Language":"EN","Login":"jdoe","UserNo":"U1"}"#)
    }

    /// The seed documents the answer as an `HttpResponseMessage`: a service returning one as
    /// content answers 200 with the real outcome inside, and only a success there is an import.
    @Test(arguments: [
        (#"{"Version":"1.1","StatusCode":200,"ReasonPhrase":"OK","IsSuccessStatusCode":true}"#, "applied"),
        (#"{"StatusCode":"OK","IsSuccessStatusCode":true}"#, "applied"),
        (#"{"Message":"queued"}"#, "applied"),
        (#"{"Version":"1.1","Content":null,"StatusCode":400,"ReasonPhrase":"Bad Request","IsSuccessStatusCode":false}"#, "rejected"),
        (#"{"statusCode":"BadRequest","reasonPhrase":"Login is required"}"#, "rejected"),
        (#"{"StatusCode":500,"ReasonPhrase":"Internal Server Error","IsSuccessStatusCode":false}"#, "failed"),
        (#"{"IsSuccessStatusCode":false}"#, "failed"),
        (#"{"StatusCode":200,"IsSuccessStatusCode":false}"#, "failed"),
        (#"{"StatusCode":401,"ReasonPhrase":"Unauthorized","IsSuccessStatusCode":false}"#, "refused"),
    ])
    func aTwoHundredCarryingAResponseMessageIsJudgedByTheMessage(body: String, expected: String) async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200, body)) }
        let outcome = try #require(await connector(client).apply([Fixtures.action(.create, "jdoe", fields)]).first)
        switch (outcome.result, expected) {
        case (.applied(vendorId: "U1"), "applied"), (.failed, "failed"), (.targetRefused, "refused"):
            break
        case (.rejected(_, let reason), "rejected"):
            #expect(reason.contains("HTTP 200 carrying StatusCode 400"), "\(reason)")
        default:
            Issue.record("\(body): \(outcome.result), expected \(expected)")
        }
    }

    @Test(arguments: [301, 302, 307, 308])
    func aRedirectStopsTheTargetNamingWhereItLeadsAndIsNeverFollowed(status: Int) async throws {
        let client = ScriptedHTTPClient { _, _ in
            .success(HTTPResponse(status: status, headers: ["Location": "https://sso.example.com/login"]))
        }
        let outcome = try #require(await connector(client).apply([Fixtures.action(.create, "jdoe", fields)]).first)
        guard case .targetRefused(let reason) = outcome.result else {
            Issue.record("HTTP \(status): \(outcome.result)")
            return
        }
        #expect(reason.contains("redirects") && reason.contains("https://sso.example.com/login") && reason.contains("base_url"))
        #expect(client.requests.count == 1, "sent once, to the configured address only")
    }

    @Test func aChangedUserNoDisablesTheOldAccountBeforeImportingTheNewOne() async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200)) }
        var changed = fields
        changed["UserNo"] = .string("U2")
        let outcomes = await connector(client).apply([Fixtures.action(.update, "jdoe", vendorId: "U1", changed)])
        #expect(outcomes.map(\.result) == [.applied(vendorId: "U2")])
        #expect(client.requests.map(\.bodyText) == [
            #"{"Access":false,"ExternalGroupNo":"G1","Language":"EN","Login":"jdoe","SignOff":"2026-01-11T09:34:47+02:00","UserNo":"U1"}"#,
            #"{"Access":true,"ExternalGroupNo":"G1","Language":"EN","Login":"jdoe","UserNo":"U2"}"#,
        ])

        let refusing = ScriptedHTTPClient { request, _ in
            request.bodyText.contains(#""UserNo":"U1""#) ? .success(.json(400, "no")) : .success(.json(200))
        }
        let kept = await connector(refusing).apply([Fixtures.action(.update, "jdoe", vendorId: "U1", changed)])
        #expect(kept.first?.result.isFailed == true, "the new account must not be created while the old one keeps access")
        #expect(refusing.requests.count == 1)
    }

    @Test func disableResendsThePayloadWithAccessFalseAndSignOffWithOffset() async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200)) }
        let outcomes = await connector(client).apply([Fixtures.action(.disable, "jdoe", vendorId: "U1", fields)])
        #expect(outcomes.map(\.result) == [.applied(vendorId: "U1")])
        let body = try #require(client.requests.first).bodyText
        #expect(body == #"{"Access":false,"ExternalGroupNo":"G1","Language":"EN","Login":"jdoe","SignOff":"2026-01-11T09:34:47+02:00","UserNo":"U1"}"#)
    }

    @Test func retriesTransientAnswersAndTimeoutsBecauseImportByUserNoIsIdempotent() async {
        let client = ScriptedHTTPClient { _, index in
            switch index {
            case 0: .success(.json(503, headers: ["Retry-After": "0"]))
            case 1: .failure(.failure(.timedOut))
            default: .success(.json(200))
            }
        }
        let sertica = connector(client)
        let outcomes = await sertica.apply([Fixtures.action(.update, "jdoe", vendorId: "U1", fields)])
        #expect(outcomes.map(\.result) == [.applied(vendorId: "U1")])
        #expect(sertica.statistics == ConnectorStatistics(sent: 3, retried: 2))
    }

    @Test func badRequestRejectsThatUserByDNAndTheOthersGoOn() async {
        let client = ScriptedHTTPClient { request, _ in
            request.bodyText.contains("\"bad\"") ? .success(.json(400, #"{"Message":"Login too long"}"#)) : .success(.json(200))
        }
        var bad = fields
        bad["Login"] = .string("bad")
        bad["UserNo"] = .string("U2")
        let outcomes = Fixtures.byName(await connector(client).apply([
            Fixtures.action(.create, "jdoe", fields), Fixtures.action(.create, "bad", bad),
        ]))
        #expect(outcomes["jdoe"] == .applied(vendorId: "U1"))
        #expect(outcomes["bad"]?.isRejected == true)
        #expect(outcomes["bad"]?.reason?.contains("uid=bad,ou=people") == true)
        #expect(outcomes["bad"]?.reason?.contains("Login too long") == true)
    }

    @Test func lookupIsUnsupported() async throws {
        #expect(try await connector(ScriptedHTTPClient { _, _ in .success(.json(200)) }).lookup(naturalKeyOf: TargetPayload(fields)) == .unsupported)
    }
}

/// Answers 200 after a pause, counting the requests it holds at once.
private final class CountingHTTPClient: HTTPClient {
    private let counts = Mutex((inFlight: 0, peak: 0))

    var peakInFlight: Int { counts.withLock { $0.peak } }

    func execute(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        counts.withLock {
            $0.inFlight += 1
            $0.peak = max($0.peak, $0.inFlight)
        }
        try? await Task.sleep(for: .milliseconds(30))
        counts.withLock { $0.inFlight -= 1 }
        return .json(200)
    }
}
