import DirBridgeSync
import ArgumentParser
import DirBridgeConfig
import Foundation
import SnapshotStore

extension DirBridge {
    /// One-shot repair of drift at the vendors, then a sync.
    struct Reconcile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare with the vendors' live state, repair drift, and sync.",
            discussion: """
                Looks up every user dirbridge manages at each vendor that has a lookup (Aria Operations, \
                Expoints, Forms On Fire): users deleted there are created again; then every managed user's \
                full payload is sent again (Sertica, which has no lookup, gets everything re-sent). \
                Exit status as for `sync`.
                """)

        @OptionGroup var options: ConfigOptions
        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Reconcile only this target.", valueName: "name"))
        var target: String?

        func run() async throws {
            let logger = global.logger("dirbridge.reconcile")
            let configuration = try options.load()
            let targets = try configuration.targets(named: target)
            let stdout = BufferedOutput.standardOutput()
            var session = SyncSession(configuration: configuration, targets: targets, logger: logger)
            session.reconciles = true
            let outcome = try await session.run()
            for result in outcome.reconciled {
                stdout.write("\(result.target): \(result.summary)\n")
            }
            SyncSummaryLines(outcome: outcome, configPath: options.config).write(to: stdout)
            try stdout.close()
            if outcome.status.exitCode != 0 {
                throw ExitCode(outcome.status.exitCode)
            }
        }
    }
}
