import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A deliberately small HTTP/1.1 client over a blocking socket: it sends exactly the headers a
/// test gives (URLSession would add a Content-Type to every body, hiding the "no Content-Type"
/// cases) and reports a connection closed without a response as `nil`.
enum RawHTTPClient {
    struct Failure: Error, CustomStringConvertible {
        var operation: String
        var code: Int32
        var description: String { "\(operation) failed: errno \(code)" }
    }

    /// One request on a fresh connection (`Connection: close`). Runs on its own thread so the
    /// blocking calls never occupy the cooperative pool the in-process server also runs on.
    static func send(port: Int, request: Data) async throws -> HTTPTestResponse? {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try exchange(port: port, request: request) })
            }.start()
        }
    }

    private static func exchange(port: Int, request: Data) throws -> HTTPTestResponse? {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(operation: "socket", code: errno) }
        defer { close(fd) }
        // Generous: other suites in the same process briefly block cooperative threads (child
        // processes), and the in-process server needs one to answer. Tests stay time-limited.
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(operation: "connect", code: errno) }
        try request.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                guard written > 0 else { throw Failure(operation: "write", code: errno) }
                offset += written
            }
        }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count == 0 { break }
            if count < 0 {
                // A reset instead of an orderly close still means "no response".
                if errno == ECONNRESET { break }
                throw Failure(operation: "read", code: errno)
            }
            received.append(contentsOf: buffer[0..<count])
        }
        return received.isEmpty ? nil : try HTTPTestResponse(parsing: received)
    }
}

/// A parsed response: status, lower-cased header names, body.
struct HTTPTestResponse {
    var status: Int
    var headers: [String: String]
    var body: Data

    struct Malformed: Error {}

    init(parsing data: Data) throws {
        guard let split = data.range(of: Data("\r\n\r\n".utf8)) else { throw Malformed() }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Malformed() }
        self.status = status
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        self.headers = headers
        body = Data(data[split.upperBound...])
    }
}
