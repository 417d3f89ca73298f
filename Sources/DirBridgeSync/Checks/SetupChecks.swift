import Connectors
import DirBridgeConfig
import DirBridgeCore
import DirectoryReader
import Foundation
import HTTPTransport
import Logging
import SnapshotStore

/// What `dirbridge check` proves before a sync is trusted to run unattended: the configuration
/// and mappings load, the directory binds and reads, every target accepts its credentials, and
/// the store opens. Nothing is written to the directory or any vendor.
///
/// Each check returns its lines instead of throwing, so one failure never hides the others;
/// only a configuration that cannot be loaded stops the rest (they would have nothing to run on).
package struct SetupChecks {
    package let configuration: LoadedConfiguration
    package let logger: Logger

    /// Loads the configuration at `configPath` and runs every check on it: the directory, the
    /// targets and the store concurrently, lines in a fixed order.
    package static func run(configPath: String, logger: Logger) async -> [CheckLine] {
        let configuration: LoadedConfiguration
        do {
            configuration = try ConfigurationFile.load(path: configPath)
        } catch {
            return [.failed("config", error.description)]
        }
        let checks = SetupChecks(configuration: configuration, logger: logger)
        async let directory = checks.directory()
        async let directoryTLS = checks.directoryTLS()
        async let store = checks.store()
        let targets = configuration.configuration.targets
        let targetLines = await withTaskGroup(of: (Int, [CheckLine]).self) { group in
            for (index, target) in targets.enumerated() {
                group.addTask {
                    async let tls = checks.targetTLS(target)
                    return (index, [await checks.target(target)] + (await tls))
                }
            }
            var lines = [[CheckLine]](repeating: [], count: targets.count)
            for await (index, line) in group {
                lines[index] = line
            }
            return lines.flatMap { $0 }
        }
        return [checks.configurationLine] + checks.insecureTransportLines + (await directory) + (await directoryTLS) + targetLines
            + (await store)
    }

    /// One line per clear-text opt-in in effect: a warning, or a note when the endpoint is this host.
    package var insecureTransportLines: [CheckLine] {
        configuration.insecureTransports.map { transport in
            transport.isLoopback ? .info(transport.subject, transport.description) : .warning(transport.subject, transport.description)
        }
    }

    package var configurationLine: CheckLine {
        let targets = configuration.configuration.targets
        return .ok(
            "config",
            "\(configuration.path): \(targets.count) target\(targets.count == 1 ? "" : "s") "
                + "(\(targets.map(\.name).joined(separator: ", "))), every mapping valid for its vendor")
    }

    // MARK: - Directory

    /// Binds and reads every user exactly as a sync would (all or nothing).
    package func directory() async -> [CheckLine] {
        let source = configuration.configuration.source
        let started = ContinuousClock.now
        do {
            let (users, report) = try await DirectoryReader(settings: source, logger: logger).readWithReport(capturingSyncCookie: true)
            let dialect = source.dialect.map { " (\($0.rawValue))" } ?? ""
            let enabled = users.count(where: \.enabled)
            return [.ok(
                "directory",
                "\(users.count) users read from \(source.url)\(dialect), \(enabled) enabled, in \((ContinuousClock.now - started).secondsText)")]
                + Self.unreadableLines(report) + Self.groupBaseLines(report) + [Self.deltaLine(report, source: source)]
        } catch let error as LDAPError {
            let advice = Self.advice(for: error.code).map { " — \($0)" } ?? ""
            return [.failed("directory", "\(error.code.rawValue) at \(source.url)\(advice) (\(error))")]
        } catch {
            return [.failed("directory", "reading \(source.url) failed: \(error)")]
        }
    }

    /// Whether scheduled syncs can read only what changed.
    static func deltaLine(_ report: DirectoryReadReport, source: DirectorySourceSettings) -> CheckLine {
        guard source.deltaReads else { return .info("delta reads", "off (source.delta_reads: false): every run reads the whole directory") }
        guard report.syncCookie != nil else {
            return .info(
                "delta reads", TerminalText.singleLine(
                    "unavailable, every run reads the whole directory: \(report.deltaUnavailableReason ?? "no synchronisation cookie")"))
        }
        return .ok(
            "delta reads",
            "the server reports its changes (RFC 4533 content synchronisation, or AD's DirSync): after a complete run, syncs read only what changed,"
                + " and the whole directory every \(source.fullReadEvery)")
    }

    /// Entries a sync holds back at every target until they are fixed: never created, updated or
    /// disabled meanwhile.
    static func unreadableLines(_ report: DirectoryReadReport) -> [CheckLine] {
        guard let example = report.unreadable.first else { return [] }
        let count = report.unreadable.count
        return [.warning(
            "directory entries",
            TerminalText.singleLine(
                "\(count) user entr\(count == 1 ? "y" : "ies") cannot be read and \(count == 1 ? "is" : "are") held back at every target, e.g. \(example)"))]
    }

    /// Users in groups the group search does not return lose those memberships (and their
    /// nesting) without a word: group-based mappings then fall to their defaults.
    static func groupBaseLines(_ report: DirectoryReadReport) -> [CheckLine] {
        guard let example = report.unresolvedMemberOf.first else { return [] }
        let count = report.unresolvedMemberOf.count
        return [.warning(
            "directory groups",
            TerminalText.singleLine(
                "users' memberOf names \(count) group\(count == 1 ? "" : "s") outside the group base \(report.groupBaseDN) "
                    + "(e.g. \(example)): those memberships are ignored — set source.group_base_dn to the base that holds them"))]
    }

    /// The directory connection's TLS, when it uses any; a failure is already the read's line.
    package func directoryTLS() async -> [CheckLine] {
        let source = configuration.configuration.source
        guard source.url.lowercased().hasPrefix("ldaps://") || source.tls.startTLS,
            let session = try? await DirectoryReader(settings: source, logger: logger).negotiatedTLS()
        else { return [] }
        return [.tls("directory TLS", session)]
    }

    private static func advice(for code: LDAPError.Code) -> String? {
        switch code {
        case .invalidCredentials, .missingPassword: "check source.bind_dn and source.password_env/_file"
        case .serverUnreachable, .serverUnavailable, .timeout: "check source.url and that the server answers from this host"
        case .tlsFailure: "check source.tls (ca_file) and that the certificate names the host in source.url"
        case .authenticationRequired: "use ldaps:// or StartTLS (source.tls), or a bind the server accepts"
        case .insufficientAccess: "the bind account needs read access to the users and groups"
        case .noSuchObject, .invalidDN: "check source.base_dn and source.group_base_dn"
        case .invalidFilter: "check source.user_filter and source.group_filter"
        case .invalidURL: "check source.url (ldap://host:port or ldaps://host:port)"
        case .sizeLimitExceeded, .adminLimitExceeded:
            "the server caps what the bind account may read: lift it for that account (OpenLDAP: olcLimits with"
                + " size.prtotal=unlimited; AD: MaxResultSetSize), nothing is compared from a cut-off read"
        default: nil
        }
    }

    // MARK: - Targets

    /// Resolves the target's secrets and proves access with ``ImportConnector/checkAccess()``,
    /// which writes nothing.
    package func target(_ target: TargetConfiguration) async -> CheckLine {
        let subject = "target \(target.name)"
        let settings: ConnectorSettings
        do {
            settings = try target.connectorSettings()
        } catch {
            return .failed(subject, "\(error.keyPath): \(error.message)")
        }
        let client: CurlHTTPClient
        do {
            client = try CurlHTTPClient(settings: target.httpClientSettings, logger: logger)
        } catch {
            return .failed(subject, "cannot set up the HTTP client: \(error) — check the target's tls settings")
        }
        var targetLogger = logger
        targetLogger[metadataKey: "target"] = "\(target.name)"
        let line: CheckLine
        do {
            let connector = try makeConnector(for: settings, httpClient: client, logger: targetLogger)
            switch try await connector.checkAccess() {
            case .verified:
                line = .ok(subject, "\(target.vendor.rawValue) at \(target.baseURL) accepted the credentials")
            case .reachable(let note):
                line = .ok(subject, "\(target.vendor.rawValue) at \(target.baseURL) reachable; \(note)")
            }
        } catch {
            line = .failed(subject, Self.explanation(of: error, target: target))
        }
        await client.shutdown()
        return line
    }

    /// A TLS handshake with the target's host, made with its own settings; nothing is sent.
    package func targetTLS(_ target: TargetConfiguration) async -> [CheckLine] {
        let subject = "target \(target.name) TLS"
        do {
            guard let session = try await TLSHandshake.negotiate(url: target.baseURL, settings: target.httpClientSettings) else {
                return []
            }
            return [.tls(subject, session)]
        } catch {
            return [.failed(subject, "\(error.message) — check base_url and the target's tls settings")]
        }
    }

    private static func explanation(of error: ConnectorError, target: TargetConfiguration) -> String {
        switch error.code {
        case .authentication:
            let answer = error.status.map(statusText) ?? "credentials refused"
            return "\(answer) — check \(credentialKeys(target)) (\(error.message))"
        case .transport:
            return "\(target.baseURL) unreachable: \(error.message) — check base_url, proxy and tls"
        case .unexpectedResponse:
            return "unexpected answer from \(target.baseURL): \(error.message) — check base_url and options"
        default:
            return "\(error.operation): \(error.message)"
        }
    }

    private static func statusText(_ status: Int) -> String {
        switch status {
        case 401: "401 Unauthorized"
        case 403: "403 Forbidden"
        default: "HTTP \(status)"
        }
    }

    /// The configuration keys that hold this target's credentials, as the file spells them.
    private static func credentialKeys(_ target: TargetConfiguration) -> String {
        let credentials = target.credentials
        func key(_ name: String, _ reference: SecretReference?) -> String {
            switch reference {
            case .environment?: "\(name)_env"
            case .file?: "\(name)_file"
            case nil: "\(name)_env/_file"
            }
        }
        let keys: [String] =
            switch target.vendor {
            case .sertica, .ariaOperations: ["username", key("password", credentials.password)]
            case .requestor where target.options.auth == "basic": ["username", key("password", credentials.password)]
            case .requestor, .expoints: [key("token", credentials.token)]
            case .formsOnFire: [key("provider_id", credentials.providerId), key("integration_key", credentials.integrationKey)]
            }
        return "credentials." + keys.joined(separator: "/")
    }

    // MARK: - Store

    /// Opens the store (schema, corruption), probes the run lock without waiting, and counts
    /// each target's pending records. A missing store is fine: the first sync creates it.
    package func store() async -> [CheckLine] {
        let configured = configuration.store
        let path = configured.location
        if case .sqlite = configuration.configuration.store.backend, !FileManager.default.fileExists(atPath: path) {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue,
                FileManager.default.isWritableFile(atPath: folder)
            else {
                return [.failed("store", "no store at \(path) and its folder \(folder) is missing or not writable — check store.path")]
            }
            return [.ok("store", "none yet at \(path); the first sync creates it")]
        }
        let store: any SnapshotStore
        do {
            store = try await configured.open(logger: logger)
        } catch {
            return [.failed("store", Self.explanation(ofStoreError: error, path: path))]
        }
        var lines: [CheckLine] = [.ok("store", "\(path) opened, schema current")]
        let lock = await Self.lockLine(configured, logger: logger)
        lines.append(lock)
        do {
            if let last = try await store.recentRuns(limit: 1).first {
                lines.append(Self.lastRunLine(last, lockHeld: lock.status != .ok))
            }
            var pending: [String] = []
            for target in configuration.configuration.targets {
                // Named, so that a user held back run after run (his lookup keeps failing) is seen.
                let records = try await store.pendingRecords(target: target.name)
                let named = records.prefix(5).map { TerminalText.singleLine($0.record.dn) }
                let more = records.count > named.count ? ", …" : ""
                pending.append("\(target.name) \(records.count)" + (named.isEmpty ? "" : " (\(named.joined(separator: "; "))\(more))"))
            }
            lines.append(.info(
                "store", "pending records (sent, outcome unknown; resolved by the next sync): " + pending.joined(separator: ", ")))
        } catch {
            lines.append(.failed("store", Self.explanation(ofStoreError: error, path: path)))
        }
        return lines
    }

    /// Whether a run holds the lock right now. The probe takes the lock without waiting and
    /// drops it at once, so a running sync is never held up; a run in progress is a warning,
    /// not a failure.
    private static func lockLine(_ configured: ConfiguredStore, logger: Logger) async -> CheckLine {
        do {
            try await configured.probeRunLock(logger: logger)
            return .ok("store lock", "free (no run in progress)")
        } catch let error as SnapshotStoreError where error.code == .locked {
            return .warning("store lock", "\(error.message); a sync started now would stop with exit 1")
        } catch {
            return .failed("store lock", "\(error)")
        }
    }

    private static func lastRunLine(_ run: RunSummary, lockHeld: Bool) -> CheckLine {
        let started = run.startedAt.formatted(.iso8601)
        guard let outcome = run.outcome else {
            if lockHeld {
                return .info("last run", "#\(run.id) \(run.command) started \(started), in progress")
            }
            return .warning(
                "last run",
                "#\(run.id) \(run.command) started \(started) never finished (killed or crashed); the next sync resolves what it left pending")
        }
        return .info("last run", "#\(run.id) \(run.command) started \(started): \(outcome.rawValue)")
    }

    private static func explanation(ofStoreError error: any Error, path: String) -> String {
        guard let error = error as? SnapshotStoreError else { return "\(path): \(error)" }
        let kind =
            switch error.code {
            case .newerSchema: "written by a newer dirbridge schema"
            case .corrupt: "corrupt"
            case .notAStore: "not a dirbridge store"
            case .cannotOpen: "cannot be opened"
            case .busy: "busy"
            default: "\(error.code)"
            }
        return "\(path) \(kind): \(error.message)"
    }
}
