import DirBridgeSync
import ArgumentParser
import DirBridgeCore
import Foundation
import Logging
import SnapshotStore

extension DirBridge {
    /// An operator's decision that an account no longer belongs to the directory entry that
    /// holds it, typically a person deleted and created again in the directory (a new anchor):
    /// dirbridge never makes that call itself.
    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Unlink accounts from the directory entries that hold them (by anchor); nothing is sent.",
            discussion: """
                Removes the entries' records at the target from the store, so the accounts belong to nobody. \
                The next plan and sync treat them like any account that exists at the vendor: found by the \
                key of a directory user, one is adopted (adopt: match, shown in the plan first) or refused \
                (adopt: never); Sertica, which has no lookup, gives it to the user whose UserNo imports into \
                it. The anchors are those `plan` and `sync` name in "held by the account of another directory \
                entry". The run journal records the release.
                """)

        @OptionGroup var options: ConfigOptions
        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The target whose records are released.", valueName: "name"))
        var target: String

        @Option(name: .customLong("anchor"), help: ArgumentHelp("The anchor of an entry to release (repeatable).", valueName: "anchor"))
        var anchors: [String] = []

        func validate() throws {
            if anchors.isEmpty { throw ValidationError("name at least one --anchor") }
        }

        func run() async throws {
            let logger = global.logger("dirbridge.release")
            let configuration = try options.load()
            let target = try configuration.targets(named: target)[0]
            let (store, lock) = try await configuration.store.openLocked(logger: logger)
            let stdout = BufferedOutput.standardOutput()
            let missing: [Anchor]
            do {
                missing = try await release(anchors.map(Anchor.init), at: target.name, in: store, to: stdout, logger: logger)
            } catch {
                await lock.release()
                throw error
            }
            await lock.release()
            try stdout.close()
            if !missing.isEmpty { throw ExitCode(1) }
        }

        /// Releases the records, journalled as a run; the anchors that have no record.
        private func release(
            _ wanted: [Anchor], at target: String, in store: any SnapshotStore, to stdout: BufferedOutput, logger: Logger
        ) async throws -> [Anchor] {
            let run = try await store.beginRun(command: "release", startedAt: Date())
            let released = try await store.releaseRecords(target: target, anchors: wanted)
            for record in released {
                stdout.write("released \(record.dn) (anchor \(record.anchor.value), \(record.state.rawValue)) at \(target):"
                    + " account \(record.vendorId ?? "(no vendor id)") is linked to nobody now\n")
                logger.notice("record released", metadata: [
                    "target": "\(target)", "dn": "\(record.dn)", "anchor": "\(record.anchor.value)", "id": "\(record.vendorId ?? "")",
                ])
            }
            let missing = wanted.filter { anchor in !released.contains { $0.anchor == anchor } }
            for anchor in missing { stdout.write("no record of anchor \(anchor.value) at \(target)\n") }
            try await store.finishRun(
                run, finishedAt: Date(), outcome: missing.isEmpty ? .succeeded : .completedWithFailures,
                message: "released at \(target): " + released.map(\.anchor.value).joined(separator: ", "), counts: [])
            return missing
        }
    }
}
