@testable import Connectors
import DirBridgeCore
import Foundation
import HTTPTransport
import Testing

@Suite struct FormsOnFireConnectorTests {
    static let options = FormsOnFireSettings(providerId: Secret("42"), integrationKey: Secret("ik-secret"))

    func connector(_ client: ScriptedHTTPClient, deprovision: DeprovisionPolicy = .delete) throws -> any ImportConnector {
        try Fixtures.connector(Fixtures.settings(.formsOnFire(Self.options), deprovision: deprovision), client)
    }

    static let fields: [String: FieldValue] = ["Email": .string("jane@example.com"), "FirstName": .string("Jane")]

    @Test func createsWithCredentialsInTheBodyAndStoresTheId() async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200, #"{"SUser":{"Id":"guid-1","Status":"Invited"}}"#)) }
        let outcomes = try await connector(client).apply([Fixtures.action(.create, "jane", Self.fields)])
        #expect(outcomes.map(\.result) == [.applied(vendorId: "guid-1")])
        let request = try #require(client.requests.first)
        #expect(request.method == .post && request.target == "/api/v1/suser?format=json")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["Authorization"] == nil)
        #expect(request.bodyText == #"{"Email":"jane@example.com","FirstName":"Jane","IntegrationKey":"ik-secret","ProviderId":42}"#)
    }

    @Test func anErrorInResponseStatusOn200RejectsNamingTheFieldWithoutLeakingTheKey() async throws {
        let client = ScriptedHTTPClient { request, _ in
            // The refused create is looked up first: nobody holds the address.
            request.method == .get ? .success(.json(200, #"{"SUsers":[]}"#)) : .success(.json(200, #"{"SUser":{"Id":"00000000-0000-0000-0000-000000000000"},"ResponseStatus":{"ErrorCode":"ValidationError","Message":"bad","Errors":[{"ErrorCode":"Invalid","FieldName":"Email","Message":"Email in use (key ik-secret)"}]}}"#))
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.create, "jane", Self.fields)])
        guard case .rejected(let field, let reason) = outcomes.first?.result else {
            Issue.record("expected rejected, got \(outcomes)")
            return
        }
        #expect(field == "Email")
        #expect(reason.contains("uid=jane") && reason.contains("Email in use"))
        #expect(!reason.contains("ik-secret"))
    }

    @Test func updatesWithPutByIdAndRecreatesAUserTheVendorNoLongerHas() async throws {
        let client = ScriptedHTTPClient { request, _ in
            request.method == .put ? .success(.json(404, #"{"ResponseStatus":{"ErrorCode":"NotFound","Message":"no user"}}"#))
                : .success(.json(200, #"{"SUser":{"Id":"guid-2","Status":"Invited"}}"#))
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.reimport, "jane", vendorId: "guid-1", Self.fields)])
        #expect(outcomes.map(\.result) == [.applied(vendorId: "guid-2")])
        #expect(client.requests.map(\.method) == [.put, .post])
        #expect(client.requests[0].bodyText.contains(#""Id":"guid-1""#))
    }

    @Test func deletesWithKeyProviderAndIdInBodyAndQuery() async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200, #"{"SUser":{"Id":"guid-1","Status":"Deleted"}}"#)) }
        let outcomes = try await connector(client).apply([Fixtures.action(.disable, "jane", vendorId: "guid-1", Self.fields)])
        #expect(outcomes.map(\.result) == [.applied(vendorId: "guid-1")])
        #expect(client.requests.first?.method == .delete)
        #expect(client.requests.first?.bodyText == #"{"Id":"guid-1","IntegrationKey":"ik-secret","ProviderId":42}"#)
        #expect(client.requests.first?.target == "/api/v1/suser?format=json&ProviderId=42&IntegrationKey=ik-secret&Id=guid-1")
    }

    @Test func aDeleteAnsweredNotFoundIsDoneOnlyWhenTheUserIsReallyGone() async throws {
        let client = ScriptedHTTPClient { request, _ in
            request.method == .get
                ? .success(.json(200, #"[{"Id":"guid-1","Email":"jane@example.com"}]"#))
                : .success(.json(200, #"{"ResponseStatus":{"ErrorCode":"NotFound","Message":"no such user"}}"#))
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.disable, "jane", vendorId: "guid-1", Self.fields)])
        #expect(outcomes.first?.result.isFailed == true)
        #expect(outcomes.first?.result.reason?.contains("delete_parameters") == true)
    }

    /// Only the POST answer is documented: a delete's 2xx that does not name the user is settled
    /// by a lookup, never taken as the leaver's removal.
    @Test(arguments: [("", false), ("{}", false), ("", true), (#"{"SUser":{"Id":"guid-9"}}"#, true)])
    func aDeleteAnsweredWithoutTheUserIsDoneOnlyWhenTheLookupNoLongerFindsHim(body: String, stillThere: Bool) async throws {
        let client = ScriptedHTTPClient { request, _ in
            guard request.method == .get else { return .success(.json(200, body)) }
            return .success(.json(200, stillThere ? #"{"SUsers":[{"Id":"GUID-1","Email":"jane@example.com"}]}"# : #"{"SUsers":[]}"#))
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.disable, "jane", vendorId: "guid-1", Self.fields)])
        #expect(client.requests.map(\.method) == [.delete, .get])
        if stillThere {
            #expect(outcomes.first?.result.isFailed == true, "\(outcomes)")
            #expect(outcomes.first?.result.reason?.contains("answered without the deleted user, yet user guid-1 still exists") == true)
        } else {
            #expect(outcomes.map(\.result) == [.applied(vendorId: "guid-1")])
        }
    }

    @Test func anUpdateAnsweredWithAnyErrorFreeAPIAnswerIsApplied() async throws {
        // Only the POST answer is documented: a PUT's 2xx without an error counts, in any JSON shape or none.
        for body in ["", "{}", #"{"SUser":{"Id":"guid-1","Status":"Active"}}"#] {
            let client = ScriptedHTTPClient { _, _ in .success(.json(200, body)) }
            let outcomes = try await connector(client).apply([Fixtures.action(.update, "jane", vendorId: "guid-1", Self.fields)])
            #expect(outcomes.map(\.result) == [.applied(vendorId: "guid-1")], "body \(body)")
        }
    }

    @Test func anEmptyOrWebPageAnswerToACreateProvesNothing() async throws {
        for body in ["", "<!DOCTYPE html><html><body>Down for maintenance</body></html>"] {
            let client = ScriptedHTTPClient { _, _ in .success(.json(200, body)) }
            let outcomes = try await connector(client).apply([Fixtures.action(.create, "jane", Self.fields)])
            #expect(outcomes.first?.result.isUnknown == true, "body \(body.prefix(20)): \(outcomes)")
        }
    }

    @Test func looksUpByEmailWithCredentialsInTheQuery() async throws {
        let client = ScriptedHTTPClient { _, _ in
            .success(.json(200, #"{"SUsers":[{"Id":"guid-7","Email":"Jane@Example.com"}]}"#))
        }
        let found = try await connector(client).lookup(naturalKeyOf: TargetPayload(Self.fields))
        #expect(found == .found(vendorId: "guid-7"))
        #expect(client.requests.first?.target
            == "/api/v1/suser?format=json&ProviderId=42&IntegrationKey=ik-secret&email=jane%40example.com")
        #expect(!"\(client.requests[0])".contains("ik-secret"))
    }

    /// The search answer is not in the seed: a list of the matches, `{}` or `{"SUsers":[]}` for
    /// none. An object of another shape is not taken for "nobody" (a leaver's delete that was
    /// answered NotFound is confirmed by this search).
    @Test(arguments: [
        (#"{"SUsers":[]}"#, true), ("{}", true), ("[]", true), (#"{"SUsers":null,"ResponseStatus":{}}"#, true),
        (#"{"Results":[{"Id":"guid-7","Email":"jane@example.com"}],"Total":1}"#, false),
    ])
    func aSearchAnswerIsNobodyOnlyInAShapeThatSaysSo(body: String, nobody: Bool) async throws {
        let client = ScriptedHTTPClient { _, _ in .success(.json(200, body)) }
        let lookup = try connector(client)
        if nobody {
            #expect(try await lookup.lookup(naturalKeyOf: TargetPayload(Self.fields)) == .notFound)
        } else {
            await #expect(throws: ConnectorError.self) { try await lookup.lookup(naturalKeyOf: TargetPayload(Self.fields)) }
        }
    }

    @Test func aRefusedCreateWhoseAddressExistsIsReportedAsExisting() async throws {
        let client = ScriptedHTTPClient { request, _ in
            switch request.method {
            case .post: .success(.json(200, #"{"ResponseStatus":{"ErrorCode":"DuplicateEmail","Message":"exists","Errors":[{"ErrorCode":"DuplicateEmail","FieldName":"Email","Message":"in use"}]}}"#))
            case .get: .success(.json(200, #"{"SUsers":[{"Id":"guid-old","Email":"jane@example.com"}]}"#))
            default: .success(.json(200, #"{"SUser":{"Id":"guid-old","Status":"Active"}}"#))
            }
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.create, "jane", Self.fields)])
        #expect(outcomes.first?.result.existingId == "guid-old")
        #expect(client.requests.map(\.method) == [.post, .get])
    }

    @Test func refusedCredentialsOn200FailTheRunNotTheUser() async throws {
        let client = ScriptedHTTPClient { _, _ in
            .success(.json(200, #"{"ResponseStatus":{"ErrorCode":"Unauthorized","Message":"Invalid ProviderId or IntegrationKey.","Errors":[]}}"#))
        }
        let outcomes = try await connector(client).apply([Fixtures.action(.create, "jane", Self.fields)])
        #expect(outcomes.first?.result.isTargetRefusal == true)
        #expect(outcomes.first?.result.reason?.contains("credentials") == true)
    }
}
