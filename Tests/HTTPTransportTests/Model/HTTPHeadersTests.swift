import Testing
@testable import HTTPTransport

struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndKeepsEveryValueInOrder() {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        headers.add(name: "Set-Cookie", value: "a=1")
        headers.add(name: "set-cookie", value: "b=2")
        #expect(headers["content-TYPE"] == "application/json")
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        #expect(headers["Missing"] == nil)
    }

    @Test func replaceOrAddRemovesEveryFieldOfThatName() {
        var headers = HTTPHeaders([("Accept", "a"), ("accept", "b"), ("Other", "c")])
        headers.replaceOrAdd(name: "ACCEPT", value: "z")
        #expect(headers.values(for: "accept") == ["z"])
        #expect(headers.count == 2)
    }

    @Test func descriptionNeverShowsValues() {
        let headers: HTTPHeaders = ["Authorization": "Bearer secret-token"]
        #expect(!headers.description.contains("secret-token"))
        #expect(headers.description.contains("Authorization"))
    }
}
