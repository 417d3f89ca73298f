internal import CLDAP
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bounds the opening of a connection (TCP, the ldaps handshake, StartTLS) by the connect timeout.
///
/// libldap bounds the TCP connect by `LDAP_OPT_NETWORK_TIMEOUT`, but not the TLS handshake:
/// against a server that accepts the connection and never answers, `ldap_connect` spins until the
/// server closes it (measured with libldap 2.5 on GnuTLS: the server's whole 40 s, a core busy), so
/// an unattended sync would hang. A connection callback hands over the socket as soon as it is
/// connected; past the deadline the socket is shut down, which ends the handshake with an error.
final class HandshakeWatchdog: @unchecked Sendable {
    // @unchecked: `callbacks` is written once in init and read by libldap; `state` is a Mutex.
    private struct State {
        /// The connected socket, from libldap's add callback until its delete callback.
        var socket: Int32?
        var guarding = true
        var fired = false
    }

    private let state = Mutex(State())
    private let seconds: Double
    private let callbacks: UnsafeMutablePointer<ldap_conncb>

    init(seconds: Double) {
        self.seconds = seconds
        callbacks = .allocate(capacity: 1)
        callbacks.initialize(to: ldap_conncb(lc_add: { _, sockbuf, _, _, context in
            var socket: Int32 = -1
            guard let context, ber_sockbuf_ctrl(sockbuf, LBER_SB_OPT_GET_FD, &socket) == 1, socket >= 0 else { return 0 }
            Unmanaged<HandshakeWatchdog>.fromOpaque(context.pointee.lc_arg).takeUnretainedValue().state.withLock { $0.socket = socket }
            return 0
        }, lc_del: { _, _, context in
            guard let context else { return }
            Unmanaged<HandshakeWatchdog>.fromOpaque(context.pointee.lc_arg).takeUnretainedValue().state.withLock { $0.socket = nil }
        }, lc_arg: nil))
        callbacks.pointee.lc_arg = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        callbacks.deinitialize(count: 1)
        callbacks.deallocate()
    }

    /// Runs `open` (which connects `handle`) with the deadline armed. Throws a timeout when the
    /// deadline passed, whatever `open` returned, since the socket may have been shut down.
    func guarding<T>(_ handle: OpaquePointer, url: String, _ open: () throws -> T) throws -> T {
        guard ldap_set_option(handle, LDAP_OPT_CONNECT_CB, callbacks) == LDAP_OPT_SUCCESS else {
            // Without the callback, the connect runs as libldap alone bounds it.
            return try open()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            state.withLock { state in
                guard state.guarding, let socket = state.socket else { return }
                // shutdown, not close: libldap still owns the descriptor and closes it itself.
                _ = shutdown(socket, Int32(SHUT_RDWR))
                state.fired = true
            }
        }
        let result = Result { try open() }
        let fired = state.withLock { state in
            state.guarding = false
            return state.fired
        }
        // Getting the option removes the callback, so libldap keeps no pointer into this object.
        _ = ldap_get_option(handle, LDAP_OPT_CONNECT_CB, callbacks)
        if fired {
            let limit = seconds == seconds.rounded() ? "\(Int(seconds))" : "\(seconds)"
            throw LDAPError(.timeout, operation: "connect to \(url)",
                            context: "the server accepted the TCP connection but the TLS negotiation did not finish within "
                                + "\(limit) s (timeouts.connect_seconds)")
        }
        return try result.get()
    }
}
