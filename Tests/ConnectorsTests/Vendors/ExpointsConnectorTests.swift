@testable import Connectors
import DirBridgeCore
import Foundation
import HTTPTransport
import Synchronization
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
            if request.method == .get { return .success(.json(404)) }  // nobody exists yet
            return request.bodyText.contains("\"bad\"") ? .success(.json(400, #"{"Message":"Role not found"}"#)) : .success(.json(200))
        }
        let names = ["a", "bad", "c", "d"]
        let outcomes = Fixtures.byName(try await connector(client).apply(names.map { Fixtures.action(.create, $0, Self.fields($0)) }))
        #expect(outcomes["bad"]?.isRejected == true)
        #expect(outcomes["bad"]?.reason?.contains("Role not found") == true)
        #expect(["a", "c", "d"].allSatisfy { outcomes[$0] == .applied(vendorId: $0) })
        // No document says a refused batch stored nobody, so its adds are looked up before any
        // is sent again: [a bad c d] + 4 lookups → [a bad] + 2 lookups → [a], [bad] + its lookup → [c d].
        #expect(client.requests.map(\.method) == [
            .post, .get, .get, .get, .get, .post, .get, .get, .post, .post, .get, .post,
        ])
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

    @Test func usersAddedBeforeTheVendorRefusedTheBatchAreReportedAsExistingNotResent() async throws {
        // A vendor that applies a batch in order up to the user it refuses (nothing says it is atomic).
        let stored = Mutex(Set<String>())
        let client = ScriptedHTTPClient { request, _ in
            if request.method == .get {
                let name = String(request.target.split(separator: "=").last ?? "")
                return stored.withLock { $0.contains(name) }
                    ? .success(.json(200, #"{"Username":"\#(name)"}"#)) : .success(.json(404))
            }
            let names = (request.json as? [[String: Any]] ?? []).compactMap { $0["Username"] as? String }
            for name in names {
                if name == "bad" { return .success(.json(400, #"{"Message":"Role not found"}"#)) }
                if stored.withLock({ $0.contains(name) }) { return .success(.json(400, #"{"Message":"exists"}"#)) }
                stored.withLock { _ = $0.insert(name) }
            }
            return .success(.json(200))
        }
        let names = ["a", "b", "bad", "c"]
        let outcomes = Fixtures.byName(try await connector(client).apply(names.map { Fixtures.action(.create, $0, Self.fields($0)) }))
        #expect(outcomes["a"]?.existingId == "a")
        #expect(outcomes["b"]?.existingId == "b")
        #expect(outcomes["bad"]?.isRejected == true)
        #expect(outcomes["c"] == .applied(vendorId: "c"))
        let posts = client.requests.filter { $0.method == .post }.map { $0.bodyText }
        #expect(posts.filter { $0.contains(#""Username":"a""#) }.count == 1, "a must never be sent again: \(posts)")
    }

    @Test func looksUpByName() async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200, #"[{"Username":"Jane","Email":"j@x"}]"#)) }
        let xp = try connector(client)
        #expect(try await xp.lookup(naturalKeyOf: TargetPayload(["Username": .string("jane")])) == .found(vendorId: "Jane"))
        #expect(client.requests.first?.target == "/external/api/v3/user?name=jane")
        #expect(try await xp.lookup(naturalKeyOf: TargetPayload(["Username": .string("bob")])) == .notFound)
    }

    /// The lookup's shape is not documented: one user or a list. Another object (an envelope, an
    /// error) answers nothing, so it is an error rather than "nobody" (which would resend a create).
    @Test(arguments: [
        (#"{"Username":"Jane"}"#, true), (#"[]"#, true), (#"{"Users":[{"Username":"Jane"}],"Total":1}"#, false), ("{}", false),
        (#"{"Message":"An error has occurred."}"#, false),
    ])
    func aLookupAnswerIsReadOnlyInAUserShape(body: String, readable: Bool) async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200, body)) }
        let xp = try connector(client)
        if readable {
            #expect(try await xp.lookup(naturalKeyOf: TargetPayload(["Username": .string("bob")])) == .notFound)
        } else {
            await #expect(throws: ConnectorError.self) { try await xp.lookup(naturalKeyOf: TargetPayload(["Username": .string("bob")])) }
        }
    }

    @Test func anAddOfAnExistingNameIsReportedAsExistingForTheDispatcherToAdopt() async throws {
        let client = ScriptedHTTPClient { request, _ in
            switch request.method {
            case .post: .success(.json(400, #"{"Message":"User(s) already exist: jane."}"#))
            case .get: .success(.json(200, #"{"Username":"jane","Type":"Internal"}"#))
            default: .success(.json(200))
            }
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.create, "jane", Self.fields("jane"))])
        #expect(outcomes.first?.result.existingId == "jane")
        // Nothing is written to the existing account here: only the dispatcher knows whether it is owned.
        #expect(client.requests.map(\.method) == [.post, .get])
    }
}
