@testable import Connectors
import DirBridgeCore
import Foundation
import HTTPTransport
import Logging
import Testing

@Suite struct VendorChannelTests {
    @Test func theRateLimitHoldsRequestsBackAndCountsThem() async throws {
        var settings = Fixtures.settings(.sertica(SerticaSettings(username: "u", password: Secret("p"))))
        // Slow enough that a loaded machine cannot finish a request before the next token is due.
        settings.rateLimit = RateLimit(requestsPerSecond: 1, burst: 1)
        let client = ScriptedHTTPClient { _, _ in .success(.json(200)) }
        let sertica = try Fixtures.connector(settings, client)
        let actions = (1...3).map { Fixtures.action(.create, "u\($0)", ["UserNo": .string("U\($0)")]) }
        let started = ContinuousClock.now
        let outcomes = await sertica.apply(actions)
        #expect(outcomes.allSatisfy { $0.result.isApplied })
        // One token at once, then one a second: the third request cannot leave before two
        // seconds. How many had to wait depends on when the machine ran them (a request that
        // starts after a refill is not held), so the count is a range.
        #expect(ContinuousClock.now - started >= .milliseconds(1_900))
        #expect(sertica.statistics.sent == 3 && sertica.statistics.retried == 0)
        #expect((1...2).contains(sertica.statistics.throttled))
    }

    @Test func secretsAreMaskedInReasonsCopiedFromTheVendorOrTransport() async throws {
        let settings = Fixtures.settings(.expoints(ExpointsSettings(token: Secret("tok-123"))), deprovision: .ignore)
        let client = ScriptedHTTPClient { _, _ in .success(.json(400, #"{"Message":"token tok-123 lacks the role"}"#)) }
        let outcomes = try await Fixtures.connector(settings, client).apply([
            Fixtures.action(.update, "jane", vendorId: "jane", ["Username": .string("jane")]),
        ])
        let reason = try #require(outcomes.first?.result.reason)
        #expect(reason.contains("lacks the role") && !reason.contains("tok-123"))
    }

    @Test func aWebPageIsToldFromAnAPIAnswer() {
        let settings = Fixtures.settings(.expoints(ExpointsSettings(token: Secret("t"))), deprovision: .ignore)
        let channel = VendorChannel(settings: settings, client: ScriptedHTTPClient { _, _ in .success(.json(200)) },
                                    logger: Logger(label: "test"), jitter: { 0 })
        let pages = [
            "<!DOCTYPE html><html><body>Down for maintenance</body></html>", " \r\n\t<HTML><body>busy</body></HTML>",
            "<!doctype HTML>",
        ]
        let answers = [#"{"Message":"<html>"}"#, #"  [{"id": 1}]"#, "", "   ", "<root><html/></root>", "<h1>Bad Gateway</h1>"]
        for body in pages {
            #expect(channel.isWebPage(HTTPResponse(status: 200, body: Data(body.utf8))), "\(body)")
        }
        for body in answers {
            #expect(!channel.isWebPage(HTTPResponse(status: 200, body: Data(body.utf8))), "\(body)")
        }
        #expect(channel.isWebPage(HTTPResponse(status: 200, headers: ["Content-Type": "Text/HTML; charset=utf-8"], body: Data("{}".utf8))))
    }

    @Test func queryValuesArePercentEncoded() {
        #expect(VendorChannel.percentEncoded("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9")
        // Every ASCII character and a few beyond, as Foundation encodes them with the RFC 3986
        // unreserved set (what the channel used before its own loop).
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let text = String(decoding: (1...127).map { UInt8($0) }, as: UTF8.self) + "é€😀\u{0}"
        #expect(VendorChannel.percentEncoded(text) == text.addingPercentEncoding(withAllowedCharacters: unreserved))
        #expect(VendorChannel.percentEncoded("") == "")
    }
}
