import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP server on 127.0.0.1 that never says a word. Silent, it leaves the connections in the
/// kernel's backlog (completed, never answered) until stopped, which resets them; `closing`
/// accepts each connection and closes it at once, counting them.
final class LoopbackListener: Sendable {
    let descriptor: Int32
    let port: Int
    private let open = Mutex(true)
    private let accepted = AcceptCount()

    private final class AcceptCount: Sendable {
        let value = Mutex(0)
    }

    init(closing: Bool = false) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && listen(descriptor, 8) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        try #require(descriptor >= 0 && bound, "listening socket: errno \(errno)")
        port = Int(UInt16(bigEndian: address.sin_port))
        if closing {
            // accept(2) returns an error once the listening socket is closed, which ends the loop.
            let count = accepted
            Thread.detachNewThread {
                while true {
                    let connection = accept(descriptor, nil, nil)
                    guard connection >= 0 else { return }
                    count.value.withLock { $0 += 1 }
                    _ = close(connection)
                }
            }
        }
    }

    /// Connections accepted so far (`closing` only).
    var acceptedConnections: Int { accepted.value.withLock { $0 } }

    func stop() {
        guard open.withLock({ wasOpen in defer { wasOpen = false }; return wasOpen }) else { return }
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
        _ = close(descriptor)
    }

    deinit { stop() }
}
