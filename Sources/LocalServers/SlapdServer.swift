import Foundation

/// A private OpenLDAP server for tests and benchmarks: its own slapd.conf, mdb database and
/// port on 127.0.0.1, in a temporary directory removed on `stop()`.
///
/// The directory holds `suffix`, `ou=people`, `ou=groups` and a non-root bind user
/// (`readerDN` / `readerPassword`) with read access to everything; the root DN can write.
package final class SlapdServer: @unchecked Sendable {
    package struct Configuration: Sendable {
        package var suffix = "dc=example,dc=org"
        package var rootPassword = "root-secret"
        package var readerPassword = "reader-secret"
        /// Run the memberof overlay (maintains `memberOf` on ldapadd / modrdn; slapadd bypasses it).
        package var memberOfOverlay = true
        /// Run the syncprov overlay with a session log: the server answers RFC 4533 content
        /// synchronisation, so dirbridge can read only what changed.
        package var syncProvider = true
        package var startTimeout: Duration = .seconds(20)
        /// Also listen for ldaps:// (and accept StartTLS) with a certificate from a generated CA.
        package var tls = false
        /// How long the generated certificates are valid.
        package var certificateDays = 2

        package init() {}
        package var rootDN: String { "cn=admin,\(suffix)" }
        package var readerDN: String { "cn=reader,\(suffix)" }
        package var peopleDN: String { "ou=people,\(suffix)" }
        package var groupsDN: String { "ou=groups,\(suffix)" }
    }

    package let configuration: Configuration
    package let port: Int
    /// The ldaps:// port when `configuration.tls` is on.
    package let tlsPort: Int?
    /// The generated CA that signed the server certificate, when `configuration.tls` is on.
    package let certificates: LocalCertificateAuthority?
    /// Temporary directory holding config, database, logs and the password files.
    package let directory: URL
    private let process: ChildProcess

    /// The server's process id (benchmarks read its CPU time).
    package var pid: pid_t { process.pid }

    package var url: String { "ldap://127.0.0.1:\(port)" }
    package var ldapsURL: String? { tlsPort.map { "ldaps://127.0.0.1:\($0)" } }
    /// File holding the reader's password (for `password_file` settings).
    package var readerPasswordFile: String { directory.appendingPathComponent("reader.pw").path }
    package var rootPasswordFile: String { directory.appendingPathComponent("root.pw").path }
    package var configFile: String { directory.appendingPathComponent("slapd.conf").path }

    private init(configuration: Configuration, port: Int, tlsPort: Int?, certificates: LocalCertificateAuthority?,
                 directory: URL, process: ChildProcess) {
        self.configuration = configuration
        self.port = port
        self.tlsPort = tlsPort
        self.certificates = certificates
        self.directory = directory
        self.process = process
    }

    /// Writes the configuration, loads the base entries plus `ldifFile` (if any) with slapadd,
    /// starts slapd and waits until it accepts connections.
    package static func start(configuration: Configuration = Configuration(), ldifFile: String? = nil) async throws -> SlapdServer {
        let fm = FileManager.default
        let directory = fm.temporaryDirectory.appendingPathComponent("dirbridge-slapd-\(UUID().uuidString)")
        try fm.createDirectory(at: directory.appendingPathComponent("db"), withIntermediateDirectories: true)
        do {
            try Data(configuration.readerPassword.utf8).write(to: directory.appendingPathComponent("reader.pw"))
            try Data(configuration.rootPassword.utf8).write(to: directory.appendingPathComponent("root.pw"))
            let certificates = configuration.tls ? try await LocalCertificateAuthority.generate(in: directory, days: configuration.certificateDays) : nil
            let conf = directory.appendingPathComponent("slapd.conf").path
            try Data(slapdConf(configuration, directory: directory.path, certificates: certificates).utf8)
                .write(to: URL(fileURLWithPath: conf))
            let base = directory.appendingPathComponent("base.ldif")
            try Data(baseLDIF(configuration).utf8).write(to: base)
            try await ProcessRunner.run("/usr/sbin/slapadd", ["-q", "-f", conf, "-l", base.path])
            if let ldifFile {
                try await ProcessRunner.run("/usr/sbin/slapadd", ["-q", "-f", conf, "-l", ldifFile])
            }
            // The kernel's free port can be taken by another test's server before slapd binds it;
            // slapd then exits at once, and a fresh port is tried.
            var attempt = 1
            while true {
                let port = LocalPort.free()
                let tlsPort = configuration.tls ? LocalPort.free() : nil
                let listeners = ["ldap://127.0.0.1:\(port)/"] + (tlsPort.map { ["ldaps://127.0.0.1:\($0)/"] } ?? [])
                let log = directory.appendingPathComponent("slapd.log")
                // -d keeps slapd in the foreground so it stays our child and SIGTERM reaches it.
                let process = try ChildProcess.spawn(
                    "/usr/sbin/slapd", ["-f", conf, "-h", listeners.joined(separator: " "), "-d", "0"], outputFile: log.path
                )
                let server = SlapdServer(configuration: configuration, port: port, tlsPort: tlsPort, certificates: certificates,
                                         directory: directory, process: process)
                let deadline = ContinuousClock.now + configuration.startTimeout
                while !LocalPort.isAccepting(port) || !(tlsPort.map(LocalPort.isAccepting) ?? true) {
                    guard process.isRunning, ContinuousClock.now < deadline else { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                if process.isRunning, LocalPort.isAccepting(port), tlsPort.map(LocalPort.isAccepting) ?? true { return server }
                let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                await process.terminate(grace: .seconds(10))
                guard attempt < Self.startAttempts, ContinuousClock.now < deadline else {
                    throw ProcessRunner.Failure(command: "slapd on port \(port)", status: -1,
                                                output: "did not start accepting connections after \(attempt) attempt(s): \(output)")
                }
                attempt += 1
            }
        } catch {
            try? fm.removeItem(at: directory)
            throw error
        }
    }

    private static let startAttempts = 3

    /// Stops slapd (SIGTERM, then SIGKILL after 10 s) and removes the temporary directory.
    package func stop() async {
        await process.terminate(grace: .seconds(10))
        try? FileManager.default.removeItem(at: directory)
    }

    /// Adds entries as the root DN (overlays such as memberof run).
    package func add(ldif: String) async throws {
        try await ProcessRunner.run("/usr/bin/ldapadd", rootArguments, input: ldif)
    }

    /// Applies an LDIF change set (changetype: modify / delete / modrdn) as the root DN.
    package func modify(ldif: String) async throws {
        try await ProcessRunner.run("/usr/bin/ldapmodify", rootArguments, input: ldif)
    }

    /// Renames an entry in place (new RDN, same parent), deleting the old RDN value.
    package func rename(_ dn: String, to newRDN: String) async throws {
        try await ProcessRunner.run("/usr/bin/ldapmodrdn", rootArguments + ["-r", dn, newRDN])
    }

    private var rootArguments: [String] {
        ["-x", "-H", url, "-D", configuration.rootDN, "-y", rootPasswordFile]
    }

    private static func slapdConf(_ configuration: Configuration, directory: String, certificates: LocalCertificateAuthority?) -> String {
        let tls = certificates.map {
            "TLSCACertificateFile \($0.caFile)\nTLSCertificateFile \($0.certificateFile)\nTLSCertificateKeyFile \($0.keyFile)"
        } ?? ""
        return """
        include /etc/ldap/schema/core.schema
        include /etc/ldap/schema/cosine.schema
        include /etc/ldap/schema/inetorgperson.schema
        include /etc/ldap/schema/nis.schema
        modulepath /usr/lib/ldap
        moduleload back_mdb
        moduleload memberof
        moduleload syncprov
        pidfile \(directory)/slapd.pid
        argsfile \(directory)/slapd.args
        sizelimit size.soft=500 size.hard=unlimited size.prtotal=unlimited
        \(tls)

        database mdb
        maxsize 4294967296
        suffix "\(configuration.suffix)"
        rootdn "\(configuration.rootDN)"
        rootpw \(configuration.rootPassword)
        directory \(directory)/db
        index objectClass eq
        index uid,cn eq
        index member,uniqueMember,memberUid eq
        index entryCSN,entryUUID eq
        sizelimit size.soft=500 size.hard=unlimited size.prtotal=unlimited
        \(configuration.memberOfOverlay ? "overlay memberof\nmemberof-refint TRUE" : "")
        \(configuration.syncProvider ? "overlay syncprov\nsyncprov-checkpoint 100 10\nsyncprov-sessionlog 100000" : "")

        access to dn.base="" by * read
        access to dn.base="cn=Subschema" by * read
        access to attrs=userPassword by anonymous auth by * none
        access to * by dn.exact="\(configuration.readerDN)" read by * none

        """
    }

    private static func baseLDIF(_ configuration: Configuration) -> String {
        let dc = configuration.suffix.split(separator: ",")[0].split(separator: "=")[1]
        return """
        dn: \(configuration.suffix)
        objectClass: dcObject
        objectClass: organization
        dc: \(dc)
        o: dirbridge test

        dn: \(configuration.peopleDN)
        objectClass: organizationalUnit
        ou: people

        dn: \(configuration.groupsDN)
        objectClass: organizationalUnit
        ou: groups

        dn: \(configuration.readerDN)
        objectClass: organizationalRole
        objectClass: simpleSecurityObject
        cn: reader
        userPassword: \(configuration.readerPassword)


        """
    }
}
