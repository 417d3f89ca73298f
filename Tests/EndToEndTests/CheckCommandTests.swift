import Foundation
import LocalServers
import Testing

/// `dirbridge check` against a real slapd, the vendor simulator and a real store file: every
/// failure kind is reported on its own line with exit 1, the other checks still run, and no
/// secret is ever printed.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct CheckCommandTests {
    /// Every secret the demo environment writes, and the wrong ones the tests write.
    static let secrets = [
        "reader-secret", "sertica-test-password", "aria-test-password", "requestor-test-token", "expoints-test-token",
        "forms-on-fire-test-key", "wrong-reader-secret", "wrong-requestor-token", "wrong-aria-password",
    ]

    @Test(.demoEnvironment(users: 12))
    func demoSetupPassesBeforeAndAfterASync() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory)

        let before = try await DirBridgeCommand.run(["check", "--config", config])
        #expect(before.status == 0, "\(before.stdout)\n\(before.stderr)")
        #expect(before.stdout.contains("ok      config: \(config): 5 targets"))
        #expect(before.stdout.contains("ok      directory: 12 users read from \(environment.directoryURL) (openldap), 11 enabled"))
        #expect(before.stdout.contains("ok      directory TLS: TLS"), "\(before.stdout)")
        #expect(before.stdout.contains("ok      delta reads: the server reports its changes (RFC 4533 content synchronisation"), "\(before.stdout)")
        #expect(before.stdout.contains("certificate CN=127.0.0.1 issued by CN=dirbridge test CA, expires "))
        for target in DemoEnvironment.Target.allCases {
            #expect(before.stdout.contains("ok      target \(target.rawValue): "), "\(before.stdout)")
        }
        #expect(before.stdout.contains("target sertica: sertica at ") && before.stdout.contains("reachable; Sertica has no read-only endpoint"))
        #expect(before.stdout.contains("target requestor: requestor at ") && before.stdout.contains("accepted the credentials"))
        #expect(before.stdout.contains("ok      store: none yet at \(environment.storePath)"))
        #expect(!FileManager.default.fileExists(atPath: environment.storePath), "check must not create the store")
        #expect(try await SimulatorState.fetch(from: environment.simulator).users(of: "requestor").isEmpty,
                "check must not import anyone")
        Self.expectNoSecret(before)

        let sync = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(sync.status == 0, "\(sync.stdout)\n\(sync.stderr)")
        let after = try await DirBridgeCommand.run(["check", "--config", config])
        #expect(after.status == 0, "\(after.stdout)\n\(after.stderr)")
        #expect(after.stdout.contains("ok      store: \(environment.storePath) opened, schema current"))
        #expect(after.stdout.contains("ok      store lock: free"))
        #expect(after.stdout.contains("info    last run: #1 sync started "))
        #expect(after.stdout.contains(": succeeded"))
        #expect(after.stdout.contains("sertica 0, aria-operations 0, requestor 0, expoints 0, forms-on-fire 0"))
        #expect(after.stdout.hasSuffix("check passed\n"))
    }

    @Test(.demoEnvironment(users: 10))
    func anEntryThatCannotBeReadIsAWarningNamingIt() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.requestor], extraSourceSettings: ["anchor_attribute: employeeNumber"])
        let person = organisation.people[4]
        try await environment.slapd.modify(ldif: "dn: \(organisation.dn(of: person))\nchangetype: modify\ndelete: employeeNumber\n")

        let result = try await DirBridgeCommand.run(["check", "--config", config])
        #expect(result.status == 0, "a sync works, holding that person back: \(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("ok      directory: 9 users read"), "\(result.stdout)")
        #expect(result.stdout.contains(
            "warning directory entries: 1 user entry cannot be read and is held back at every target, e.g. user \(organisation.dn(of: person))"
                + " cannot be read: it has no value for the anchor attribute employeeNumber"), "\(result.stdout)")
    }

    @Test(.demoEnvironment(users: 10, certificateDays: 2))
    func aDirectoryCertificateCloseToExpiryIsAWarning() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.requestor])

        let result = try await DirBridgeCommand.run(["check", "--config", config])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let expiry = Date().addingTimeInterval(2 * 86_400).formatted(.iso8601.year().month().day())
        #expect(result.stdout.contains("warning directory TLS: TLS"), "\(result.stdout)")
        #expect(result.stdout.contains(
            "certificate CN=127.0.0.1 issued by CN=dirbridge test CA, expires \(expiry), in 1 day: renew it before then"),
            "\(result.stdout)")
        #expect(result.stdout.hasSuffix("check passed (1 warning)\n"))
    }

    @Test(.demoEnvironment(users: 10))
    func aRunHoldingTheLockIsAWarningNotAFailure() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.requestor])
        let sync = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(sync.status == 0, "\(sync.stdout)\n\(sync.stderr)")

        let holder = try LockHolder.start(lockFile: environment.storePath + ".lock")

        let result = try await DirBridgeCommand.run(["check", "--config", config])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("warning store lock: another process (holder unknown) holds the store lock"), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("check passed (1 warning)\n"))
        let blocked = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(blocked.status == 1, "the warning says what a sync would meet: \(blocked.stdout)")
        try await holder.crash(releasing: environment.storePath + ".lock")
    }

    @Test(.demoEnvironment(users: 10))
    func aRunThatHoldsTheLockIsNamedByPidAndAKilledRunIsReported() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.requestor])
        let sync = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(sync.status == 0, "\(sync.stdout)\n\(sync.stderr)")

        // A sync in progress as the store sees it: its journal entry without an outcome, and the
        // lock file naming it, held (by flock(1), which leaves the contents alone).
        try sqlite(environment.storePath, "INSERT INTO run (command, started_at) VALUES ('sync', strftime('%s','now'))")
        let lockFile = environment.storePath + ".lock"
        try "pid=4242\nhost=cron-host\nstarted=2026-11-23T10:00:00Z\n".write(toFile: lockFile, atomically: false, encoding: .utf8)
        let holder = try LockHolder.start(lockFile: lockFile)

        let running = try await DirBridgeCommand.run(["check", "--config", config])
        // Killed as a crashed run would be: the kernel drops its lock, its journal entry stays open.
        try await holder.crash(releasing: lockFile)
        #expect(running.status == 0, "\(running.stdout)\n\(running.stderr)")
        #expect(running.stdout.contains("warning store lock: another dirbridge run (pid 4242, started 2026-11-23T10:00:00Z on host cron-host)"),
                "\(running.stdout)")
        #expect(running.stdout.contains("info    last run: #2 sync started ") && running.stdout.contains(", in progress"))

        let killed = try await DirBridgeCommand.run(["check", "--config", config])
        #expect(killed.status == 0, "\(killed.stdout)\n\(killed.stderr)")
        #expect(killed.stdout.contains("ok      store lock: free"))
        #expect(killed.stdout.contains("warning last run: #2 sync started ") && killed.stdout.contains("never finished (killed or crashed)"),
                "\(killed.stdout)")

        let history = try await DirBridgeCommand.run(["history", "--config", config, "--format", "json"])
        let runs = try #require(
            (JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any])?["runs"] as? [[String: Any]])
        #expect(runs.count == 2 && runs[0]["outcome"] is NSNull && runs[0]["finished_at"] is NSNull, "\(history.stdout)")
        let text = try await DirBridgeCommand.run(["history", "--config", config])
        #expect(text.stdout.hasPrefix("#2  ") && text.stdout.contains("unfinished (in progress, or killed before it finished)"))
    }

    @Test(.demoEnvironment(users: 10))
    func aWrongDirectoryPasswordFailsAndTheOtherChecksStillRun() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory)
        try Data("wrong-reader-secret".utf8).write(to: environment.directory.appendingPathComponent("secrets/ldap-password"))

        let result = try await DirBridgeCommand.run(["check", "--config", config])
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains(
            "failed  directory: invalid credentials at \(environment.directoryURL) — check source.bind_dn and source.password_env/_file"),
            "\(result.stdout)")
        for target in DemoEnvironment.Target.allCases {
            #expect(result.stdout.contains("ok      target \(target.rawValue): "), "a directory failure must not hide the targets")
        }
        #expect(result.stdout.contains("ok      store: "))
        #expect(result.stdout.hasSuffix("check failed: 1 problem\n"))
        Self.expectNoSecret(result)
    }

    @Test(.demoEnvironment(users: 10))
    func anUnreachableTargetFailsAndTheOthersPass() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica, .expoints])
        let closed = "http://127.0.0.1:\(LocalPort.free())/expoints"
        try rewrite(config, replacing: environment.simulator.baseURL("expoints"), with: closed)

        let result = try await DirBridgeCommand.run(["check", "--config", config])
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("failed  target expoints: \(closed) unreachable: "), "\(result.stdout)")
        #expect(result.stdout.contains("check base_url, proxy and tls"))
        #expect(result.stdout.contains("ok      target sertica: "))
        #expect(result.stdout.contains("ok      directory: 10 users read"))
    }

    @Test(.demoEnvironment(users: 10))
    func wrongVendorCredentialsAreNamedByKey() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.ariaOperations, .requestor, .expoints, .formsOnFire])
        let missingKey = environment.directory.appendingPathComponent("secrets/forms-on-fire-integration-key").path
        try FileManager.default.removeItem(atPath: missingKey)
        try Data("wrong-requestor-token".utf8).write(to: environment.directory.appendingPathComponent("secrets/requestor-token"))
        try Data("wrong-aria-password".utf8).write(to: environment.directory.appendingPathComponent("secrets/aria-password"))

        let result = try await DirBridgeCommand.run(["check", "--config", config])
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("failed  target requestor: 401 Unauthorized — check credentials.token_file"), "\(result.stdout)")
        #expect(result.stdout.contains("failed  target aria-operations: ") && result.stdout.contains("check credentials.username/password_file"),
                "\(result.stdout)")
        #expect(result.stdout.contains(
            "failed  target forms-on-fire: credentials.integration_key_env/_file: cannot read secret file \(missingKey)"), "\(result.stdout)")
        #expect(result.stdout.contains("ok      target expoints: "))
        #expect(result.stdout.hasSuffix("check failed: 3 problems\n"))
        Self.expectNoSecret(result)
    }

    @Test(.demoEnvironment(users: 10))
    func aBrokenMappingStopsTheCheckWithItsFileLineAndKey() async throws {
        let environment = try DemoEnvironment.forTest
        let mappings = environment.directory.appendingPathComponent("mappings")
        try FileManager.default.createDirectory(at: mappings, withIntermediateDirectories: true)
        let shipped = try String(contentsOfFile: DirBridgeCommand.mappingsDirectory + "/sertica.yaml", encoding: .utf8)
        let broken = try #require(shipped.range(of: "transforms: [trim, lower]"))
        let lineNumber = shipped[..<broken.lowerBound].count { $0 == "\n" } + 1
        try shipped.replacingCharacters(in: broken, with: "transforms: [trim, shout]")
            .write(to: mappings.appendingPathComponent("sertica.yaml"), atomically: true, encoding: .utf8)
        let config = try environment.writeConfiguration(mappingsDirectory: mappings.path, targets: [.sertica])

        let result = try await DirBridgeCommand.run(["check", "--config", config])
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        let brokenPath = mappings.appendingPathComponent("sertica.yaml").path
        #expect(result.stdout.contains("failed  config: \(brokenPath):\(lineNumber)"), "\(result.stdout)")
        #expect(result.stdout.contains("shout"), "the message names the unknown transform: \(result.stdout)")
        #expect(!result.stdout.contains("directory:"), "nothing else can run on a broken configuration")
    }

    @Test(.demoEnvironment(users: 10))
    func anUnusableStoreIsNamedAndLeftUntouched() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.requestor])
        let sync = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(sync.status == 0, "\(sync.stdout)\n\(sync.stderr)")
        let store = environment.storePath

        try sqlite(store, "PRAGMA user_version = 99")
        let newer = try await DirBridgeCommand.run(["check", "--config", config])
        #expect(newer.status == 1, "\(newer.stdout)\n\(newer.stderr)")
        #expect(newer.stdout.contains("failed  store: \(store) written by a newer dirbridge schema: the store has schema version 99"),
                "\(newer.stdout)")
        #expect(newer.stdout.contains("ok      directory: ") && newer.stdout.contains("ok      target requestor: "))

        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: store + suffix)
        }
        try sqlite(store, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        let foreign = try await DirBridgeCommand.run(["check", "--config", config])
        #expect(foreign.status == 1)
        #expect(foreign.stdout.contains("failed  store: \(store) not a dirbridge store: "), "\(foreign.stdout)")

        let garbage = Data(repeating: 0x5A, count: 8192)
        try garbage.write(to: URL(fileURLWithPath: store))
        let corrupt = try await DirBridgeCommand.run(["check", "--config", config])
        #expect(corrupt.status == 1)
        #expect(corrupt.stdout.contains("failed  store: \(store) corrupt: "), "\(corrupt.stdout)")
        #expect(FileManager.default.contents(atPath: store) == garbage, "a corrupt store is never rewritten")
    }

    /// Runs one SQL statement on `path` with Python's sqlite3, outside dirbridge.
    private func sqlite(_ path: String, _ statement: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit(); c.close()", path, statement]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sqlite3: \(statement)")
    }

    private func rewrite(_ path: String, replacing old: String, with new: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
    }

    private static func expectNoSecret(_ result: DirBridgeCommand.Result) {
        for secret in secrets {
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret), "\(secret) printed")
        }
    }
}
