@testable import Connectors
import DirBridgeCore
import Foundation
import HTTPTransport
import Testing

@Suite struct RequestorConnectorTests {
    static let options = RequestorSettings(auth: .bearer(token: Secret("req-token")))

    func connector(_ client: ScriptedHTTPClient, deprovision: DeprovisionPolicy = .disable) throws -> any ImportConnector {
        try Fixtures.connector(Fixtures.settings(.requestor(Self.options), deprovision: deprovision), client)
    }

    static func fields(_ name: String) -> [String: FieldValue] {
        ["ExternalId": .string("ext-\(name)"), "Email": .string("\(name)@example.com"),
         "FirstName": .string(name.capitalized), "Phone": .null]
    }

    static func result(_ name: String, success: Bool, key: String? = nil, conflict: String? = nil, error: String? = nil) -> String {
        func quoted(_ text: String?) -> String { text.map { "\"\($0)\"" } ?? "null" }
        return #"{"Username":"\#(name)","Success":\#(success),"ErrorMessage":\#(quoted(error)),"UserProviderKey":\#(quoted(key)),"UserProviderKeyConflict":\#(quoted(conflict)),"CustomerId":121,"ExternalId":null}"#
    }

    @Test func createsWithAddOperationsAndUpdatesWithTheFullFieldSetAsReplace() async throws {
        let client = ScriptedHTTPClient { _, _ in
            .success(.json(200, #"{"RequestorUsers":[\#(Self.result("new", success: true, key: "k-new")),\#(Self.result("old", success: true, key: "k-old"))]}"#))
        }
        let outcomes = Fixtures.byName(try await connector(client).apply([
            Fixtures.action(.create, "new", Self.fields("new")),
            Fixtures.action(.update, "old", vendorId: "k-old", Self.fields("old")),
        ]))
        #expect(outcomes == ["new": .applied(vendorId: "k-new"), "old": .applied(vendorId: "k-old")])
        let request = try #require(client.requests.first)
        #expect(request.method == .post && request.target == "/api/Import/SyncRequestorUsers")
        #expect(request.headers["Authorization"] == "Bearer req-token")
        // Every managed field is present on the update, the unchanged and the null ones included:
        // the API clears whatever an update leaves out.
        #expect(request.bodyText == "["
            + #"{"Email":"new@example.com","ExternalId":"ext-new","Operations":["#
            + #"{"Operation":0,"Path":"/Disabled","Value":false},{"Operation":0,"Path":"/FirstName","Value":"New"},"#
            + #"{"Operation":0,"Path":"/Phone","Value":null}]},"#
            + #"{"Email":"old@example.com","ExternalId":"ext-old","Operations":["#
            + #"{"Operation":2,"Path":"/Disabled","Value":false},{"Operation":2,"Path":"/FirstName","Value":"Old"},"#
            + #"{"Operation":2,"Path":"/Phone","Value":null}],"UserProviderKey":"k-old"}]"#)
    }

    @Test func perUserFailuresRejectOnlyThatUserWithTheVendorsMessage() async throws {
        let client = ScriptedHTTPClient { _, _ in
            .success(.json(200, #"{"RequestorUsers":[\#(Self.result("a", success: true, key: "k-a")),\#(Self.result("b", success: false, error: "Email is invalid"))]}"#))
        }
        let outcomes = Fixtures.byName(try await connector(client).apply([
            Fixtures.action(.create, "a", Self.fields("a")), Fixtures.action(.create, "b", Self.fields("b")),
        ]))
        #expect(outcomes["a"] == .applied(vendorId: "k-a"))
        #expect(outcomes["b"]?.isRejected == true)
        #expect(outcomes["b"]?.reason == "create of uid=b,ou=people,dc=example,dc=com: Email is invalid")
    }

    @Test func adoptsAConflictingKeyWithAFullUpdateAndNeverCreatesASecondUser() async throws {
        let client = ScriptedHTTPClient { request, index in
            index == 0
                ? .success(.json(200, #"{"RequestorUsers":[\#(Self.result("new", success: false, conflict: "k-existing", error: "exists"))]}"#))
                : .success(.json(200, #"{"RequestorUsers":[\#(Self.result("new", success: true, key: "k-existing"))]}"#))
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.create, "new", Self.fields("new"))])
        #expect(outcomes.map(\.result) == [.applied(vendorId: "k-existing")])
        #expect(client.requests.count == 2)
        let adoption = try #require(client.requests.last?.json as? [[String: Any]]).first
        #expect(adoption?["UserProviderKey"] as? String == "k-existing")
        let operations = adoption?["Operations"] as? [[String: Any]] ?? []
        #expect(operations.count == 3 && operations.allSatisfy { $0["Operation"] as? Int == 2 })
    }

    @Test func aConflictOnTheAdoptingUpdateIsRejectedNotLooped() async throws {
        let client = ScriptedHTTPClient { _, _ in
            .success(.json(200, #"{"RequestorUsers":[\#(Self.result("new", success: false, conflict: "k-x", error: "conflict"))]}"#))
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.create, "new", Self.fields("new"))])
        #expect(outcomes.first?.result.isRejected == true)
        #expect(client.requests.count == 2)
    }

    @Test func aWholeBatch400RejectsEveryUserWithTheMessage() async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(400, #"{"Message":"Invalid input"}"#)) }
        let outcomes = try await connector(client).apply([
            Fixtures.action(.create, "a", Self.fields("a")), Fixtures.action(.update, "b", vendorId: "k-b", Self.fields("b")),
        ])
        #expect(outcomes.count == 2)
        #expect(outcomes.allSatisfy { $0.result.isRejected && $0.result.reason?.contains("Invalid input") == true })
    }

    @Test func disableSendsTheFullSetWithTheAccessFieldSetToDisabled() async throws {
        let client = ScriptedHTTPClient { _, _ in
            .success(.json(200, #"{"RequestorUsers":[\#(Self.result("old", success: true, key: "k-old"))]}"#))
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.disable, "old", vendorId: "k-old", Self.fields("old"))])
        #expect(outcomes.map(\.result) == [.applied(vendorId: "k-old")])
        #expect(client.requests.first?.bodyText.contains(#"{"Operation":2,"Path":"/Disabled","Value":true}"#) == true)
    }

    @Test func deleteCallsDeleteRequestorUser() async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200)) }
        let outcomes = try await connector(client, deprovision: .delete).apply([
            Fixtures.action(.disable, "old", vendorId: "k-old", Self.fields("old")),
        ])
        #expect(outcomes.map(\.result) == [.applied(vendorId: "k-old")])
        #expect(client.requests.first?.target == "/api/Account/DeleteRequestorUser")
        #expect(client.requests.first?.bodyText == #"{"Force":false,"UserProviderKey":"k-old"}"#)
    }

    @Test func splitsBatchesAtTheDocumentedLimit() async throws {
        let client = ScriptedHTTPClient { request, _ in
            let count = (request.json as? [Any])?.count ?? 0
            let results = (0..<count).map { Self.result("u\($0)", success: true, key: "k\($0)") }.joined(separator: ",")
            return .success(.json(200, #"{"RequestorUsers":[\#(results)]}"#))
        }
        let actions = (0..<150).map { Fixtures.action(.create, "u\($0)", Self.fields("u\($0)")) }
        let outcomes = try await connector(client).apply(actions)
        #expect(outcomes.count == 150 && outcomes.allSatisfy { $0.result.isApplied })
        #expect(client.requests.map { ($0.json as? [Any])?.count ?? 0 } == [100, 50])
    }
}
