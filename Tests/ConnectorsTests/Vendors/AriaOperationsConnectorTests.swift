@testable import Connectors
import DirBridgeCore
import Foundation
import HTTPTransport
import Synchronization
import Testing

@Suite struct AriaOperationsConnectorTests {
    static let options = AriaOperationsSettings(username: "admin", password: Secret("pw"), loginAuthSource: "LOCAL",
                                                importSourceId: "src-1")
    static let tokenPath = "/suite-api/api/auth/token/acquire"
    static let importPath = "/suite-api/api/auth/sources/src-1/users"

    func connector(_ client: ScriptedHTTPClient, deprovision: DeprovisionPolicy = .disable) throws -> any ImportConnector {
        try Fixtures.connector(Fixtures.settings(.ariaOperations(Self.options), deprovision: deprovision), client)
    }

    static func fields(_ name: String) -> [String: FieldValue] {
        ["username": .string(name), "firstName": .string(name.capitalized), "Last login time": .int(0),
         "roleNames": .list([.string("ReadOnly")])]
    }

    /// A token per acquire (tok-1, tok-2, …); everything else from `answer`.
    static func server(_ answer: @escaping @Sendable (HTTPRequest, _ tokens: Int) -> HTTPResponse) -> ScriptedHTTPClient {
        let acquired = Mutex(0)
        return ScriptedHTTPClient { request, _ in
            if request.target == tokenPath {
                let count = acquired.withLock { $0 += 1; return $0 }
                return .success(.json(200, #"{"token":"tok-\#(count)","validity":1,"expiresAt":"x"}"#))
            }
            return .success(answer(request, acquired.withLock { $0 }))
        }
    }

    @Test func importsWithTokenAndStoresEchoedIds() async throws {
        let client = Self.server { request, _ in
            .json(201, #"{"users":[{"id":"id-new","username":"NEW"},{"id":"id-old","username":"old"}]}"#)
        }
        let aria = try connector(client)
        try await aria.open()
        let outcomes = Fixtures.byName(await aria.apply([
            Fixtures.action(.create, "new", Self.fields("new")), Fixtures.action(.update, "old", vendorId: "id-old", Self.fields("old")),
        ]))
        #expect(outcomes == ["new": .applied(vendorId: "id-new"), "old": .applied(vendorId: "id-old")])

        let acquire = client.requests[0]
        #expect(acquire.bodyText == #"{"authSource":"LOCAL","password":"pw","username":"admin"}"#)
        let importRequest = client.requests[1]
        #expect(importRequest.target == Self.importPath)
        #expect(importRequest.headers["Authorization"] == "OpsToken tok-1")
        #expect(importRequest.headers["Content-Type"] == "application/json")
        // Creates and re-imports travel apart: a request without a create is safe to repeat.
        #expect(importRequest.bodyText == #"{"users":[{"enabled":true,"firstName":"New","roleNames":["ReadOnly"],"username":"new"}]}"#)
        #expect(client.requests[2].bodyText
            == #"{"users":[{"enabled":true,"firstName":"Old","id":"id-old","roleNames":["ReadOnly"],"username":"old"}]}"#)
    }

    @Test func reacquiresTheTokenOnceOn401() async throws {
        let client = Self.server { request, tokens in
            request.headers["Authorization"] == "OpsToken tok-1"
                ? .json(401) : .json(201, #"{"users":[{"id":"id-1","username":"new"}]}"#)
        }
        let aria = try connector(client)
        try await aria.open()
        let outcomes = await aria.apply([Fixtures.action(.create, "new", Self.fields("new"))])
        #expect(outcomes.map(\.result) == [.applied(vendorId: "id-1")])
        #expect(client.requests.filter { $0.target == Self.tokenPath }.count == 2)
    }

    @Test func givesUpAfterOneReacquireUnderEachScheme() async throws {
        let client = Self.server { _, _ in .json(401) }
        let aria = try connector(client)
        for _ in 1...2 {
            let outcomes = await aria.apply([Fixtures.action(.create, "new", Self.fields("new"))])
            #expect(outcomes.first?.result.isTargetRefusal == true)
            #expect(outcomes.first?.result.reason?.contains("credentials") == true)
        }
        // A fresh token is tried under the other scheme once; after that, a 401 stands.
        #expect(client.requests.filter { $0.target == Self.importPath }.map { $0.headers["Authorization"] ?? "" } == [
            "OpsToken tok-1", "OpsToken tok-2", "vRealizeOpsToken tok-2", "vRealizeOpsToken tok-2", "vRealizeOpsToken tok-3",
        ])
    }

    /// Releases before 8.17 know only `vRealizeOpsToken`: found once, kept for the run.
    @Test func anOlderReleaseIsAnsweredUnderTheSchemeItKnows() async throws {
        let client = Self.server { request, _ in
            guard request.headers["Authorization"]?.hasPrefix("vRealizeOpsToken ") == true else { return .json(401) }
            return request.target == Self.importPath ? .json(201, #"{"users":[{"id":"id-1","username":"new"}]}"#) : .json(200)
        }
        let aria = try connector(client)
        try await aria.open()
        for _ in 1...2 {
            let outcomes = await aria.apply([Fixtures.action(.create, "new", Self.fields("new"))])
            #expect(outcomes.map(\.result) == [.applied(vendorId: "id-1")])
        }
        await aria.close()
        #expect(client.requests.filter { $0.target != Self.tokenPath }.map { $0.headers["Authorization"] ?? "" } == [
            "OpsToken tok-1", "OpsToken tok-2", "vRealizeOpsToken tok-2", "vRealizeOpsToken tok-2", "vRealizeOpsToken tok-2",
        ])
        #expect(client.requests.last?.target == "/suite-api/api/auth/token/release")
    }

    @Test func aConfiguredSchemeIsNeverSwitched() async throws {
        var options = Self.options
        options.tokenScheme = "OpsToken"
        let client = Self.server { request, _ in
            request.headers["Authorization"]?.hasPrefix("vRealizeOpsToken ") == true
                ? .json(201, #"{"users":[{"id":"id-1","username":"new"}]}"#) : .json(401)
        }
        let aria = try Fixtures.connector(Fixtures.settings(.ariaOperations(options)), client)
        let outcomes = await aria.apply([Fixtures.action(.create, "new", Self.fields("new"))])
        #expect(outcomes.first?.result.isTargetRefusal == true)
        #expect(client.requests.allSatisfy { $0.headers["Authorization"]?.hasPrefix("vRealizeOpsToken") != true })
    }

    @Test func timeoutOnACreateBatchIsUnknownAndNotResent() async throws {
        let client = ScriptedHTTPClient { request, _ in
            request.target == Self.tokenPath ? .success(.json(200, #"{"token":"t"}"#)) : .failure(.failure(.timedOut))
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.create, "new", Self.fields("new"))])
        #expect(outcomes.first?.result.isUnknown == true)
        #expect(client.requests.filter { $0.target == Self.importPath }.count == 1)
    }

    @Test func disablesWithPutAndDeletesById() async throws {
        let client = Self.server { _, _ in .json(200) }
        let disabled = try await connector(client).apply([Fixtures.action(.disable, "old", vendorId: "id-9", Self.fields("old"))])
        #expect(disabled.map(\.result) == [.applied(vendorId: "id-9")])
        let put = try #require(client.requests.last)
        #expect(put.method == .put && put.target == "/suite-api/api/auth/users")
        #expect(put.bodyText == #"{"enabled":false,"firstName":"Old","id":"id-9","roleNames":["ReadOnly"],"username":"old"}"#)

        let deleting = Self.server { _, _ in .json(204) }
        let deleted = try await connector(deleting, deprovision: .delete).apply([Fixtures.action(.disable, "old", vendorId: "id/9", Self.fields("old"))])
        #expect(deleted.map(\.result) == [.applied(vendorId: "id/9")])
        #expect(deleting.requests.last?.method == .delete)
        #expect(deleting.requests.last?.target == "/suite-api/api/auth/users/id%2F9")
    }

    @Test func looksUpByUsername() async throws {
        let client = Self.server { request, _ in
            .json(200, #"{"users":[{"id":"id-x","username":"Jane.Doe"}]}"#)
        }
        let found = try await connector(client).lookup(naturalKeyOf: TargetPayload(["username": .string("jane.doe")]))
        #expect(found == .found(vendorId: "id-x"))
        #expect(client.requests.last?.target == "/suite-api/api/auth/users?username=jane.doe&page=0&pageSize=1000")
        let missing = try await connector(client).lookup(naturalKeyOf: TargetPayload(["username": .string("other")]))
        #expect(missing == .notFound)
    }

    /// A release that ignores the filter lists everyone a page at a time: the lookup reads on
    /// while `pageInfo` says there is more, and stops at the user.
    @Test func aLookupReadsPageAfterPageUntilTheUser() async throws {
        let client = Self.server { request, _ in
            let page = request.target.contains("page=0") ? 0 : request.target.contains("page=1") ? 1 : 2
            let users = (0..<2).map { #"{"id":"id-\#(page)-\#($0)","username":"user\#(page)\#($0)"}"# }.joined(separator: ",")
            return .json(200, #"{"pageInfo":{"totalCount":6,"page":\#(page),"pageSize":2},"users":[\#(users)]}"#)
        }
        let found = try await connector(client).lookup(naturalKeyOf: TargetPayload(["username": .string("USER11")]))
        #expect(found == .found(vendorId: "id-1-1"))
        func pages() -> [String] { client.requests.map(\.target).filter { $0.contains("/auth/users?") } }
        #expect(pages().count == 2, "stops at the page holding the user")
        let missing = try await connector(client).lookup(naturalKeyOf: TargetPayload(["username": .string("nobody")]))
        #expect(missing == .notFound)
        #expect(pages().count == 5, "every page once, then no more")
    }

    /// Without `pageInfo.totalCount`, a lookup whose answer lists others than the user asked for
    /// reads on until an empty page; a release that repeats a full page cannot be read to its end,
    /// which is an error rather than "nobody" (that would take a leaver as gone, or resend a create).
    @Test func withoutATotalALookupReadsUntilAnEmptyPageAndNeverGuessesFromAPageThatRepeats() async throws {
        func server(repeating: Bool) -> ScriptedHTTPClient {
            Self.server { request, _ in
                let page = (0..<4).first { request.target.contains("page=\($0)&") } ?? 9
                let shown = repeating ? 0 : page
                let users = page < 3 || repeating
                    ? (0..<1000).map { #"{"id":"id-\#(shown)-\#($0)","username":"user\#(shown)-\#($0)"}"# }.joined(separator: ",") : ""
                return .json(200, #"{"pageInfo":{"page":\#(page),"pageSize":1000},"users":[\#(users)]}"#)
            }
        }
        let paged = server(repeating: false)
        #expect(try await connector(paged).lookup(naturalKeyOf: TargetPayload(["username": .string("USER2-7")])) == .found(vendorId: "id-2-7"))
        #expect(try await connector(paged).lookup(naturalKeyOf: TargetPayload(["username": .string("nobody")])) == .notFound)
        #expect(paged.requests.filter { $0.target.contains("/auth/users?") }.count == 3 + 4, "to the user, then to the empty page")

        let repeating = server(repeating: true)
        await #expect(throws: ConnectorError.self) {
            try await connector(repeating).lookup(naturalKeyOf: TargetPayload(["username": .string("nobody")]))
        }
        #expect(repeating.requests.filter { $0.target.contains("/auth/users?") }.count == 2)

        // A filtered answer without paging, holding only the user asked for (or nobody), is complete.
        let filtered = Self.server { _, _ in .json(200, #"{"users":[]}"#) }
        #expect(try await connector(filtered).lookup(naturalKeyOf: TargetPayload(["username": .string("nobody")])) == .notFound)
        #expect(filtered.requests.filter { $0.target.contains("/auth/users?") }.count == 1)
    }

    @Test func aDuplicateAnsweredWithAnyStatusIsLookedUpAndReportedAsExisting() async throws {
        // 500 is not answered here: a create that met a 500 is unknown, settled by the dispatcher's lookup.
        for status in [400, 409, 422] {
            let client = Self.server { request, _ in
                request.method == .get
                    ? .json(200, #"{"users":[{"id":"id-existing","username":"new"}]}"#) : .json(status, #"{"message":"exists"}"#)
            }
            let outcomes = try await connector(client).apply([Fixtures.action(.create, "new", Self.fields("new"))])
            #expect(outcomes.first?.result.existingId == "id-existing", "HTTP \(status): \(outcomes)")
            #expect(client.requests.filter { $0.target == Self.importPath }.count == 1, "HTTP \(status)")
        }
    }

    @Test func aWrongAuthSourceStopsTheTargetInsteadOfRejectingEveryUser() async throws {
        let client = Self.server { _, _ in .json(404, #"{"message":"auth source not found"}"#) }
        let outcomes = try await connector(client).apply(["a", "b"].map { Fixtures.action(.create, $0, Self.fields($0)) })
        #expect(outcomes.count == 2 && outcomes.allSatisfy { $0.result.isTargetRefusal })
        #expect(outcomes.first?.result.reason?.contains("auth_source_id") == true)
        #expect(client.requests.filter { $0.target == Self.importPath }.count == 1)
    }

    @Test func aTwoHundredWithAWebPageProvesNothing() async throws {
        let client = Self.server { request, _ in
            var response = HTTPResponse(status: 200, body: Data("<html><body>Maintenance</body></html>".utf8))
            response.headers.add(name: "Content-Type", value: "text/html")
            return response
        }
        let outcomes = Fixtures.byName(try await connector(client).apply([
            Fixtures.action(.create, "new", Self.fields("new")), Fixtures.action(.update, "old", vendorId: "id-o", Self.fields("old")),
        ]))
        #expect(outcomes["new"]?.isUnknown == true)
        #expect(outcomes["old"]?.isFailed == true)
    }

    @Test func aDisableAnswered404IsDoneOnlyWhenTheUserIsReallyGone() async throws {
        let stillThere = Self.server { request, _ in
            request.method == .get ? .json(200, #"{"users":[{"id":"id-9","username":"old"}]}"#) : .json(404)
        }
        let kept = try await connector(stillThere).apply([Fixtures.action(.disable, "old", vendorId: "id-9", Self.fields("old"))])
        #expect(kept.first?.result.isFailed == true)
        let gone = Self.server { request, _ in request.method == .get ? .json(200, #"{"users":[]}"#) : .json(404) }
        let done = try await connector(gone).apply([Fixtures.action(.disable, "old", vendorId: "id-9", Self.fields("old"))])
        #expect(done.map(\.result) == [.applied(vendorId: "id-9")])
    }

    /// The PUT answers with the user as stored: one still enabled was not disabled.
    @Test func aDisableAnsweredWithTheUserStillEnabledIsNotDone() async throws {
        let client = Self.server { _, _ in .json(200, #"{"id":"id-9","username":"old","enabled":true}"#) }
        let outcome = try await connector(client).apply([Fixtures.action(.disable, "old", vendorId: "id-9", Self.fields("old"))])
        #expect(outcome.first?.result.isFailed == true && outcome.first?.result.reason?.contains("still enabled") == true, "\(outcome)")
    }

    /// Which status a disable of an id Aria no longer holds gets is not documented: any refusal is
    /// checked by a lookup; gone settles the leaver, still there keeps the vendor's refusal.
    @Test(arguments: [400, 422, 409])
    func aRefusedDisableIsSettledByTheLookup(status: Int) async throws {
        func server(holding users: String) -> ScriptedHTTPClient {
            Self.server { request, _ in
                request.method == .get ? .json(200, #"{"users":[\#(users)]}"#) : .json(status, #"{"message":"User id-9 is unknown or locked"}"#)
            }
        }
        let gone = server(holding: "")
        let done = try await connector(gone).apply([Fixtures.action(.disable, "old", vendorId: "id-9", Self.fields("old"))])
        #expect(done.map(\.result) == [.applied(vendorId: "id-9")])
        #expect(gone.requests.map(\.method).filter { $0 != .post } == [.put, .get])

        let kept = try await connector(server(holding: #"{"id":"ID-9","username":"old"}"#))
            .apply([Fixtures.action(.disable, "old", vendorId: "id-9", Self.fields("old"))])
        #expect(kept.first?.result.isRejected == true && kept.first?.result.reason?.contains("locked") == true, "\(kept)")
    }

    @Test func bisectsARefusedBatchToRejectOnlyTheBadUser() async throws {
        let client = Self.server { request, _ in
            if request.bodyText.contains("\"bad\"") { return .json(422, #"{"message":"invalid role for bad"}"#) }
            let names = ((request.json as? [String: Any])?["users"] as? [[String: Any]] ?? []).compactMap { $0["username"] as? String }
            let echoed = names.map { #"{"id":"id-\#($0)","username":"\#($0)"}"# }.joined(separator: ",")
            return .json(201, #"{"users":[\#(echoed)]}"#)
        }
        let outcomes = Fixtures.byName(try await connector(client).apply(["a", "bad", "c"].map {
            Fixtures.action(.create, $0, Self.fields($0))
        }))
        #expect(outcomes["a"] == .applied(vendorId: "id-a"))
        #expect(outcomes["c"] == .applied(vendorId: "id-c"))
        #expect(outcomes["bad"]?.isRejected == true)
        #expect(outcomes["bad"]?.reason?.contains("invalid role") == true)
    }

    @Test func closeReleasesTheToken() async throws {
        let client = Self.server { _, _ in .json(200) }
        let aria = try connector(client)
        try await aria.open()
        await aria.close()
        #expect(client.requests.last?.target == "/suite-api/api/auth/token/release")
        #expect(client.requests.last?.headers["Authorization"] == "OpsToken tok-1")
    }

    /// Which status a re-import with a vanished id gets is not documented: whatever refusal it is,
    /// a lookup that no longer finds the user name proves the id gone, and he is imported anew.
    @Test(arguments: [404, 400, 422])
    func aReimportWhoseStoredIdIsGoneIsImportedAnew(status: Int) async throws {
        let client = Self.server { request, _ in
            if request.method == .get { return .json(200, #"{"users":[]}"#) }
            return request.bodyText.contains("id-deleted")
                ? .json(status, #"{"message":"User with id id-deleted does not exist."}"#)
                : .json(201, #"{"users":[{"id":"id-fresh","username":"back"}]}"#)
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.reimport, "back", vendorId: "id-deleted", Self.fields("back"))])
        #expect(outcomes.map(\.result) == [.applied(vendorId: "id-fresh")])
        #expect(client.requests.filter { $0.target == Self.importPath }.count == 2)
    }

    @Test func aRefusedReimportOfAUserStillHeldKeepsItsRefusalOrNamesTheAccountHeldNow() async throws {
        for held in ["id-1", "id-2"] {
            let client = Self.server { request, _ in
                request.method == .get
                    ? .json(200, #"{"users":[{"id":"\#(held)","username":"kept"}]}"#)
                    : .json(400, #"{"message":"roleNames: unknown role Boss"}"#)
            }
            let outcome = try #require(try await connector(client).apply([
                Fixtures.action(.reimport, "kept", vendorId: "id-1", Self.fields("kept")),
            ]).first)
            if held == "id-1" {
                #expect(outcome.result.isRejected && outcome.result.reason?.contains("unknown role Boss") == true, "\(outcome)")
            } else {
                guard case .exists(let id, _) = outcome.result else {
                    Issue.record("a user held under another id is reported as existing there: \(outcome)")
                    continue
                }
                #expect(id == "id-2")
            }
            #expect(client.requests.filter { $0.target == Self.importPath }.count == 1, "nothing is created while the user is held")
        }
    }
}
