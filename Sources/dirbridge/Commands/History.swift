import DirBridgeSync
import ArgumentParser
import Foundation
import SnapshotStore

extension DirBridge {
    /// The store's run journal, newest first.
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the last runs recorded in the store, newest first.",
            discussion: """
                Per run: when it started, how long it took, the command, its outcome and what it did to each \
                target (created, updated, reimported, disabled, rejected, failed). A run without an outcome is \
                in progress, or was killed before it finished. Reads the store only.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @OptionGroup var options: ConfigOptions
        @OptionGroup var global: GlobalOptions

        @Option(help: "How many runs to show.")
        var limit = 20

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let logger = global.logger("dirbridge.history")
            let store = try options.load().store
            // Opening creates a missing store file; looking at history must not.
            let runs = try await store.openExisting(logger: logger)?.recentRuns(limit: limit) ?? []
            let history = RunHistory(storePath: store.location, runs: runs)
            let stdout = BufferedOutput.standardOutput()
            switch format {
            case .text: history.writeText(to: stdout)
            case .json: stdout.write(try history.json() + "\n")
            }
            try stdout.close()
        }
    }
}
