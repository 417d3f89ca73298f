import DirBridgeCore
import PostgresNIO
import SnapshotStore

/// Where the PostgreSQL store lives and how to reach it. The password is held apart from
/// everything that is printed: ``description`` (used in every error and log line) never has it.
package struct PostgresEndpoint: Sendable, CustomStringConvertible {
    package enum TLSMode: String, Sendable, Hashable {
        /// Plain TCP: only for a server on this host or a trusted private network.
        case disable
        /// TLS with the server's certificate and host name verified (against `caFile` or the system roots).
        case require
    }

    package var host: String
    package var port: Int
    package var username: String
    package var database: String
    package var password: Secret?
    package var tls: TLSMode
    /// PEM file of the CA that signed the server's certificate; the system roots when nil.
    package var caFile: String?

    package init(
        host: String, port: Int, username: String, database: String, password: Secret?, tls: TLSMode, caFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.database = database
        self.password = password
        self.tls = tls
        self.caFile = caFile
    }

    /// `postgres://user@host:port/database`: what error messages name as the store's "path".
    package var description: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(username)@\(bracketed):\(port)/\(database)"
    }

    /// For the store's connection pool.
    func clientConfiguration() throws(SnapshotStoreError) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password?.revealed, database: database,
            tls: tls == .require ? .require(tlsConfiguration) : .disable)
        configuration.options.additionalStartupParameters = [("application_name", "dirbridge")]
        return configuration
    }

    /// For a session of its own, outside the pool (the run lock's, the schema check's);
    /// `purpose` names it in `pg_stat_activity`.
    func connectionConfiguration(purpose: String) throws(SnapshotStoreError) -> PostgresConnection.Configuration {
        let mode: PostgresConnection.Configuration.TLS
        switch tls {
        case .disable:
            mode = .disable
        case .require:
            do {
                mode = .require(try NIOSSLContext(configuration: tlsConfiguration))
            } catch {
                throw SnapshotStoreError(code: .cannotOpen, path: description, message: "setting up TLS: \(error)")
            }
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password?.revealed, database: database, tls: mode)
        configuration.options.additionalStartupParameters = [("application_name", "dirbridge \(purpose)")]
        return configuration
    }

    /// Full verification (chain and host name) is NIOSSL's client default; only the roots change.
    private var tlsConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile { configuration.trustRoots = .file(caFile) }
        return configuration
    }
}
