import Foundation
import Testing
@testable import VendorSimulator

@Suite("State dump and reset")
struct StateTests {
    @Test("the dump lists every vendor, counts requests per endpoint, and reset empties it")
    func dumpAndReset() async throws {
        try await withSimulator { client in
            let auth = ["Authorization": basicAuthorization("sertica-sync", "sertica-test-password")]
            let user: JSONValue = [
                "UserNo": "1", "Login": "ann", "Language": "en", "Access": true, "ExternalGroupNo": "G", "Password": "s3cret",
            ]
            _ = try await client.send("POST", "/sertica/api/users/ImportUser", headers: auth, json: user)
            _ = try await client.send("POST", "/sertica/api/users/ImportUser", json: user)
            let state = try await client.state()
            #expect(state["vendors"].objectValue?.keys.sorted() == ["aria-operations", "expoints", "forms-on-fire", "requestor", "sertica"])
            #expect(state["counters"]["requests"]["POST /sertica/api/users/ImportUser"] == 2)
            #expect(state["counters"]["creates"]["sertica"] == 1)
            // The dump shows a password was sent, never its value.
            #expect(state["vendors"]["sertica"]["users"][0]["Password"] == "<redacted>")
            let counters = try await client.send("GET", "/_sim/counters").json
            #expect(counters == state["counters"])
            #expect(counters["vendors"] == .null)

            #expect(try await client.send("POST", "/_sim/reset").status == 204)
            let after = try await client.state()
            #expect(after["vendors"]["sertica"]["users"].arrayValue?.isEmpty == true)
            #expect(after["counters"]["requests"].objectValue?.isEmpty == true)
        }
    }
}
