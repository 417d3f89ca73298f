import Foundation

/// One request on its way through the transfer loop: what to send, what came back so far,
/// and the continuation to resume.
final class Transfer: @unchecked Sendable {
    // @unchecked: handed over to the loop thread once, in `TransferLoop.submit`; only that
    // thread (and curl's callbacks, which run on it) touches the mutable state afterwards.

    enum BodyMode {
        case none
        case upload
    }

    typealias Continuation = CheckedContinuation<Result<HTTPResponse, HTTPClientError>, Never>

    let ticket: TransferTicket
    let request: HTTPRequest
    let bodyMode: BodyMode
    /// `Name: value` lines for curl, validated against header injection.
    let headerLines: [String]
    let continuation: Continuation
    private let maxBodyBytes: Int

    private var attempts = 0
    /// curl was about to send this request again and was stopped.
    private(set) var refusedResend = false
    private var headers = HTTPHeaders()
    private var httpVersion = "1.1"
    private var body = Data()
    private(set) var bodyTooLarge = false

    init(ticket: TransferTicket, request: HTTPRequest, headerLines: [String], maxBodyBytes: Int, continuation: Continuation) {
        self.ticket = ticket
        self.request = request
        self.headerLines = headerLines
        self.maxBodyBytes = maxBodyBytes
        self.continuation = continuation
        let sendsBody = !request.body.isEmpty || [.post, .put, .patch].contains(request.method)
        bodyMode = sendsBody ? .upload : .none
    }

    var id: UInt64 { ticket.id }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ opaque: UnsafeMutableRawPointer) -> Transfer {
        Unmanaged<Transfer>.fromOpaque(opaque).takeUnretainedValue()
    }

    func response(status: Int) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: body, httpVersion: httpVersion)
    }

    /// Returns false (abort) once the body would exceed the configured limit.
    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= maxBodyBytes else {
            bodyTooLarge = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Takes one raw header line as curl delivers it, CRLF included.
    func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        let line = UnsafeRawBufferPointer(rebasing: bytes[..<end])
        func text(_ part: Slice<UnsafeRawBufferPointer>) -> String { String(decoding: part, as: UTF8.self) }
        if ASCIIBytes.hasPrefix(line, lowercased: "http/") {
            // A new status line: an interim 1xx or a proxy's CONNECT answer came before; start over.
            headers = HTTPHeaders()
            httpVersion = text(line[5...].prefix { $0 != 0x20 })
        } else if let first = line.first, first == 0x20 || first == 0x09, headers.count > 0 {
            // Obsolete line folding (RFC 9112 §5.2): continues the previous field's value.
            headers.extendLastValue(with: text(ASCIIBytes.trimmed(line[...])))
        } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            let name = text(line[..<colon])
            let value = text(ASCIIBytes.trimmed(line[(colon + 1)...]))
            headers.add(name: name, value: value)
            if HTTPHeaders.sameName(name, "Content-Length"), body.isEmpty, let length = Int(value), length > 0 {
                body.reserveCapacity(min(length, maxBodyBytes))
            }
        }
    }

    /// Whether curl may send the request now. A second time is curl's resend after a reused
    /// connection died before any answer: refused for a non-idempotent request, so that curl
    /// fails the transfer instead of repeating a create the server may have applied.
    func beginsAttempt() -> Bool {
        attempts += 1
        guard attempts == 1 || request.isIdempotent else {
            refusedResend = true
            return false
        }
        return true
    }

    /// Header lines for curl. Rejects CR, LF and NUL anywhere and bad names, so a value coming
    /// from directory data can never smuggle a second header or request.
    static func headerLines(for request: HTTPRequest) throws(HTTPClientError) -> [String] {
        var lines: [String] = []
        lines.reserveCapacity(request.headers.count + 1)
        for field in request.headers {
            let nameIsToken = !field.name.isEmpty && field.name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
            let valueIsClean = !field.value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
            guard nameIsToken, valueIsClean else {
                throw HTTPClientError(code: .invalidRequest, request: request.description,
                                      message: "header field '\(field.name)' has a character not allowed in HTTP headers")
            }
            // curl drops "Name:" (that removes its own default header); "Name;" sends it empty.
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        // curl would otherwise wait for "100 Continue" before sending bodies over 1 MiB, a
        // round trip at best and a one-second stall with servers that never answer it.
        if !request.headers.contains(name: "Expect") { lines.append("Expect:") }
        return lines
    }
}
