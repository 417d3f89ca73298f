import Foundation

/// A complete local setup: a private slapd holding a ``DemoOrganisation``, the vendor
/// simulator, secret files, and a dirbridge configuration wired to both. Used by
/// `dirbridge demo` and the end-to-end tests, so both exercise exactly the same setup.
package final class DemoEnvironment: @unchecked Sendable {
    package let directory: URL
    package let organisation: DemoOrganisation
    package let slapd: SlapdServer
    package let simulator: VendorSimulatorProcess
    /// The configuration file written by ``writeConfiguration(mappingsDirectory:targets:)``.
    package var configurationPath: String { directory.appendingPathComponent("dirbridge.yaml").path }
    package var storePath: String { directory.appendingPathComponent("dirbridge.sqlite").path }
    /// The directory as the configuration names it: ldaps:// when the environment runs with TLS.
    package var directoryURL: String { slapd.ldapsURL ?? slapd.url }

    /// The simulator's built-in test credentials (see docs/vendorsim.md), written to files.
    static let secrets: [(file: String, value: String)] = [
        ("ldap-password", "reader-secret"), ("sertica-password", "sertica-test-password"),
        ("aria-password", "aria-test-password"), ("requestor-token", "requestor-test-token"),
        ("expoints-token", "expoints-test-token"), ("forms-on-fire-provider-id", "1001"),
        ("forms-on-fire-integration-key", "forms-on-fire-test-key"),
    ]
    package static let ariaAuthSourceId = "8a2c7a56-1f4e-4c55-9d8e-3b1f0e6f2a01"

    private init(directory: URL, organisation: DemoOrganisation, slapd: SlapdServer, simulator: VendorSimulatorProcess) {
        self.directory = directory
        self.organisation = organisation
        self.slapd = slapd
        self.simulator = simulator
    }

    package static func start(
        organisation: DemoOrganisation = DemoOrganisation(), simulatorExecutable: String = VendorSimulatorProcess.defaultExecutable(),
        simulatorArguments: [String] = [], directoryTLS: Bool = true, certificateDays: Int = 365
    ) async throws -> DemoEnvironment {
        let fm = FileManager.default
        let directory = fm.temporaryDirectory.appendingPathComponent("dirbridge-demo-\(UUID().uuidString)")
        try fm.createDirectory(at: directory.appendingPathComponent("secrets"), withIntermediateDirectories: true)
        for (file, value) in secrets {
            let path = directory.appendingPathComponent("secrets/\(file)").path
            guard fm.createFile(atPath: path, contents: Data(value.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw ProcessRunner.Failure(command: "write \(path)", status: -1, output: "cannot create the file")
            }
        }
        let ldif = directory.appendingPathComponent("organisation.ldif")
        try Data(organisation.ldif().utf8).write(to: ldif)
        var configuration = SlapdServer.Configuration()
        configuration.suffix = organisation.suffix
        configuration.tls = directoryTLS
        configuration.certificateDays = certificateDays
        let slapd = try await SlapdServer.start(configuration: configuration, ldifFile: ldif.path)
        do {
            let simulator = try await VendorSimulatorProcess.start(
                executable: simulatorExecutable, arguments: simulatorArguments,
                logFile: directory.appendingPathComponent("vendorsim.log").path)
            return DemoEnvironment(directory: directory, organisation: organisation, slapd: slapd, simulator: simulator)
        } catch {
            await slapd.stop()
            throw error
        }
    }

    /// Runs `body` with an environment of its own, stopped (and awaited) afterwards, whether
    /// `body` returns or throws.
    package static func with<T>(
        organisation: DemoOrganisation, simulatorArguments: [String] = [], directoryTLS: Bool = true, certificateDays: Int = 365,
        _ body: (DemoEnvironment) async throws -> T
    ) async throws -> T {
        let environment = try await DemoEnvironment.start(
            organisation: organisation, simulatorArguments: simulatorArguments, directoryTLS: directoryTLS,
            certificateDays: certificateDays)
        do {
            let result = try await body(environment)
            await environment.stop()
            return result
        } catch {
            await environment.stop()
            throw error
        }
    }

    package func stop() async {
        await simulator.stop()
        await slapd.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    package enum Target: String, CaseIterable, Sendable {
        case sertica, ariaOperations = "aria-operations", requestor, expoints, formsOnFire = "forms-on-fire"
    }

    /// Writes `dirbridge.yaml` for the chosen targets, with the shipped mapping files from
    /// `mappingsDirectory`; returns its path. `store` replaces the SQLite file's `path:` with
    /// other lines of the `store:` section (a PostgreSQL `url:` and its password).
    @discardableResult
    /// - Parameters:
    ///   - enabled: the source's enabled rule; `extraSourceSettings` are further `source:` lines.
    package func writeConfiguration(
        mappingsDirectory: String, targets: [Target] = Target.allCases, extraTargetSettings: String = "",
        safety: String = "max_disable_percent: 10", pageSize: Int = 100, store: [String] = [],
        enabled: String = "{ rule: absent, attribute: shadowExpire }", extraSourceSettings: [String] = []
    ) throws -> String {
        let storeLines = (store.isEmpty ? ["path: \(storePath)"] : store).joined(separator: "\n  ")
        let secrets = directory.appendingPathComponent("secrets").path
        var yaml = """
        # Written by dirbridge's demo environment: a private slapd (ldaps with a generated CA, unless
        # started without TLS) and the vendor simulator (clear text, hence allow_insecure_http) on 127.0.0.1.
        source:
          url: \(directoryURL)
          bind_dn: \(slapd.configuration.readerDN)
          password_file: \(secrets)/ldap-password
          base_dn: \(organisation.peopleDN)
          user_filter: "(objectClass=inetOrgPerson)"
          group_base_dn: \(organisation.groupsDN)
          dialect: openldap
          attributes: [uid, cn, givenName, sn, mail, title, departmentNumber, employeeType, employeeNumber, telephoneNumber, preferredLanguage]
          enabled: \(enabled)
          page_size: \(pageSize)\(extraSourceSettings.map { "\n  " + $0 }.joined())
          \(slapd.certificates.map { "tls: { ca_file: \($0.caFile) }" } ?? "allow_insecure_bind: true")
        store:
          \(storeLines)
        safety:
          \(safety)
        targets:

        """
        for target in targets {
            yaml += "  - name: \(target.rawValue)\n    vendor: \(target.rawValue)\n"
            yaml += "    mapping: \(mappingsDirectory)/\(target.rawValue).yaml\n"
            yaml += "    allow_insecure_http: true\n"
            if !extraTargetSettings.isEmpty {
                yaml += extraTargetSettings.split(separator: "\n").map { "    \($0)\n" }.joined()
            }
            switch target {
            case .sertica:
                yaml += """
                    base_url: \(simulator.baseURL("sertica"))
                    credentials: { username: sertica-sync, password_file: \(secrets)/sertica-password }

                """
            case .ariaOperations:
                yaml += """
                    base_url: \(simulator.baseURL("aria"))
                    credentials: { username: admin, password_file: \(secrets)/aria-password }
                    options: { auth_source_id: \(Self.ariaAuthSourceId) }

                """
            case .requestor:
                yaml += """
                    base_url: \(simulator.baseURL("requestor"))
                    credentials: { token_file: \(secrets)/requestor-token }
                    options: { auth: bearer }

                """
            case .expoints:
                yaml += """
                    base_url: \(simulator.baseURL("expoints"))
                    deprovision: ignore
                    credentials: { token_file: \(secrets)/expoints-token }

                """
            case .formsOnFire:
                yaml += """
                    base_url: \(simulator.baseURL("formsonfire"))
                    deprovision: delete
                    credentials: { provider_id_file: \(secrets)/forms-on-fire-provider-id, integration_key_file: \(secrets)/forms-on-fire-integration-key }

                """
            }
        }
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: configurationPath))
        return configurationPath
    }
}
