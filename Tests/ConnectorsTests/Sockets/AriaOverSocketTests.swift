@testable import Connectors
import DirBridgeCore
import HTTPTransport
import Testing

/// The Aria Operations connector over real sockets, with ``CurlHTTPClient`` against a Python
/// stand-in (`Resources/aria_server.py`): token renewal on 401, Retry-After, and a timeout on a
/// create that leaves the outcome unknown and is then resolved by lookup.
@Suite(.serialized, .timeLimit(.minutes(1))) struct AriaOverSocketTests {
    static let options = AriaOperationsSettings(username: "admin", password: Secret("pw"), importSourceId: "src-1")

    func fields(_ name: String) -> [String: FieldValue] {
        ["username": .string(name), "firstName": .string(name), "Last login time": .int(0)]
    }

    /// Backoff would wait 30 s: a test that finishes quickly proves the server's `Retry-After: 0` was used.
    func connector(_ server: PythonVendorServer, client: CurlHTTPClient) throws -> any ImportConnector {
        let settings = ConnectorSettings(
            target: "aria-socket", baseURL: server.baseURL, concurrency: 2,
            retry: RetryPolicy(maxAttempts: 3, baseDelay: .seconds(30), maxDelay: .seconds(30)),
            requestTimeout: .milliseconds(700), deprovision: .disable, vendor: .ariaOperations(Self.options))
        return try makeConnector(for: settings, httpClient: client, logger: Fixtures.logger, jitter: { 1 })
    }

    @Test func renewsAnExpiredTokenOnceHonoursRetryAfterAndCreatesEachUserOnce() async throws {
        let server = try PythonVendorServer(script: "aria_server.py")
        defer { server.stop() }
        let client = try CurlHTTPClient(settings: HTTPClientSettings(proxy: .none), logger: Fixtures.logger)
        let aria = try connector(server, client: client)

        let started = ContinuousClock.now
        try await aria.open()
        let first = Fixtures.byName(await aria.apply([Fixtures.action(.create, "ann", fields("ann"))]))
        #expect(first["ann"] == .applied(vendorId: "id-ann"))
        let second = Fixtures.byName(await aria.apply([Fixtures.action(.create, "flaky", fields("flaky"))]))
        #expect(second["flaky"] == .applied(vendorId: "id-flaky"))
        #expect(ContinuousClock.now - started < .seconds(10), "Retry-After: 0 must replace the 30 s backoff")
        await aria.close()
        let stats = try await server.stats(using: client)
        await client.shutdown()
        #expect(stats["acquired"] as? Int == 2)  // the first token expired: exactly one renewal
        #expect(stats["released"] as? Int == 1)
        #expect(stats["created"] as? [String: Int] == ["ann": 1, "flaky": 1])
        #expect(aria.statistics.retried == 1)  // the 503; the 401 renewal is a new request, not a retry
    }

    @Test func aTimedOutCreateIsUnknownNotResentAndLookupResolvesIt() async throws {
        let server = try PythonVendorServer(script: "aria_server.py")
        defer { server.stop() }
        let client = try CurlHTTPClient(settings: HTTPClientSettings(proxy: .none), logger: Fixtures.logger)
        let aria = try connector(server, client: client)

        try await aria.open()
        let outcomes = await aria.apply([Fixtures.action(.create, "slow", fields("slow"))])
        #expect(outcomes.first?.result.isUnknown == true)
        let found = try await aria.lookup(naturalKeyOf: TargetPayload(fields("slow")))
        #expect(found == .found(vendorId: "id-slow"))
        await aria.close()
        #expect(try await server.stats(using: client)["created"] as? [String: Int] == ["slow": 1])
        await client.shutdown()
    }
}
