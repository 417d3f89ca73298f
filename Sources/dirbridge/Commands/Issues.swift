import DirBridgeSync
import ArgumentParser
import DirBridgeCore
import Foundation
import SnapshotStore

extension DirBridge {
    /// Every user whose last change did not reach a vendor, from the store: what the sync
    /// summary shortens to its first lines.
    struct Issues: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the users whose last change a vendor refused, or whose outcome is still open.",
            discussion: """
                One line per user and target, with the reason the vendor or dirbridge gave. Reads the store \
                only. Users the mapping or the vendor schema rejects never reach the store: `dirbridge plan` \
                lists them.
                """)

        @OptionGroup var options: ConfigOptions
        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Only this target.", valueName: "name"))
        var target: String?

        func run() async throws {
            let logger = global.logger("dirbridge.issues")
            let configuration = try options.load()
            let targets = try configuration.targets(named: target)
            let stdout = BufferedOutput.standardOutput()
            // Opening creates a missing store file; listing issues must not.
            guard let store = try await configuration.store.openExisting(logger: logger) else {
                stdout.write("no store at \(configuration.storeLocation): nothing has been synced yet\n")
                try stdout.close()
                return
            }
            var total = 0
            for target in targets {
                let open = try await store.records(target: target.name).filter { $0.state == .failed || $0.state == .pending }
                total += open.count
                for record in open {
                    let state = record.state == .pending ? "outcome open" : "not applied"
                    let reason = record.lastError ?? "sent, outcome unknown; the next run looks it up first"
                    stdout.write(TerminalText.singleLine(
                        "\(target.name): \(record.dn) (\(record.anchor.value)): \(record.lastAction?.rawValue ?? "change") \(state): \(reason)") + "\n")
                }
            }
            stdout.write("\(total) user(s) with an open issue\n")
            try stdout.close()
        }
    }
}
