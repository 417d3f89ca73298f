import ArgumentParser
import LocalServers
import DirectoryReader
import Foundation

/// Generates a directory into a private slapd and times `ldapsearch` and the DirectoryReader
/// reading the same users and attributes, in the same run.
struct ReadBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Time DirectoryReader against ldapsearch on a generated directory; report peak RSS."
    )

    @Option(help: "Users to generate.") var users = 100_000
    @Option(help: "Groups to generate (every 5th starts a nesting chain of three).") var groups = 500
    @Option(help: "Page size for both ldapsearch and the reader.") var pageSize = 1_000
    @Option(help: "Timed runs of each tool; the best is reported.") var runs = 3

    static let attributes = ["cn", "sn", "givenName", "mail", "uid", "employeeNumber", "title", "entryUUID", "memberOf"]

    func run() async throws {
        var configuration = SlapdServer.Configuration()
        configuration.startTimeout = .seconds(120)
        let generated = GeneratedDirectory(peopleDN: configuration.peopleDN, groupsDN: configuration.groupsDN,
                                           userCount: users, groupCount: groups)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let ldif = scratch.appendingPathComponent("directory.ldif").path
        var clock = ContinuousClock.now
        try generated.write(toFile: ldif)
        print("generated \(users) users in \(groups) groups: \(format(ContinuousClock.now - clock))")
        clock = ContinuousClock.now
        let server = try await SlapdServer.start(configuration: configuration, ldifFile: ldif)
        print("slapadd + slapd start: \(format(ContinuousClock.now - clock))")
        do {
            try await measure(server, generated: generated, scratch: scratch)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private func measure(_ server: SlapdServer, generated: GeneratedDirectory, scratch: URL) async throws {
        let settings = DirectorySourceSettings(
            url: server.url, bindDN: server.configuration.readerDN, password: .file(server.readerPasswordFile),
            baseDN: generated.peopleDN, groupBaseDN: generated.groupsDN, membership: .memberOf,
            attributes: Self.attributes, dialect: .openLDAP, pageSize: pageSize
        )
        let settingsFile = scratch.appendingPathComponent("source.json")
        try JSONEncoder().encode(settings).write(to: settingsFile)
        let resultFile = scratch.appendingPathComponent("reader-result.json")
        let ldapsearchArguments = [
            "-x", "-LLL", "-H", server.url, "-D", server.configuration.readerDN, "-y", server.readerPasswordFile,
            "-b", generated.peopleDN, "-E", "pr=\(pageSize)/noprompt", "(objectClass=inetOrgPerson)",
        ] + Self.attributes
        let ownExecutable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")

        var ldapsearchBest = Duration.seconds(1_000_000), readerBest = Duration.seconds(1_000_000)
        var ldapsearchRSS = 0, readerRSS = 0
        var result: ReaderChild.Result?
        for run in 1...runs {
            let (ldapTime, ldapExit) = try timed("/usr/bin/ldapsearch", ldapsearchArguments, log: nil)
            guard ldapExit.status == 0 else { throw ValidationError("ldapsearch exited with status \(ldapExit.status)") }
            let readerLog = scratch.appendingPathComponent("reader.log").path
            let (readerTime, readerExit) = try timed(ownExecutable, ["reader-child", settingsFile.path, resultFile.path], log: readerLog)
            if let log = try? String(contentsOfFile: readerLog, encoding: .utf8), !log.isEmpty { print(log, terminator: "") }
            guard readerExit.status == 0 else { throw ValidationError("reader child exited with status \(readerExit.status)") }
            result = try JSONDecoder().decode(ReaderChild.Result.self, from: Data(contentsOf: resultFile))
            print("run \(run): ldapsearch \(format(ldapTime)) (CPU \(format(ldapExit.cpuTime))), reader \(format(readerTime)) (CPU \(format(readerExit.cpuTime)), \(result!.users) users)")
            ldapsearchBest = min(ldapsearchBest, ldapTime)
            readerBest = min(readerBest, readerTime)
            ldapsearchRSS = max(ldapsearchRSS, ldapExit.maxResidentBytes)
            readerRSS = max(readerRSS, readerExit.maxResidentBytes)
        }
        guard let result, result.users == generated.userCount else {
            throw ValidationError("the reader returned \(result?.users ?? 0) users, expected \(generated.userCount)")
        }
        let expectedMemberships = (0..<generated.userCount).reduce(0) { $0 + generated.expectedGroups(ofUser: $1).count }
        guard result.groupMemberships == expectedMemberships else {
            throw ValidationError("the reader found \(result.groupMemberships) group memberships, expected \(expectedMemberships)")
        }
        let ratio = readerBest / ldapsearchBest
        let mib = { (bytes: Int) in String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        print("""

        machine:                 \(ProcessInfo.processInfo.activeProcessorCount) CPUs, load average \(load) (other work skews both tools)
        users read:              \(result.users) (\(result.groupMemberships) group memberships incl. nested, verified)
        ldapsearch (best of \(runs)):  \(format(ldapsearchBest)), peak RSS \(mib(ldapsearchRSS))
        DirectoryReader (best):  \(format(readerBest)), peak RSS \(mib(readerRSS))
        ratio reader/ldapsearch: \(String(format: "%.2f", ratio)) (target ≤ 1.20: \(ratio <= 1.2 ? "met" : "NOT met"))
        reader peak RSS target:  < 150 MiB: \(readerRSS < 150 * 1_048_576 ? "met" : "NOT met")
        """)
    }

    private func timed(_ executable: String, _ arguments: [String], log: String?) throws -> (Duration, ChildProcess.Exit) {
        if let log { try? FileManager.default.removeItem(atPath: log) }
        let start = ContinuousClock.now
        let exit = try ChildProcess.spawn(executable, arguments, outputFile: log).wait()
        return (ContinuousClock.now - start, exit)
    }

    private func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.3f s", seconds)
    }
}
