@testable import Connectors
import DirBridgeCore
import Foundation
import HTTPTransport
import Testing

@Suite struct ExpointsConnectorTests {
    func connector(_ client: ScriptedHTTPClient, batchSize: Int? = nil) throws -> any ImportConnector {
        try Fixtures.connector(Fixtures.settings(.expoints(ExpointsSettings(token: Secret("xp-token"))), deprovision: .ignore,
                                                 batchSize: batchSize), client)
    }

    static func fields(_ name: String) -> [String: FieldValue] {
        ["Username": .string(name), "Type": .string("Internal"), "Roles": .list([.object(["Id": .string("r-1")])])]
    }

    @Test func addsWithPostAndUpdatesWithPutUsingTheBearerToken() async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200)) }
        let outcomes = Fixtures.byName(try await connector(client).apply([
            Fixtures.action(.create, "new", Self.fields("new")), Fixtures.action(.update, "old", vendorId: "old", Self.fields("old")),
        ]))
        #expect(outcomes == ["new": .applied(vendorId: "new"), "old": .applied(vendorId: "old")])
        #expect(client.requests.map(\.method) == [.post, .put])
        #expect(client.requests.allSatisfy { $0.target == "/external/api/v3/user" })
        #expect(client.requests[0].headers["Authorization"] == "Bearer xp-token")
        #expect(client.requests[0].bodyText == #"[{"Roles":[{"Id":"r-1"}],"Type":"Internal","Username":"new"}]"#)
    }

    @Test func bisectsARefusedBatchSoOneBadUserDoesNotRejectTheRest() async throws {
        let client = ScriptedHTTPClient { request, _ in
            request.bodyText.contains("\"bad\"") ? .success(.json(400, #"{"Message":"Role not found"}"#)) : .success(.json(200))
        }
        let names = ["a", "bad", "c", "d"]
        let outcomes = Fixtures.byName(try await connector(client).apply(names.map { Fixtures.action(.create, $0, Self.fields($0)) }))
        #expect(outcomes["bad"]?.isRejected == true)
        #expect(outcomes["bad"]?.reason?.contains("Role not found") == true)
        #expect(["a", "c", "d"].allSatisfy { outcomes[$0] == .applied(vendorId: $0) })
        // [a bad c d] → [a bad] → [a] [bad] (+ a lookup: is "bad" an existing user to adopt? no),
        // then [c d]: six requests, not one per user.
        #expect(client.requests.map(\.method) == [.post, .post, .post, .post, .get, .post])
    }

    @Test func aRenamedUsernameIsRejectedWithoutSendingBecauseExpointsCannotRename() async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200)) }
        let outcomes = Fixtures.byName(try await connector(client).apply([
            Fixtures.action(.update, "new-name", vendorId: "old-name", Self.fields("new-name")),
            Fixtures.action(.update, "same", vendorId: "SAME", Self.fields("same")),
        ]))
        #expect(outcomes["new-name"]?.isRejected == true)
        #expect(outcomes["new-name"]?.reason?.contains("cannot rename a user: it holds 'old-name'") == true)
        #expect(outcomes["same"] == .applied(vendorId: "same"), "a change of case is not a rename")
        #expect(client.requests.count == 1 && !client.requests[0].bodyText.contains("new-name"))
    }

    @Test func aDroppedConnectionOnAnAddIsUnknownForTheWholeBatch() async throws {
        let client = ScriptedHTTPClient { _, _ in .failure(.failure(.transport)) }
        let outcomes = try await connector(client).apply(["a", "b"].map { Fixtures.action(.create, $0, Self.fields($0)) })
        #expect(outcomes.allSatisfy { $0.result.isUnknown })
        #expect(client.requests.count == 1)
    }

    @Test func disableIsSkippedBecauseTheAPIHasNoWayToDoIt() async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200)) }
        let outcomes = try await connector(client).apply([Fixtures.action(.disable, "old", vendorId: "old", Self.fields("old"))])
        guard case .skipped = outcomes.first?.result else {
            Issue.record("expected skipped, got \(outcomes)")
            return
        }
        #expect(client.requests.isEmpty)
    }

    @Test func looksUpByName() async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200, #"[{"Username":"Jane","Email":"j@x"}]"#)) }
        let xp = try connector(client)
        #expect(try await xp.lookup(naturalKeyOf: TargetPayload(["Username": .string("jane")])) == .found(vendorId: "Jane"))
        #expect(client.requests.first?.target == "/external/api/v3/user?name=jane")
        #expect(try await xp.lookup(naturalKeyOf: TargetPayload(["Username": .string("bob")])) == .notFound)
    }

    @Test func anAddOfAnExistingNameIsAdoptedAsAnUpdate() async throws {
        let client = ScriptedHTTPClient { request, _ in
            switch request.method {
            case .post: .success(.json(400, #"{"Message":"User(s) already exist: jane."}"#))
            case .get: .success(.json(200, #"{"Username":"jane","Type":"Internal"}"#))
            default: .success(.json(200))
            }
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.create, "jane", Self.fields("jane"))])
        #expect(outcomes.map(\.result) == [.applied(vendorId: "jane")])
        #expect(client.requests.map(\.method) == [.post, .get, .put])
    }
}
