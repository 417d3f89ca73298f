import Logging

/// ``HTTPClient`` over libcurl's multi interface: one background thread per client, a bounded
/// set of keep-alive connections reused across requests, and no thread per request.
/// Build one per process (or per set of settings) and call ``shutdown()`` when done.
///
/// ```swift
/// let client = try CurlHTTPClient(settings: HTTPClientSettings(maxConnections: 8), logger: logger)
/// let response = try await client.execute(HTTPRequest(
///     method: .post, url: "https://vendor.example/api/users",
///     headers: ["Content-Type": "application/json", "Authorization": "Bearer \(token)"],
///     body: try JSONEncoder().encode(user)))
/// if response.status == 429, let wait = response.retryAfter() { … }
/// await client.shutdown()
/// ```
package final class CurlHTTPClient: HTTPClient {
    private let loop: TransferLoop
    private let settings: HTTPClientSettings

    /// - Throws: ``HTTPClientError`` with code `transport` when libcurl cannot be initialised.
    package init(settings: HTTPClientSettings = HTTPClientSettings(), logger: Logger) throws(HTTPClientError) {
        self.settings = settings
        do {
            loop = try TransferLoop(settings: settings, logger: logger)
        } catch {
            throw HTTPClientError(code: .transport, request: "client setup",
                                  message: "\(error.operation): \(error.message)", curlCode: error.code)
        }
    }

    deinit {
        loop.beginShutdown()
    }

    package func execute(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let headerLines = try Transfer.headerLines(for: request)
        let ticket = loop.register()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                loop.submit(Transfer(ticket: ticket, request: request, headerLines: headerLines,
                                     maxBodyBytes: settings.maxResponseBodyBytes, continuation: continuation))
            }
        } onCancel: {
            loop.cancel(ticket)
        }
        return try result.get()
    }

    /// Refuses new requests, waits for those already submitted, then stops the transfer thread.
    package func shutdown() async {
        await loop.shutdown()
    }
}
