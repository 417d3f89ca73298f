import Foundation
import Logging
import Testing
@testable import HTTPTransport

/// Against a real HTTP server process on 127.0.0.1 (Tests/Support/http_test_server.py).
/// Serialized: each test starts its own server process, and the timing assertions must not
/// measure other tests' process start-ups competing for the same two cores.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct CurlHTTPClientTests {
    static let logger = Logger(label: "HTTPTransportTests")
    static let everyByte = Data((0...255).map { UInt8($0) } + [0, 0, 255])

    /// Proxies from the environment are turned off: a CI machine's http_proxy must not catch
    /// requests meant for 127.0.0.1. ``configuredProxyIsUsed()`` sets its own.
    private func makeClient(_ settings: HTTPClientSettings = HTTPClientSettings(proxy: .none)) throws -> CurlHTTPClient {
        try CurlHTTPClient(settings: settings, logger: Self.logger)
    }

    private func expectFailure(
        _ code: HTTPClientError.Code, _ body: () async throws(HTTPClientError) -> HTTPResponse
    ) async -> HTTPClientError? {
        do {
            let response = try await body()
            Issue.record("expected \(code), got status \(response.status)")
            return nil
        } catch {
            #expect(error.code == code, "\(error)")
            return error
        }
    }

    @Test(arguments: [HTTPMethod.post, .put, .delete, .patch])
    func binaryBodyRoundTrips(method: HTTPMethod) async throws {
        let server = try TestHTTPServer()
        let client = try makeClient()
        let response = try await client.execute(HTTPRequest(
            method: method, url: server.url("/echo"),
            headers: ["Content-Type": "application/octet-stream", "X-Request-Id": "r-1"], body: Self.everyByte))
        #expect(response.status == 200)
        #expect(response.body == Self.everyByte)
        #expect(response.headers["x-echo-method"] == method.rawValue)
        #expect(response.headers["X-Echo-Content-Length"] == "\(Self.everyByte.count)")
        #expect(response.headers["X-Echo-X-Request-Id"] == "r-1")
        await client.shutdown()
    }

    @Test func multiMegabyteBodyRoundTripsWithoutWaitingForContinue() async throws {
        let server = try TestHTTPServer()
        let client = try makeClient()
        let body = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let started = ContinuousClock.now
        let response = try await client.execute(HTTPRequest(method: .put, url: server.url("/echo"), body: body))
        #expect(response.body == body)
        #expect(response.headers["X-Echo-Expect"] == nil)
        #expect(ContinuousClock.now - started < .seconds(5))
        await client.shutdown()
    }

    /// libcurl resends a request whose reused connection died before any answer; for a create
    /// that the server applied before dying, that is a second create. Only idempotent requests may be resent.
    @Test(arguments: [false, true])
    func aRequestWhoseReusedConnectionDiesIsResentOnlyWhenIdempotent(idempotent: Bool) async throws {
        let server = try TestHTTPServer()
        let client = try makeClient()
        // A first request leaves a keep-alive connection for the POST to reuse.
        #expect(try await client.execute(HTTPRequest(url: server.url("/connections"))).status == 200)
        let create = HTTPRequest(method: .post, url: server.url("/apply-then-drop"), body: Data("{}".utf8), isIdempotent: idempotent)
        let error = await #expect(throws: HTTPClientError.self) { try await client.execute(create) }
        #expect(error?.message.contains("not sent again") == !idempotent, "\(String(describing: error))")
        let applied = try await client.execute(HTTPRequest(url: server.url("/applied")))
        // Idempotent: curl's own resend on a fresh connection (dropped too, so the error still comes).
        #expect(String(decoding: applied.body, as: UTF8.self) == (idempotent ? "2" : "1"))
        await client.shutdown()
    }

    @Test func postIsNotIdempotentByDefault() {
        #expect(!HTTPRequest(method: .post, url: "http://127.0.0.1/").isIdempotent)
        #expect(HTTPRequest(method: .put, url: "http://127.0.0.1/").isIdempotent)
    }

    /// curl takes a body it was given no pointer for from stdin.
    @Test func anEmptyPostSendsAnEmptyBody() async throws {
        let server = try TestHTTPServer()
        let client = try makeClient()
        let response = try await client.execute(HTTPRequest(method: .post, url: server.url("/echo")))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.headers["X-Echo-Method"] == "POST")
        #expect(response.headers["X-Echo-Content-Length"] == "0")
        await client.shutdown()
    }

    @Test func getSendsNoBody() async throws {
        let server = try TestHTTPServer()
        let client = try makeClient()
        let response = try await client.execute(HTTPRequest(url: server.url("/echo")))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.headers["X-Echo-Method"] == "GET")
        #expect(response.headers["X-Echo-Content-Length"] == nil)
        await client.shutdown()
    }

    @Test func statusRepeatedHeadersAndRetryAfterAreReported() async throws {
        let server = try TestHTTPServer()
        let client = try makeClient()
        let headers = try await client.execute(HTTPRequest(url: server.url("/headers"))).headers
        #expect(headers.values(for: "X-MULTI") == ["one", "two"])
        #expect(headers["x-mixed-case"] == "yes")

        let notFound = try await client.execute(HTTPRequest(url: server.url("/status/404")))
        #expect(notFound.status == 404)
        #expect(String(decoding: notFound.body, as: UTF8.self) == "status 404")

        let throttled = try await client.execute(HTTPRequest(url: server.url("/retry-after/7")))
        #expect(throttled.status == 429)
        #expect(throttled.retryAfter() == .seconds(7))
        await client.shutdown()
    }

    @Test func hundredConcurrentRequestsShareAtMostMaxConnections() async throws {
        let server = try TestHTTPServer()
        let maxConnections = 4
        let client = try makeClient(HTTPClientSettings(proxy: .none, maxConnections: maxConnections))
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<100 {
                group.addTask {
                    let body = Data("user-\(index)".utf8)
                    let response = try await client.execute(HTTPRequest(method: .post, url: server.url("/echo"), body: body))
                    return response.body == body ? response.status : -1
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 100)
        #expect(statuses.allSatisfy { $0 == 200 })
        let connections = try await client.execute(HTTPRequest(url: server.url("/connections")))
        let count = try #require(Int(String(decoding: connections.body, as: UTF8.self)))
        #expect(count >= 1)
        #expect(count <= maxConnections, "101 requests used \(count) connections")
        await client.shutdown()
    }

    /// The transfer thread is woken only when it waits in curl's poll; one that missed the wakeup
    /// would sit out the poll's one-second timeout before sending each of these.
    @Test func aRequestSentWhileTheLoopIsIdleLeavesAtOnce() async throws {
        let server = try TestHTTPServer()
        let client = try makeClient()
        _ = try await client.execute(HTTPRequest(url: server.url("/echo")))
        let started = ContinuousClock.now
        for index in 0..<20 {
            // Long enough for the loop to finish the last transfer and enter its poll.
            try await Task.sleep(for: .milliseconds(5))
            let response = try await client.execute(HTTPRequest(method: .post, url: server.url("/echo"), body: Data("\(index)".utf8)))
            #expect(response.body == Data("\(index)".utf8))
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        await client.shutdown()
    }

    @Test func slowResponseTimesOut() async throws {
        let server = try TestHTTPServer()
        let client = try makeClient()
        let started = ContinuousClock.now
        let error = await expectFailure(.timedOut) { () async throws(HTTPClientError) in
            try await client.execute(HTTPRequest(url: server.url("/slow/3"), timeout: .milliseconds(300)))
        }
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(error?.request == "GET \(server.url("/slow/3"))")
        await client.shutdown()
    }

    @Test func refusedConnectionSaysSo() async throws {
        let closedPort = try unusedPort()
        let client = try makeClient()
        let url = "http://127.0.0.1:\(closedPort)/echo"
        let error = await expectFailure(.couldNotConnect) { () async throws(HTTPClientError) in
            try await client.execute(HTTPRequest(url: url))
        }
        #expect(error?.curlCode == 7)
        #expect(error?.message.contains("127.0.0.1") == true, "\(String(describing: error))")
        #expect(error?.description.contains(url) == true)
        await client.shutdown()
    }

    @Test func tlsVerificationIsOnByDefault() async throws {
        let certificate = try SelfSignedCertificate()
        let server = try TestHTTPServer(tls: (certificate.certificate, certificate.key))
        let url = server.url("/status/204")

        let verifying = try makeClient()
        let error = await expectFailure(.tls) { () async throws(HTTPClientError) in
            try await verifying.execute(HTTPRequest(url: url))
        }
        #expect(error?.curlCode == 60)
        await verifying.shutdown()

        let trustingCA = try makeClient(HTTPClientSettings(tls: .init(caFile: certificate.certificate), proxy: .none))
        #expect(try await trustingCA.execute(HTTPRequest(url: url)).status == 204)
        await trustingCA.shutdown()

        let insecure = try makeClient(HTTPClientSettings(tls: .init(insecureSkipVerify: true), proxy: .none))
        #expect(try await insecure.execute(HTTPRequest(url: url)).status == 204)
        await insecure.shutdown()
    }

    @Test func http2IsNegotiatedOverTLSWithVerificationAndFallsBackToHTTP1() async throws {
        let certificate = try SelfSignedCertificate()
        let h2 = try await TestHTTP2Server(certificate: certificate, files: ["users.json": Self.everyByte])
        defer { h2.stop() }
        let client = try makeClient(HTTPClientSettings(
            tls: .init(caFile: certificate.certificate), proxy: .none, httpVersion: .http2, maxConnections: 4))
        // Concurrent requests, with and without a body, all answered over HTTP/2.
        let responses = try await withThrowingTaskGroup(of: HTTPResponse.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let request = index.isMultiple(of: 2)
                        ? HTTPRequest(url: h2.url("/users.json"))
                        : HTTPRequest(method: .post, url: h2.url("/users.json"), headers: ["Content-Type": "application/json"], body: Data("{\"n\":\(index)}".utf8))
                    return try await client.execute(request)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(responses.count == 8)
        for response in responses {
            #expect(response.status == 200)
            #expect(response.httpVersion == "2")
            #expect(response.body == Self.everyByte)
        }
        // A TLS server that offers no HTTP/2 is spoken to in HTTP/1.1 by the same client.
        let http1 = try TestHTTPServer(tls: (certificate.certificate, certificate.key))
        let fallback = try await client.execute(HTTPRequest(url: http1.url("/status/204")))
        #expect(fallback.status == 204)
        #expect(fallback.httpVersion == "1.1")
        await client.shutdown()

        // Verification stays on under HTTP/2: without the CA the handshake fails.
        let verifying = try makeClient(HTTPClientSettings(proxy: .none, httpVersion: .http2))
        _ = await expectFailure(.tls) { () async throws(HTTPClientError) in
            try await verifying.execute(HTTPRequest(url: h2.url("/users.json")))
        }
        await verifying.shutdown()
    }

    @Test func httpsToAPlainServerIsATLSError() async throws {
        let server = try TestHTTPServer()
        let client = try makeClient()
        _ = await expectFailure(.tls) { () async throws(HTTPClientError) in
            try await client.execute(HTTPRequest(url: "https://127.0.0.1:\(server.port)/echo"))
        }
        await client.shutdown()
    }

    @Test func configuredProxyIsUsed() async throws {
        let proxy = try TestHTTPServer()
        let client = try makeClient(HTTPClientSettings(proxy: .url(proxy.url(""))))
        let response = try await client.execute(HTTPRequest(url: "http://vendor.invalid/echo"))
        #expect(response.status == 200)
        #expect(response.headers["X-Echo-Host"] == "vendor.invalid")
        await client.shutdown()
    }

    @Test func cancellationAbortsTheTransferAndTheClientGoesOn() async throws {
        let server = try TestHTTPServer()
        let client = try makeClient(HTTPClientSettings(proxy: .none, maxConnections: 1))
        let slow = Task { await client.result(of: HTTPRequest(url: server.url("/slow/10"))) }
        try await server.waitForSlowRequest()
        let cancelled = ContinuousClock.now
        slow.cancel()
        _ = await expectFailure(.cancelled) { () async throws(HTTPClientError) in try await slow.value.get() }
        #expect(ContinuousClock.now - cancelled < .seconds(5))
        // The only connection slot was freed: the next request goes through.
        #expect(try await client.execute(HTTPRequest(url: server.url("/status/200"))).status == 200)
        await client.shutdown()
    }

    @Test func oversizedResponseIsRefused() async throws {
        let server = try TestHTTPServer()
        let client = try makeClient(HTTPClientSettings(proxy: .none, maxResponseBodyBytes: 100))
        _ = await expectFailure(.responseTooLarge) { () async throws(HTTPClientError) in
            try await client.execute(HTTPRequest(method: .post, url: server.url("/echo"), body: Data(count: 101)))
        }
        await client.shutdown()
    }

    @Test func shutdownFinishesInFlightRequestsAndRefusesNewOnes() async throws {
        let server = try TestHTTPServer()
        let client = try makeClient()
        let inFlight = Task { await client.result(of: HTTPRequest(url: server.url("/slow/0.3"))) }
        try await server.waitForSlowRequest()
        await client.shutdown()
        #expect(try await inFlight.value.get().status == 200)
        _ = await expectFailure(.clientShutDown) { () async throws(HTTPClientError) in
            try await client.execute(HTTPRequest(url: server.url("/status/200")))
        }
    }
}

extension HTTPClient {
    /// `execute` as a value, for tasks (whose failure type cannot be typed).
    func result(of request: HTTPRequest) async -> Result<HTTPResponse, HTTPClientError> {
        do {
            return .success(try await execute(request))
        } catch {
            return .failure(error)
        }
    }
}
