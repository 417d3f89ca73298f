import DirBridgeCore
import Foundation

/// `store:`: the embedded SQLite file (`path:`, the default), or a PostgreSQL database (`url:`)
/// that several daemons share, one of them syncing at a time.
package struct StoreConfiguration: Sendable, Hashable, Decodable {
    package enum Backend: Sendable, Hashable {
        /// SQLite file; relative paths are resolved against the config file's folder.
        case sqlite(path: String)
        case postgres(PostgresStoreConfiguration)
    }

    package var backend: Backend

    static let defaultPath = "dirbridge.sqlite"

    package init(backend: Backend = .sqlite(path: StoreConfiguration.defaultPath)) {
        self.backend = backend
    }

    /// Where the store is, as messages, the run history and reviewed plans name it: the file's
    /// path, or the database's URL (which never carries the password).
    package var location: String {
        switch backend {
        case .sqlite(let path): path
        case .postgres(let postgres): postgres.url
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        try container.rejectUnknownKeys(allowed: ["path", "url", "password_env", "password_file", "tls", "ca_file"])
        guard container.contains(AnyCodingKey("url")) else {
            for key in ["password_env", "password_file", "tls", "ca_file"] where container.contains(AnyCodingKey(key)) {
                throw DecodingError.dataCorruptedError(
                    forKey: AnyCodingKey(key), in: container, debugDescription: "\(key) is for a PostgreSQL store (store.url)")
            }
            backend = .sqlite(path: try container.decodeIfPresent(String.self, forKey: AnyCodingKey("path")) ?? Self.defaultPath)
            return
        }
        if container.contains(AnyCodingKey("path")) {
            throw DecodingError.dataCorruptedError(
                forKey: AnyCodingKey("path"), in: container,
                debugDescription: "set either path (SQLite file) or url (PostgreSQL), not both")
        }
        backend = .postgres(try PostgresStoreConfiguration(from: container))
    }
}

/// `store: { url: postgres://user@host:port/database, password_env: …, tls: … }`.
package struct PostgresStoreConfiguration: Sendable, Hashable {
    package enum TLS: String, Sendable, Hashable, CaseIterable {
        /// Plain TCP: the password and the data cross the network in clear text.
        case disable
        /// TLS, the server's certificate and host name verified.
        case require
    }

    package var host: String
    package var port: Int
    package var username: String
    package var database: String
    package var password: SecretReference?
    /// Defaults to `require`, except for a server on this host (loopback) where it defaults to `disable`.
    package var tls: TLS
    /// PEM CA bundle for the server's certificate; the system's roots when absent.
    package var caFile: String?

    /// `postgres://user@host:port/database`, never with a password.
    package var url: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(username)@\(bracketed):\(port)/\(database)"
    }

    init(from container: KeyedDecodingContainer<AnyCodingKey>) throws {
        let urlKey = AnyCodingKey("url")
        let text = try container.decode(String.self, forKey: urlKey)
        func invalid(_ reason: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: urlKey, in: container, debugDescription: reason)
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw invalid("store.url must be postgres://user@host:port/database")
        }
        // The message never repeats the URL: it would print the password it refuses.
        if components.password != nil {
            throw invalid(
                "store.url carries a password; remove it from the URL and set store.password_env or store.password_file")
        }
        guard let user = components.user, !user.isEmpty else { throw invalid("store.url names no user (postgres://user@host/database)") }
        guard let host = components.host, !host.isEmpty else { throw invalid("store.url names no host") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw invalid("store.url names no database (postgres://user@host:port/database)")
        }
        if components.query != nil {
            throw invalid("store.url takes no query parameters; set TLS with store.tls and store.ca_file")
        }
        self.host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        port = components.port ?? 5432
        username = user.removingPercentEncoding ?? user
        self.database = database.removingPercentEncoding ?? database
        password = try SecretReference.decode("password", from: container, makeKey: AnyCodingKey.init(stringValue:))
        if let mode = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("tls")) {
            guard let known = TLS(rawValue: mode) else {
                throw DecodingError.dataCorruptedError(
                    forKey: AnyCodingKey("tls"), in: container,
                    debugDescription: "tls must be one of \(TLS.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            tls = known
        } else {
            tls = InsecureTransport.isLoopback(host: self.host) ? .disable : .require
        }
        caFile = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("ca_file"))
    }
}
