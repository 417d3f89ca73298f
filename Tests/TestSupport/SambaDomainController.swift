import Foundation
import LocalServers
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway Samba Active Directory domain controller for tests: provisioned into a temporary
/// directory, seeded directly into its database, serving LDAP on 127.0.0.1:389 (Samba's fixed
/// port), removed on `stop()`. Needs root, the samba packages and a free port 389.
package final class SambaDomainController: @unchecked Sendable {
    package static let realm = "DIRBRIDGE.TEST"
    package static let domain = "DIRBRIDGE"
    package static let baseDN = "DC=dirbridge,DC=test"
    package static let adminDN = "CN=Administrator,CN=Users,\(baseDN)"
    package static let adminPassword = "Dirbridge-Adm1n!"
    package let url = "ldap://127.0.0.1:389"
    package let directory: URL
    private let process: ChildProcess

    package var adminPasswordFile: String { directory.appendingPathComponent("admin.pw").path }

    /// Why a domain controller cannot run here, or `nil` when it can.
    package static var unavailableReason: String? {
        if getuid() != 0 { return "Samba AD DC needs root" }
        for tool in ["/usr/sbin/samba", "/usr/bin/samba-tool", "/usr/bin/python3"] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is not installed"
        }
        if LocalPort.isAccepting(389) { return "port 389 on 127.0.0.1 is already in use" }
        return nil
    }

    private init(directory: URL, process: ChildProcess) {
        self.directory = directory
        self.process = process
    }

    /// Provisions a domain, adds `seedLDIF` in one database transaction (far faster than LDAP
    /// adds, which Samba commits one by one), starts samba and waits until LDAP answers.
    package static func start(seedLDIF: String?) async throws -> SambaDomainController {
        let fm = FileManager.default
        let directory = fm.temporaryDirectory.appendingPathComponent("dirbridge-samba-\(UUID().uuidString)")
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            try Data(adminPassword.utf8).write(to: directory.appendingPathComponent("admin.pw"))
            try await ProcessRunner.run("/usr/bin/samba-tool", [
                "domain", "provision", "--targetdir", directory.path, "--realm", realm, "--domain", domain,
                "--adminpass", adminPassword, "--server-role=dc", "--dns-backend=NONE", "--use-rfc2307",
                "--option=interfaces = lo", "--option=bind interfaces only = yes",
            ])
            let conf = directory.appendingPathComponent("etc/smb.conf")
            var text = try String(contentsOf: conf, encoding: .utf8)
            text = text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.contains("server services =") && !$0.contains("log file =") }
                .joined(separator: "\n")
            text = text.replacingOccurrences(of: "[global]\n", with: """
                [global]
                \tldap server require strong auth = no
                \tserver services = ldap
                \tlog file = \(directory.path)/samba.log

                """)
            try Data(text.utf8).write(to: conf)
            if let seedLDIF {
                let ldif = directory.appendingPathComponent("seed.ldif")
                try Data(seedLDIF.utf8).write(to: ldif)
                try await ProcessRunner.run("/usr/bin/python3", ["-", conf.path, directory.appendingPathComponent("private/sam.ldb").path, ldif.path],
                                      input: seedScript)
            }
            let process = try ChildProcess.spawn("/usr/sbin/samba", ["-F", "-s", conf.path],
                                                 outputFile: directory.appendingPathComponent("samba.out").path)
            let controller = SambaDomainController(directory: directory, process: process)
            let deadline = ContinuousClock.now + .seconds(90)
            while !LocalPort.isAccepting(389) {
                guard process.isRunning, ContinuousClock.now < deadline else {
                    let output = (try? String(contentsOf: directory.appendingPathComponent("samba.out"), encoding: .utf8)) ?? ""
                    await controller.stop()
                    throw ProcessRunner.Failure(command: "samba -F", status: -1, output: "LDAP did not come up on port 389: \(output)")
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            return controller
        } catch {
            try? fm.removeItem(at: directory)
            throw error
        }
    }

    /// Stops samba (SIGTERM, then SIGKILL after 15 s) and removes the temporary directory.
    package func stop() async {
        await process.terminate(grace: .seconds(15))
        try? FileManager.default.removeItem(at: directory)
    }

    private static let seedScript = """
        import sys
        from samba.samdb import SamDB
        from samba.param import LoadParm
        from samba.auth import system_session
        lp = LoadParm()
        lp.load(sys.argv[1])
        db = SamDB(url=sys.argv[2], session_info=system_session(), lp=lp)
        db.transaction_start()
        try:
            db.add_ldif(open(sys.argv[3]).read())
        except Exception:
            db.transaction_cancel()
            raise
        db.transaction_commit()

        """
}
