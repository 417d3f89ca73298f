import Testing
@testable import VendorSimulator

@Suite struct HTTPWhitespaceTests {
    @Test func spacesAndTabsAroundAValueAreOptionalWhitespace() {
        #expect(" \tapplication/json \t".trimmingHTTPWhitespace() == "application/json")
        #expect("a b".trimmingHTTPWhitespace() == "a b")
        #expect(" \t ".trimmingHTTPWhitespace().isEmpty)
        #expect("".trimmingHTTPWhitespace().isEmpty)
        // Not HTTP whitespace: a no-break space stays, as a server's parser would leave it.
        #expect("\u{A0}x".trimmingHTTPWhitespace() == "\u{A0}x")
    }

    @Test func headersReadThroughIt() {
        #expect(BodyFormat(contentType: " Application/JSON ; charset=utf-8") == .json)
        #expect(BodyFormat(contentType: " \t") == .xml)
        #expect(HTTPAuthorization(header: "Bearer  abc \t")?.bearerToken == "abc")
    }
}
