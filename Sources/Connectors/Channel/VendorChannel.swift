import DirBridgeCore
import Foundation
import HTTPTransport
import Logging

/// The one way connectors talk HTTP: JSON requests under the target's base URL, sent through the
/// target's ``AdaptiveConcurrency`` window, the rate limiter and the ``RetryDecision`` machine,
/// counted, and logged without secrets.
struct VendorChannel: Sendable {
    let target: String
    let baseURL: String
    private let client: any HTTPClient
    private let retry: RetryPolicy
    private let limiter: RateLimiter?
    /// Requests in flight for the whole target, learned from the vendor's answers.
    let window: AdaptiveConcurrency
    private let timeout: Duration?
    private let jitter: @Sendable () -> Double
    private let secrets: [String]
    let counters: ConnectorCounters
    let logger: Logger

    init(settings: ConnectorSettings, client: any HTTPClient, logger: Logger, jitter: @escaping @Sendable () -> Double) {
        target = settings.target
        baseURL = settings.baseURL.hasSuffix("/") ? String(settings.baseURL.dropLast()) : settings.baseURL
        self.client = client
        retry = settings.retry
        limiter = settings.rateLimit.map(RateLimiter.init)
        window = AdaptiveConcurrency(initial: settings.concurrency, maximum: settings.maxConcurrency)
        timeout = settings.requestTimeout
        self.jitter = jitter
        secrets = settings.vendor.secrets.map(\.revealed).filter { !$0.isEmpty }
        counters = ConnectorCounters()
        var logger = logger
        logger[metadataKey: "target"] = "\(settings.target)"
        self.logger = logger
    }

    /// A JSON request to `baseURL + path` with the headers every vendor needs.
    func request(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: FieldValue? = nil,
        headers extra: HTTPHeaders = [:]
    ) -> HTTPRequest {
        var url = baseURL + (path.hasPrefix("/") ? path : "/" + path)
        if !query.isEmpty {
            url += "?" + query.map { "\(Self.percentEncoded($0.0))=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
        }
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        for field in extra { headers.replaceOrAdd(name: field.name, value: field.value) }
        return HTTPRequest(method: method, url: url, headers: headers, body: body.map(JSON.encode) ?? Data(),
                           timeout: timeout)
    }

    /// Sends `request`, retrying what ``RetryDecision`` allows, and returns the response to
    /// interpret or why there is none.
    ///
    /// - Parameter readable: for a request safe to repeat, whether a 2xx answer is one the caller
    ///   can read (a lookup's list): one that is not (an empty body, a proxy's page) is retried
    ///   like a 503 rather than taken as an answer.
    func send(
        _ request: HTTPRequest, safety: RequestSafety, readable: (@Sendable (HTTPResponse) -> Bool)? = nil
    ) async -> Result<HTTPResponse, SendFailure> {
        var request = request
        // Retries are RetryDecision's alone: the transport must not resend a create by itself.
        request.isIdempotent = safety == .idempotent
        var decision = RetryDecision(policy: retry, safety: safety)
        while true {
            if let limiter, await limiter.acquire() {
                counters.record { $0.throttled += 1 }
            }
            let isRetry = decision.attempts > 0
            counters.record {
                $0.sent += 1
                if isRetry { $0.retried += 1 }
            }
            let ticket = await window.acquire()
            let result: Result<HTTPResponse, HTTPClientError>
            do { result = .success(try await client.execute(request)) } catch { result = .failure(error) }
            window.release(ticket, Self.loadSignal(of: result))
            let attempt: RetryDecision.Attempt = switch result {
            case .success(let response)
                where safety == .idempotent && (200..<300).contains(response.status)
                    && (isWebPage(response) || readable.map { !$0(response) } == true):
                // A proxy's maintenance page or an unreadable answer: the vendor did not answer this
                // request, which is safe to repeat.
                .response(status: 503, retryAfter: nil)
            case .success(let response): .response(status: response.status, retryAfter: response.retryAfter())
            case .failure(let error): .transportFailure(code: error.code, message: redact(error.message))
            }
            if case .failure(let error) = result {
                logger.debug("Vendor request failed in transport", metadata: [
                    "request": "\(request)", "code": "\(error.code)", "detail": "\(redact(error.message))",
                ])
            }
            switch decision.next(after: attempt, jitter: jitter()) {
            case .deliver:
                // RetryDecision delivers responses only; a transport error always retries or gives up.
                return result.mapError { .notApplied(redact($0.message)) }
            case .retry(let delay):
                logger.notice("Retrying vendor request", metadata: [
                    "request": "\(request)", "attempt": "\(decision.attempts)", "after": "\(attempt.summary)",
                    "delay": "\(delay)",
                ])
                do { try await Task.sleep(for: delay) } catch {
                    return .failure(safety == .idempotent || attempt.isRefusal
                        ? .notApplied("cancelled while waiting to retry") : .ambiguous("cancelled while waiting to retry"))
                }
            case .giveUp(let failure):
                logger.warning("Vendor request gave up", metadata: [
                    "request": "\(request)", "attempts": "\(decision.attempts)", "reason": "\(failure.reason)",
                ])
                return .failure(failure)
            }
        }
    }

    /// What an answer says about the vendor's load, for the concurrency window.
    static func loadSignal(of result: Result<HTTPResponse, HTTPClientError>) -> AdaptiveConcurrency.Signal {
        switch result {
        case .success(let response) where response.status == 429 || response.status == 503:
            .overloaded(retryAfter: response.retryAfter())
        case .success: .answered
        case .failure(let error) where error.code == .timedOut: .overloaded(retryAfter: nil)
        case .failure: .neutral
        }
    }

    /// A web page rather than an API answer: what a proxy or maintenance page in front of the
    /// vendor returns, often with status 200. It never proves that anything was applied.
    func isWebPage(_ response: HTTPResponse) -> Bool {
        if let type = response.headers["Content-Type"], ASCIIBytes.contains(type, lowercased: "html") { return true }
        return response.body.prefix(64).withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            // Most answers are JSON: its first byte settles it. The generic byte helpers ran
            // unspecialized here, from another module (2.4 % of a Forms On Fire first sync).
            var first = 0
            while first < bytes.count, ASCIIBytes.isSpace(bytes[first]) { first += 1 }
            guard first < bytes.count, bytes[first] == UInt8(ascii: "<") else { return false }
            let start = bytes[first...]
            return ASCIIBytes.hasPrefix(start, lowercased: "<!doctype html") || ASCIIBytes.hasPrefix(start, lowercased: "<html")
        }
    }

    /// A 404 the vendor's API gave (no body, or JSON): only such an answer says that a user or an
    /// id does not exist. A web server's or gateway's "Not Found" page or text (a route it does
    /// not serve, a backend being deployed) says nothing about the vendor's accounts, nor does
    /// ASP.NET Web API's own answer for a route it lacks; taking either for "gone" would record a
    /// leaver as deprovisioned while he keeps access.
    func isVendorNotFound(_ response: HTTPResponse) -> Bool {
        guard response.status == 404, !isWebPage(response) else { return false }
        let body = ASCIIBytes.trimmed(response.body)
        if ASCIIBytes.contains(String(decoding: body, as: UTF8.self), lowercased: "no http resource was found") { return false }
        return body.isEmpty || (try? JSONSerialization.jsonObject(with: Data(body), options: .fragmentsAllowed)) != nil
    }

    /// `HTTP 400: <start of the body>` with any configured secret masked.
    func summary(_ response: HTTPResponse) -> String {
        let text = String(decoding: response.body.prefix(400), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "HTTP \(response.status)" : "HTTP \(response.status): \(TerminalText.singleLine(redact(text)))"
    }

    /// Masks every configured secret in text that came from a vendor or the transport.
    func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "********") }
    }

    func error(_ code: ConnectorError.Code, _ operation: String, _ message: String, status: Int? = nil) -> ConnectorError {
        ConnectorError(code: code, target: target, operation: operation, message: redact(message), status: status)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// RFC 3986 percent-encoding of everything but the unreserved characters, byte by byte:
    /// Foundation's `addingPercentEncoding` cost a single-user vendor's requests a few per cent.
    static func percentEncoded(_ text: String) -> String {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(byte)
            default:
                encoded.append(UInt8(ascii: "%"))
                encoded.append(hexDigits[Int(byte >> 4)])
                encoded.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// Percent-encodes one path segment (a vendor id placed in a URL path).
    static func pathSegment(_ text: String) -> String { percentEncoded(text) }
}

extension RetryDecision.Attempt {
    var summary: String {
        switch self {
        case .response(let status, let retryAfter): "HTTP \(status)" + (retryAfter.map { " (Retry-After \($0))" } ?? "")
        case .transportFailure(let code, _): "\(code)"
        }
    }

    /// A status that says the server did not act (so even a create may be resent).
    var isRefusal: Bool {
        if case .response(let status, let retryAfter) = self {
            return RetryPolicy.refusedBeforeEffect(status: status, retryAfter: retryAfter)
        }
        if case .transportFailure(let code, _) = self { return [.couldNotConnect, .couldNotResolve, .tls].contains(code) }
        return false
    }
}

extension Result where Failure == SendFailure {
    /// Turns a channel result into a ``ConnectorError`` for connector-wide operations.
    func orThrow(_ channel: VendorChannel, _ operation: String) throws(ConnectorError) -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let failure): throw channel.error(.transport, operation, failure.reason)
        }
    }
}
