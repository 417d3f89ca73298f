import Foundation
import HTTPTransport
import Synchronization

/// In-memory ``HTTPClient`` for the pure request/response logic: records every request and
/// answers from a script. Real-socket behaviour is covered by the tests in `Sockets/`.
final class ScriptedHTTPClient: HTTPClient {
    typealias Script = @Sendable (_ request: HTTPRequest, _ index: Int) -> Result<HTTPResponse, HTTPClientError>

    private let script: Script
    private let sent = Mutex<[HTTPRequest]>([])

    init(_ script: @escaping Script) {
        self.script = script
    }

    var requests: [HTTPRequest] { sent.withLock { $0 } }

    func execute(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let index = sent.withLock { sent in
            sent.append(request)
            return sent.count - 1
        }
        return try script(request, index).get()
    }
}

extension HTTPResponse {
    static func json(_ status: Int, _ body: String = "", headers: HTTPHeaders = [:]) -> HTTPResponse {
        var headers = headers
        if !body.isEmpty { headers.add(name: "Content-Type", value: "application/json") }
        return HTTPResponse(status: status, headers: headers, body: Data(body.utf8))
    }
}

extension HTTPRequest {
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The path and query after the base URL used by the fixtures.
    var target: String { url.replacingOccurrences(of: Fixtures.baseURL, with: "") }

    /// The body parsed as JSON, for assertions on parts of it.
    var json: Any? { try? JSONSerialization.jsonObject(with: body) }
}

extension HTTPClientError {
    static func failure(_ code: Code) -> HTTPClientError {
        HTTPClientError(code: code, request: "test", message: "scripted \(code)")
    }
}
