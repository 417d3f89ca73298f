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
        return #"{"Username":"\#(name)","Success":\#(success),"ErrorMessage":\#(quoted(error)),"UserProviderKey":\#(quoted(key)),"UserProviderKeyConflict":\#(quoted(conflict)),"CustomerId":121,"ExternalId":"ext-\#(name)"}"#
    }

    @Test func createsAndUpdatesWithAddOperationsForTheFullFieldSet() async throws {
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
        // the API clears whatever an update leaves out. The guessed disabled flag is not sent: its
        // default is "not disabled", and a tenant without it must still take creates and updates.
        // Creates and updates travel apart: a request without a create is safe to repeat.
        #expect(request.bodyText == "["
            + #"{"Email":"new@example.com","ExternalId":"ext-new","Operations":["#
            + #"{"Operation":0,"Path":"/FirstName","Value":"New"},"#
            + #"{"Operation":0,"Path":"/Phone","Value":null}]}]"#)
        #expect(client.requests.count == 2)
        #expect(client.requests[1].bodyText == "["
            + #"{"Email":"old@example.com","ExternalId":"ext-old","Operations":["#
            + #"{"Operation":0,"Path":"/FirstName","Value":"Old"},"#
            + #"{"Operation":0,"Path":"/Phone","Value":null}],"UserProviderKey":"k-old"}]"#)
    }

    /// The seed shows .NET's PascalCase; a service serializing in camelCase (ASP.NET Core's
    /// default) says the same, and is read the same.
    @Test func aCamelCaseAnswerIsReadAsThePascalCaseOne() async throws {
        func camelCased(_ json: String) -> String {
            ["RequestorUsers", "Username", "Success", "ErrorMessage", "UserProviderKeyConflict", "UserProviderKey", "CustomerId", "ExternalId"]
                .reduce(json) { $0.replacingOccurrences(of: "\"\($1)\"", with: "\"\($1.prefix(1).lowercased() + $1.dropFirst())\"") }
        }
        let answer = camelCased(#"{"RequestorUsers":[\#(Self.result("new", success: true, key: "k-new")),\#(Self.result("dup", success: false, conflict: "k-dup"))]}"#)
        #expect(answer.contains(#""userProviderKeyConflict":"k-dup""#) && !answer.contains("Username"))
        let client = ScriptedHTTPClient { _, _ in .success(.json(200, answer)) }
        let outcomes = Fixtures.byName(try await connector(client).apply([
            Fixtures.action(.create, "new", Self.fields("new")), Fixtures.action(.create, "dup", Self.fields("dup")),
        ]))
        #expect(outcomes["new"] == .applied(vendorId: "k-new"))
        guard case .exists(vendorId: "k-dup", _)? = outcomes["dup"] else {
            Issue.record("the conflict names the existing account: \(String(describing: outcomes["dup"]))")
            return
        }
    }

    /// "The result contains all records for each user": several results for one user count when
    /// they agree (a record without the key takes the other's), and prove nothing when they differ.
    @Test(arguments: [201, 207])
    func anotherSuccessStatusCarryingTheResultsIsReadAsThe200(status: Int) async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(status, #"{"RequestorUsers":[\#(Self.result("new", success: true, key: "k-new"))]}"#)) }
        let outcomes = Fixtures.byName(try await connector(client).apply([Fixtures.action(.create, "new", Self.fields("new"))]))
        #expect(outcomes["new"] == .applied(vendorId: "k-new"))
        let empty = ScriptedHTTPClient { _, _ in .success(.json(204)) }
        let unknown = Fixtures.byName(try await connector(empty).apply([Fixtures.action(.create, "new", Self.fields("new"))]))
        guard case .unknown? = unknown["new"] else {
            Issue.record("a 2xx without results proves nothing: \(String(describing: unknown["new"]))")
            return
        }
    }

    @Test func severalResultsForOneUserCountOnlyWhenTheyAgree() async throws {
        let answer = #"{"RequestorUsers":["#
            + [Self.result("same", success: true, key: "k-same"), Self.result("same", success: true),
               Self.result("keys", success: true, key: "k-1"), Self.result("keys", success: true, key: "k-2"),
               Self.result("mixed", success: true, key: "k-mixed"), Self.result("mixed", success: false, error: "refused")]
                .joined(separator: ",") + "]}"
        let client = ScriptedHTTPClient { _, _ in .success(.json(200, answer)) }
        let outcomes = Fixtures.byName(try await connector(client).apply(["same", "keys", "mixed"].map {
            Fixtures.action(.create, $0, Self.fields($0))
        }))
        #expect(outcomes["same"] == .applied(vendorId: "k-same"))
        for name in ["keys", "mixed"] {
            guard case .unknown(let reason)? = outcomes[name] else {
                Issue.record("\(name): \(String(describing: outcomes[name]))")
                continue
            }
            #expect(reason.contains("2 results name this user and disagree"))
        }
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

    @Test func aConflictReportsTheExistingKeyAndWritesNothingToIt() async throws {
        let client = ScriptedHTTPClient { _, _ in
            .success(.json(200, #"{"RequestorUsers":[\#(Self.result("new", success: false, conflict: "k-existing", error: "exists"))]}"#))
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.create, "new", Self.fields("new"))])
        #expect(outcomes.first?.result.existingId == "k-existing")
        #expect(client.requests.count == 1)
    }

    @Test(arguments: ["reversed", "shuffled"])
    func resultsAreMatchedByIdentityNotPosition(order: String) async throws {
        let names = (0..<6).map { "u\($0)" }
        let client = ScriptedHTTPClient { _, _ in
            var results = names.map { Self.result($0, success: true, key: "k-\($0)") }
            results = order == "reversed" ? results.reversed() : [results[3], results[0], results[5], results[1], results[4], results[2]]
            return .success(.json(200, #"{"RequestorUsers":[\#(results.joined(separator: ","))]}"#))
        }
        let outcomes = Fixtures.byName(try await connector(client).apply(names.map { Fixtures.action(.create, $0, Self.fields($0)) }))
        for name in names {
            #expect(outcomes[name] == .applied(vendorId: "k-\(name)"), "\(name) got \(String(describing: outcomes[name]))")
        }
    }

    @Test func aUserWithoutAResultNamingHimIsNeverGuessed() async throws {
        let client = ScriptedHTTPClient { _, _ in
            // Two results, neither names "b": "a" is matched, "b" stays open (never "a"'s key).
            .success(.json(200, #"{"RequestorUsers":[\#(Self.result("a", success: true, key: "k-a")),{"Success":true,"UserProviderKey":"k-?"}]}"#))
        }
        let outcomes = Fixtures.byName(try await connector(client).apply([
            Fixtures.action(.create, "a", Self.fields("a")), Fixtures.action(.create, "b", Self.fields("b")),
        ]))
        #expect(outcomes["a"] == .applied(vendorId: "k-a"))
        #expect(outcomes["b"]?.isUnknown == true)
    }

    @Test func anUpdateOfAUserDeletedAtTheVendorCreatesHimAgainOnce() async throws {
        let client = ScriptedHTTPClient { request, _ in
            let item = (request.json as? [[String: Any]])?.first ?? [:]
            return item["UserProviderKey"] == nil
                ? .success(.json(200, #"{"RequestorUsers":[\#(Self.result("old", success: true, key: "k-new"))]}"#))
                : .success(.json(200, #"{"RequestorUsers":[\#(Self.result("old", success: false, error: "No user with that key"))]}"#))
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.update, "old", vendorId: "k-old", Self.fields("old"))])
        #expect(outcomes.map(\.result) == [.applied(vendorId: "k-new")])
        #expect(client.requests.count == 2)
    }

    @Test func aRefusedUpdateOfAUserStillThereStaysRefused() async throws {
        let client = ScriptedHTTPClient { request, _ in
            let item = (request.json as? [[String: Any]])?.first ?? [:]
            return item["UserProviderKey"] == nil
                ? .success(.json(200, #"{"RequestorUsers":[\#(Self.result("old", success: false, conflict: "k-old", error: "exists"))]}"#))
                : .success(.json(200, #"{"RequestorUsers":[\#(Self.result("old", success: false, error: "Phone is invalid"))]}"#))
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.update, "old", vendorId: "k-old", Self.fields("old"))])
        #expect(outcomes.first?.result.isRejected == true)
        #expect(outcomes.first?.result.reason?.contains("Phone is invalid") == true)
    }

    @Test func aWholeBatch400IsSplitSoOnlyTheBadUserIsRejected() async throws {
        let client = ScriptedHTTPClient { request, _ in
            let items = request.json as? [[String: Any]] ?? []
            if items.contains(where: { $0["ExternalId"] as? String == "ext-bad" }) {
                return .success(.json(400, #"{"Message":"Invalid input"}"#))
            }
            let results = items.compactMap { ($0["ExternalId"] as? String)?.dropFirst(4) }
                .map { Self.result(String($0), success: true, key: "k-\($0)") }
            return .success(.json(200, #"{"RequestorUsers":[\#(results.joined(separator: ","))]}"#))
        }
        let outcomes = Fixtures.byName(try await connector(client).apply(["a", "bad", "c"].map {
            Fixtures.action(.create, $0, Self.fields($0))
        }))
        #expect(outcomes["bad"]?.isRejected == true)
        #expect(outcomes["a"] == .applied(vendorId: "k-a"))
        #expect(outcomes["c"] == .applied(vendorId: "k-c"))
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
        #expect(client.requests.first?.bodyText.contains(#"{"Operation":0,"Path":"/Disabled","Value":true}"#) == true)
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

    /// The delete's answer is not documented: a 2xx saying `Success: false` (any key case) or a
    /// bare `false` keeps the leaver's account, and is never recorded as his deletion.
    @Test(arguments: [
        (#"{"Success":false,"ErrorMessage":"User owns open requests"}"#, "User owns open requests"),
        (#"{"success":false,"errorMessage":"User owns open requests"}"#, "User owns open requests"),
        (#"{"Success":false}"#, "Success is false"), ("false", "the answer is false"),
        (#"{"Success":true}"#, nil), ("", nil), ("true", nil),
    ])
    func aDeleteAnsweredSuccessFalseIsRefusedNamingTheForceOption(body: String, refusal: String?) async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200, body)) }
        let outcome = try #require(try await connector(client, deprovision: .delete).apply([
            Fixtures.action(.disable, "old", vendorId: "k-old", Self.fields("old")),
        ]).first)
        guard let refusal else {
            #expect(outcome.result == .applied(vendorId: "k-old"))
            return
        }
        guard case .rejected(_, let reason) = outcome.result else {
            Issue.record("a leaver taken as deleted on 200 \(body): \(outcome)")
            return
        }
        #expect(reason.contains("uid=old") && reason.contains(refusal) && reason.contains("options.force_delete"), "\(reason)")
    }

    @Test func forceDeleteSendsForceTrue() async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200, #"{"Success":true}"#)) }
        var options = Self.options
        options.forceDelete = true
        let outcomes = try await Fixtures.connector(Fixtures.settings(.requestor(options), deprovision: .delete), client)
            .apply([Fixtures.action(.disable, "old", vendorId: "k-old", Self.fields("old"))])
        #expect(outcomes.map(\.result) == [.applied(vendorId: "k-old")])
        #expect(client.requests.first?.bodyText == #"{"Force":true,"UserProviderKey":"k-old"}"#)
    }

    /// Requestor has no lookup: its own 404 to a delete is the proof the key is gone, but a
    /// gateway's "Not Found" (a page, or text) proves nothing and the leaver is deleted again.
    @Test(arguments: [
        (HTTPResponse.json(404), true), (.json(404, #"{"Message":"No user with that key"}"#), true),
        (HTTPResponse(status: 404, headers: ["Content-Type": "text/html"], body: Data("<html><h1>404 Not Found</h1></html>".utf8)), false),
        (HTTPResponse(status: 404, headers: ["Content-Type": "text/plain"], body: Data("default backend - 404".utf8)), false),
        // ASP.NET Web API's answer for a route it lacks (a wrong delete_path, a proxy path rewrite).
        (.json(404, #"{"Message":"No HTTP resource was found that matches the request URI 'https://r.example/api/Account/DeleteRequestorUser'."}"#), false),
    ])
    func aDeleteAnswered404IsDoneOnlyOnTheAPIsOwnAnswer(answer: HTTPResponse, gone: Bool) async throws {
        let client = ScriptedHTTPClient { _, _ in .success(answer) }
        let outcome = try #require(try await connector(client, deprovision: .delete).apply([
            Fixtures.action(.disable, "old", vendorId: "k-old", Self.fields("old")),
        ]).first)
        if gone {
            #expect(outcome.result == .applied(vendorId: "k-old"))
        } else {
            guard case .failed(let reason) = outcome.result else {
                Issue.record("a leaver taken as deleted on \(answer.status) \(String(decoding: answer.body, as: UTF8.self)): \(outcome)")
                return
            }
            #expect(reason.contains("in front of the vendor"))
        }
    }
}
