#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A private PostgreSQL server for tests and the HA demo: its own cluster (initdb) in a temporary
/// directory, listening on 127.0.0.1 at a free port and on a Unix socket in that directory,
/// removed on `stop()`.
///
/// PostgreSQL refuses to run as root, and tests run as root in CI: there, every server binary is
/// started as the `postgres` system user through setpriv(1), which execs in place, so the child
/// we signal is the server itself. TCP logins need the password (SCRAM), as a real deployment's
/// would; the Unix socket trusts local tools (createdb).
package final class PostgresServer: @unchecked Sendable {
    package struct Configuration: Sendable {
        /// The newest server Debian installed (`/usr/lib/postgresql/<major>/bin`): the major
        /// version follows the Debian release, so it is found, not assumed.
        package var binaries = PostgresServer.installedBinaries()
        package var user = "dirbridge"
        package var password = "store-secret"
        package var startTimeout: Duration = .seconds(30)

        package init() {}
    }

    package let configuration: Configuration
    package let port: Int
    /// Temporary directory holding the cluster, the socket, the log and the password file.
    package let directory: URL
    let process: ChildProcess

    /// File holding the user's password (for `password_file` settings).
    package var passwordFile: String { directory.appendingPathComponent("password").path }
    package var logFile: String { directory.appendingPathComponent("postgres.log").path }

    /// `postgres://dirbridge@127.0.0.1:<port>/<database>`: the store URL, without the password.
    package func url(database: String) -> String {
        "postgres://\(configuration.user)@127.0.0.1:\(port)/\(database)"
    }

    private init(configuration: Configuration, port: Int, directory: URL, process: ChildProcess) {
        self.configuration = configuration
        self.port = port
        self.directory = directory
        self.process = process
    }

    /// Creates the cluster, starts the server and waits until it accepts connections.
    package static func start(configuration: Configuration = Configuration()) async throws -> PostgresServer {
        let fm = FileManager.default
        let directory = fm.temporaryDirectory.appendingPathComponent("dirbridge-postgres-\(UUID().uuidString)")
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            let passwordFile = directory.appendingPathComponent("password").path
            try Data(configuration.password.utf8).write(to: URL(fileURLWithPath: passwordFile))
            try handOver([directory.path, passwordFile])
            let data = directory.appendingPathComponent("data").path
            // --no-sync and the settings below trade durability for speed: a test cluster is thrown away.
            try await ProcessRunner.run(
                launcher, serverUser + [
                    "\(configuration.binaries)/initdb", "-D", data, "-U", configuration.user, "--pwfile=\(passwordFile)",
                    "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
                ])
            let port = LocalPort.free()
            let process = try ChildProcess.spawn(
                launcher,
                serverUser + [
                    "\(configuration.binaries)/postgres", "-D", data, "-k", directory.path, "-h", "127.0.0.1", "-p", "\(port)",
                    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300",
                ],
                outputFile: directory.appendingPathComponent("postgres.log").path)
            let server = PostgresServer(configuration: configuration, port: port, directory: directory, process: process)
            let deadline = ContinuousClock.now + configuration.startTimeout
            while (try? await ProcessRunner.run(
                "\(configuration.binaries)/pg_isready", ["-q", "-h", "127.0.0.1", "-p", "\(port)"])) == nil
            {
                guard process.isRunning, ContinuousClock.now < deadline else {
                    let output = (try? String(contentsOfFile: server.logFile, encoding: .utf8)) ?? ""
                    await server.stop()
                    throw ProcessRunner.Failure(
                        command: "postgres on port \(port)", status: -1, output: "did not start accepting connections: \(output)")
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            return server
        } catch {
            try? fm.removeItem(at: directory)
            throw error
        }
    }

    /// Creates an empty database (through the trusted Unix socket) and returns its name.
    package func createDatabase(named name: String = "store_\(UUID().uuidString.prefix(8).lowercased())") async throws -> String {
        try await ProcessRunner.run(
            "\(configuration.binaries)/createdb", ["-h", directory.path, "-p", "\(port)", "-U", configuration.user, name])
        return name
    }

    /// Runs SQL as the cluster's owner through the Unix socket, for tests that tamper with a store.
    @discardableResult
    package func psql(database: String, _ sql: String) async throws -> String {
        try await ProcessRunner.run(
            "\(configuration.binaries)/psql",
            ["-h", directory.path, "-p", "\(port)", "-U", configuration.user, "-d", database, "-v", "ON_ERROR_STOP=1", "-tAc", sql])
    }

    /// Stops the server (SIGINT: fast shutdown, which does not wait for clients to leave; SIGKILL
    /// after 10 s) and removes the temporary directory.
    package func stop() async {
        process.signal(SIGINT)
        await process.terminate(grace: .seconds(10))
        try? FileManager.default.removeItem(at: directory)
    }

    /// The bin folder of the highest PostgreSQL major version installed, or the conventional
    /// path if none is (starting then fails naming it).
    package static func installedBinaries(root: String = "/usr/lib/postgresql") -> String {
        let majors = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init)
        return "\(root)/\(majors.max().map(String.init) ?? "current")/bin"
    }

    /// The server binaries run as `postgres` when we are root, as ourselves otherwise.
    private static var runsAsRoot: Bool { getuid() == 0 }
    private static var launcher: String { runsAsRoot ? "/usr/bin/setpriv" : "/usr/bin/env" }
    private static var serverUser: [String] {
        runsAsRoot ? ["--reuid=postgres", "--regid=postgres", "--init-groups", "--"] : []
    }

    /// Gives the cluster's files to the `postgres` user when we are root.
    private static func handOver(_ paths: [String]) throws {
        guard runsAsRoot else { return }
        guard let account = getpwnam("postgres") else {
            throw ProcessRunner.Failure(
                command: "getpwnam(postgres)", status: -1,
                output: "no postgres system user: install the postgresql package (scripts/install-system-packages.sh)")
        }
        for path in paths where chown(path, account.pointee.pw_uid, account.pointee.pw_gid) != 0 {
            throw ProcessRunner.Failure(command: "chown \(path)", status: errno, output: String(cString: strerror(errno)))
        }
    }
}
