import DirBridgeSync
import ArgumentParser
import DirBridgeConfig
import DirBridgeOps
import Foundation

extension DirBridge {
    /// Reads the directory, plans and applies the changes at every configured target.
    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply the directory's changes to the configured targets.",
            discussion: """
                Exit status: 0 all applied; 2 some users rejected or failed (the rest applied; they are \
                retried next run); 3 a target's plan was blocked by the safety limits (nothing sent there; \
                review it with `plan`, then re-run with --force); 1 could not run.
                """)

        @OptionGroup var options: ConfigOptions
        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Sync only this target.", valueName: "name"))
        var target: String?

        @Flag(help: "Send a plan the safety limits blocked (mass disables). Review it with `plan` first.")
        var force = false

        @Option(help: ArgumentHelp(
            "Apply exactly this reviewed plan (`plan --format json --output FILE`): its actions that still hold are sent, the others listed and skipped (exit 2).",
            valueName: "file"))
        var plan: String?

        @Option(help: ArgumentHelp("Refuse a --plan file older than this many hours.", valueName: "hours"))
        var maxPlanAgeHours: Double = 24

        @Flag(help: "Show what would be sent, send nothing (same as `plan`).")
        var dryRun = false

        @Flag(help: "Read the whole directory even when a delta read (only what changed since the last complete run) could follow.")
        var fullRead = false

        @Option(help: ArgumentHelp(
            "Write Prometheus metrics to this file at the end (node_exporter textfile collector).", valueName: "path"))
        var metricsTextfile: String?

        func validate() throws {
            if plan != nil && dryRun { throw ValidationError("--plan applies a reviewed plan; --dry-run shows one: use one of them.") }
            guard maxPlanAgeHours.isFinite, maxPlanAgeHours > 0, maxPlanAgeHours <= 24 * 30 else {
                throw ValidationError("--max-plan-age-hours must be between 0 and 720.")
            }
        }

        func run() async throws {
            if dryRun {
                let plan = try Plan.parse(["--config", options.config] + (target.map { ["--target", $0] } ?? []) + global.arguments)
                try await plan.run()
                return
            }
            let logger = global.logger("dirbridge.sync")
            let metricsExport = MetricsExport.bootstrap()
            let metrics = SyncMetrics()
            let configuration = try options.load()
            let reviewed = try plan.map {
                try ReviewedPlan(path: $0, configPath: configuration.path, storePath: configuration.storeLocation,
                                 maxAge: .seconds(maxPlanAgeHours * 3600))
            }
            let started = ContinuousClock.now
            var session = SyncSession(configuration: configuration, targets: try configuration.targets(named: target), logger: logger)
            session.force = force
            session.observer = RunObserver(metrics: metrics, showsProgress: global.showsProgress)
            session.showsProgress = global.showsProgress
            session.reviewed = reviewed
            session.readsWhole = fullRead
            let outcome = try await session.run()
            outcome.record(into: metrics, duration: .now - started)
            if let metricsTextfile {
                try metricsExport.writeTextfile(to: metricsTextfile)
            }
            let stdout = BufferedOutput.standardOutput()
            SyncSummaryLines(outcome: outcome, configPath: options.config).write(to: stdout)
            try stdout.close()
            if outcome.status.exitCode != 0 {
                throw ExitCode(outcome.status.exitCode)
            }
        }
    }
}
