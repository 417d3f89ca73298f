import DirBridgeSync
import ArgumentParser
import DirBridgeConfig
import DirBridgeCore
import DirectoryReader
import Foundation
import LocalServers
import Logging
import Reports
import SnapshotStore

extension DirBridge {
    /// The whole product on one machine with nothing outside it: a private slapd with a
    /// generated organisation, the five vendors simulated locally, and three rounds of plan +
    /// sync that show every kind of action.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run dirbridge end to end against a private directory and local vendor simulators.",
            discussion: """
                Starts slapd (Debian's `slapd` package) on 127.0.0.1 with a generated organisation and \
                `dirbridge-vendorsim` (built beside this executable), syncs everyone, then changes the \
                directory twice and syncs again: creates, updates (a rename, a title change), a leaver \
                and a returner re-imported with the vendor's id. Stops everything it started.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("People in the generated organisation.", valueName: "count"))
        var users = 300

        @Option(help: ArgumentHelp("Folder of the mapping files.", valueName: "path"))
        var mappings = "mappings"

        @Option(help: ArgumentHelp("Folder for the HTML plan reports (created if missing).", valueName: "path"))
        var reports = "dirbridge-demo"

        func validate() throws {
            guard users >= 10 else { throw ValidationError("--users must be at least 10") }
            guard FileManager.default.fileExists(atPath: "\(mappings)/sertica.yaml") else {
                throw ValidationError("no mapping files in '\(mappings)': run the demo from the repository root or pass --mappings")
            }
        }

        func run() async throws {
            // The demo's own narration is the output; only problems are logged.
            var logger = global.logger("dirbridge.demo")
            logger.logLevel = max(global.logLevel, .warning)
            let mappingsPath = URL(fileURLWithPath: mappings).standardizedFileURL.path
            try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)

            let console = BufferedOutput.standardOutput()
            console.write("Starting a private slapd with \(users) people and the vendor simulator…\n")
            console.flush()
            let organisation = DemoOrganisation(userCount: users)
            let environment = try await DemoEnvironment.start(
                organisation: organisation,
                simulatorExecutable: VendorSimulatorProcess.defaultExecutable())
            do {
                let configPath = try environment.writeConfiguration(mappingsDirectory: mappingsPath)
                let configuration = try ConfigurationFile.load(path: configPath)
                console.write("  directory \(environment.directoryURL), vendors http://127.0.0.1:\(environment.simulator.port)/…\n")
                var round = DemoRound(configuration: configuration, reportsFolder: reports, console: console, logger: logger)

                try await round.run(title: "Round 1: first sync — everyone is created", showActions: false)

                let people = organisation.people
                let (promoted, renamed, leaver) = (people[1], people[2], people[4])
                try await environment.slapd.add(ldif: organisation.addition(of: organisation.newcomer))
                try await environment.slapd.modify(ldif: organisation.disable(leaver))
                try await round.run(
                    title: "Round 2: \(organisation.newcomer.givenName) \(organisation.newcomer.sn) joins, \(leaver.givenName) \(leaver.sn) leaves",
                    showActions: true)

                try await environment.slapd.rename(organisation.dn(of: renamed), to: "uid=\(renamed.uid)-renamed")
                try await environment.slapd.modify(ldif: organisation.titleChange(promoted, to: "Chief Engineer"))
                try await environment.slapd.modify(ldif: organisation.enable(leaver))
                try await round.run(
                    title: "Round 3: a rename, a promotion, and \(leaver.givenName) \(leaver.sn) returns (re-imported with the vendor's id)",
                    showActions: true)

                console.write("\nDone. HTML plan reports: \(round.writtenReports.joined(separator: ", "))\n")
                try console.close()
                await environment.stop()
            } catch {
                await environment.stop()
                throw error
            }
        }
    }
}

/// One plan + sync of the demo, printed for a person reading along.
struct DemoRound {
    let configuration: LoadedConfiguration
    let reportsFolder: String
    let console: BufferedOutput
    let logger: Logger
    private(set) var writtenReports: [String] = []
    private var number = 0

    init(configuration: LoadedConfiguration, reportsFolder: String, console: BufferedOutput, logger: Logger) {
        self.configuration = configuration
        self.reportsFolder = reportsFolder
        self.console = console
        self.logger = logger
    }

    mutating func run(title: String, showActions: Bool) async throws {
        number += 1
        console.write("\n== \(title)\n")
        let targets = configuration.configuration.targets
        let plan: SyncPlan
        do {
            let store = try await configuration.store.open(logger: logger)
            let read = try await LDAPDirectorySource(configuration: configuration, logger: logger).users(showingProgress: false)
            plan = try await PlanBuilder(
                configuration: configuration, store: store, users: read.users, unreadable: read.unreadable, logger: logger
            ).plan(targets: targets)
        }
        let report = PlanReport(
            plan: plan, targets: targets, sourceDescription: "dirbridge demo, round \(number)")
        console.write("plan:\n")
        if showActions {
            var output = console
            TextPlanRenderer().render(report, to: &output)
        } else {
            PlanSummaryLines(plan: plan).write(to: console)
        }
        let path = "\(reportsFolder)/plan-round-\(number).html"
        var file = try BufferedOutput.file(atPath: path)
        HTMLPlanRenderer().render(report, to: &file)
        try file.close()
        writtenReports.append(path)
        console.write("HTML report: \(path)\n")

        let outcome = try await SyncSession(configuration: configuration, targets: targets, logger: logger).run()
        console.write("sync:\n")
        SyncSummaryLines(outcome: outcome).write(to: console)
        console.flush()
    }
}
