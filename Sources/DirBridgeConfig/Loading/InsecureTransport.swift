import Foundation

/// A credential the configuration lets cross the wire in clear text, by the administrator's
/// explicit opt-in (`source.allow_insecure_bind`, a target's `allow_insecure_http`). The CLI
/// restates each one on every run and `check` lists them, so an opt-in is never forgotten.
package struct InsecureTransport: Sendable, Hashable, CustomStringConvertible {
    package enum Kind: Sendable, Hashable {
        /// A simple bind to `ldap://` without StartTLS.
        case directoryBind
        /// A target's credentials to an `http://` base URL.
        case targetHTTP(target: String)
        /// The PostgreSQL store's password over a connection without TLS (`store.tls: disable`).
        case storeConnection
    }

    package var kind: Kind
    /// The opt-in key, e.g. `source.allow_insecure_bind` or `targets[2].allow_insecure_http`.
    package var key: String
    package var url: String
    /// The endpoint is this host (127.0.0.0/8, ::1, localhost): the clear text never reaches a
    /// network, as with the demo or an SSH tunnel, so it is worth a note rather than an alarm.
    package var isLoopback: Bool

    init(_ kind: Kind, key: String, url: String) {
        self.kind = kind
        self.key = key
        self.url = url
        isLoopback = Self.isLoopback(host: URL(string: url)?.host)
    }

    /// What sends the credential, as `check` names it.
    package var subject: String {
        switch kind {
        case .directoryBind: "directory"
        case .targetHTTP(let target): "target \(target)"
        case .storeConnection: "store"
        }
    }

    package var description: String {
        let what =
            switch kind {
            case .directoryBind: "the bind password is"
            case .targetHTTP: "the credentials are"
            case .storeConnection: "the store password is"
            }
        return "\(key) is set: \(what) sent to \(url) in clear text"
            + (isLoopback ? " (to this host only)" : " over the network")
    }

    static func isLoopback(host: String?) -> Bool {
        guard let host = host?.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]")) else { return false }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv4Loopback = octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        return host == "localhost" || host == "::1" || isIPv4Loopback
    }
}

extension LoadedConfiguration {
    /// The clear-text opt-ins in effect: set, and needed by the URL they allow (an opt-in next
    /// to `ldaps://` or `https://` changes nothing and is not reported).
    package var insecureTransports: [InsecureTransport] {
        var found: [InsecureTransport] = []
        let source = configuration.source
        if source.allowInsecureBind, source.sendsBindPasswordInClearText {
            found.append(InsecureTransport(.directoryBind, key: "source.allow_insecure_bind", url: source.url))
        }
        for (index, target) in configuration.targets.enumerated() where target.allowInsecureHTTP && target.sendsCredentialsInClearText {
            found.append(InsecureTransport(.targetHTTP(target: target.name), key: "targets[\(index)].allow_insecure_http", url: target.baseURL))
        }
        if case .postgres(let store) = configuration.store.backend, store.tls == .disable, store.password != nil {
            found.append(InsecureTransport(.storeConnection, key: "store.tls", url: store.url))
        }
        return found
    }
}
