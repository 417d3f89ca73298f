import Testing
@testable import HTTPTransport

struct HTTPRequestTests {
    @Test func descriptionDropsQueryAndCredentials() {
        let request = HTTPRequest(method: .post, url: "https://user:pw@api.example.com/v1/users?api_key=secret#x")
        #expect(request.description == "POST https://api.example.com/v1/users")
    }

    @Test func headerValuesWithLineBreaksAreRefused() {
        let request = HTTPRequest(url: "http://127.0.0.1/", headers: ["X-Name": "Ann\r\nX-Admin: true"])
        #expect(throws: HTTPClientError.self) { try Transfer.headerLines(for: request) }
    }

    @Test func emptyValuesAreSentAsEmptyAndExpectIsSuppressed() throws {
        let lines = try Transfer.headerLines(for: HTTPRequest(url: "http://127.0.0.1/", headers: ["X-Empty": ""]))
        #expect(lines == ["X-Empty;", "Expect:"])
    }
}
