import Foundation
import Testing
@testable import HTTPTransport

struct HTTPResponseTests {
    @Test func retryAfterInSeconds() {
        let response = HTTPResponse(status: 429, headers: ["retry-after": " 120 "])
        #expect(response.retryAfter() == .seconds(120))
    }

    @Test func retryAfterAsHTTPDateIsMeasuredFromNow() throws {
        let response = HTTPResponse(status: 503, headers: ["Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"])
        let date = try #require(HTTPResponse.parseHTTPDate("Sun, 06 Nov 1994 08:49:37 GMT"))
        #expect(response.retryAfter(now: date.addingTimeInterval(-30)) == .seconds(30))
        #expect(response.retryAfter(now: date.addingTimeInterval(60)) == .zero)
    }

    @Test func unparseableOrNegativeRetryAfterIsNil() {
        #expect(HTTPResponse(status: 429, headers: ["Retry-After": "soon"]).retryAfter() == nil)
        #expect(HTTPResponse(status: 429, headers: ["Retry-After": "-5"]).retryAfter() == nil)
        #expect(HTTPResponse(status: 429).retryAfter() == nil)
    }
}
