import Foundation
import HTTPTransport

/// An HTTP client that hands every exchange to an ``HTTPExchangeLog`` and otherwise changes nothing.
struct RecordingHTTPClient: HTTPClient {
    let client: any HTTPClient
    let log: HTTPExchangeLog

    func execute(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let path = URLComponents(string: request.url)?.path ?? ""
        do {
            let response = try await client.execute(request)
            log.record(HTTPExchange(
                method: request.method.rawValue, path: path, status: response.status, failure: nil, body: response.body))
            return response
        } catch {
            log.record(HTTPExchange(
                method: request.method.rawValue, path: path, status: nil, failure: "\(error.code)", body: Data()))
            throw error
        }
    }
}
