#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a plain TCP connection to an LDAP URL's host and port succeeds. libldap (GnuTLS
/// build) reports a failed ldaps handshake exactly like an unreachable server; if TCP gets
/// through, the failure was TLS, and the error can say so.
enum TCPProbe {
    static func isReachable(url: String, timeoutSeconds: Double) -> Bool {
        guard let (host, port) = hostAndPort(url) else { return false }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &results) == 0, let first = results else { return false }
        defer { freeaddrinfo(results) }
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            if connects(address.pointee, timeoutSeconds: timeoutSeconds) { return true }
            candidate = address.pointee.ai_next
        }
        return false
    }

    /// Host and port of `ldap[s]://host[:port][/…]`, defaulting to 389 / 636.
    static func hostAndPort(_ url: String) -> (String, Int)? {
        let lower = url.lowercased()
        let secure = lower.hasPrefix("ldaps://")
        guard secure || lower.hasPrefix("ldap://") else { return nil }
        let rest = url.dropFirst(secure ? 8 : 7)
        let authority = rest.prefix { $0 != "/" }
        var host = Substring(authority), port = secure ? 636 : 389
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = authority[authority.index(after: authority.startIndex)..<close]
            let tail = authority[authority.index(after: close)...]
            if tail.hasPrefix(":") { port = Int(tail.dropFirst()) ?? port }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = Int(authority[authority.index(after: colon)...]) ?? port
        }
        return host.isEmpty ? nil : (String(host), port)
    }

    private static func connects(_ address: addrinfo, timeoutSeconds: Double) -> Bool {
        let fd = socket(address.ai_family, address.ai_socktype, address.ai_protocol)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        if connect(fd, address.ai_addr, address.ai_addrlen) == 0 { return true }
        guard errno == EINPROGRESS else { return false }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&poller, 1, Int32(timeoutSeconds * 1000)) == 1 else { return false }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        return error == 0
    }
}
