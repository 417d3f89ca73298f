import Foundation
import Logging
import Testing
@testable import HTTPTransport

/// The loop's hand-over of one request, against a real HTTP server process on 127.0.0.1.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct TransferLoopTests {
    private func send(_ request: HTTPRequest, ticket: TransferTicket, through loop: TransferLoop) async throws
        -> Result<HTTPResponse, HTTPClientError>
    {
        let headerLines = try Transfer.headerLines(for: request)
        return await withCheckedContinuation { continuation in
            loop.submit(Transfer(ticket: ticket, request: request, headerLines: headerLines, maxBodyBytes: 1 << 20,
                                 continuation: continuation))
        }
    }

    private func slowRequestsSeen(_ server: TestHTTPServer, through loop: TransferLoop) async throws -> String {
        let answer = try await send(HTTPRequest(url: server.url("/slow-started")), ticket: loop.register(), through: loop).get()
        return String(decoding: answer.body, as: UTF8.self)
    }

    @Test("a cancellation that comes before the submission is kept: the request is answered cancelled, never sent")
    func cancellationBeforeSubmission() async throws {
        let server = try TestHTTPServer()
        let loop = try TransferLoop(settings: HTTPClientSettings(proxy: .none), logger: Logger(label: "test.transfer-loop"))
        let ticket = loop.register()
        loop.cancel(ticket)
        let result = try await send(HTTPRequest(url: server.url("/slow/0")), ticket: ticket, through: loop)
        guard case .failure(let error) = result else {
            Issue.record("expected a cancellation, got \(result)")
            return
        }
        #expect(error.code == .cancelled)
        #expect(try await slowRequestsSeen(server, through: loop) == "0")
        await loop.shutdown()
    }

    @Test("a cancellation after the answer changes nothing, and the loop goes on")
    func cancellationAfterTheAnswer() async throws {
        let server = try TestHTTPServer()
        let loop = try TransferLoop(settings: HTTPClientSettings(proxy: .none), logger: Logger(label: "test.transfer-loop"))
        let ticket = loop.register()
        let answered = try await send(HTTPRequest(url: server.url("/slow/0")), ticket: ticket, through: loop).get()
        #expect(answered.status == 200)
        #expect(ticket.current == .finished)
        loop.cancel(ticket)
        #expect(ticket.current == .finished)
        #expect(try await slowRequestsSeen(server, through: loop) == "1")
        await loop.shutdown()
    }
}
