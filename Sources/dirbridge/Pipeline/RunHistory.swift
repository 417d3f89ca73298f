import DirBridgeSync
import Foundation
import SnapshotStore

/// The run journal as `dirbridge history` prints it: a readable list, or JSON for scripts.
struct RunHistory {
    let storePath: String
    /// Newest first.
    let runs: [RunSummary]

    func writeText(to output: some TextOutputStream) {
        var output = output
        guard !runs.isEmpty else {
            output.write("no runs recorded in \(storePath)\n")
            return
        }
        for run in runs {
            let duration = run.finishedAt.map { Duration.seconds($0.timeIntervalSince(run.startedAt)).secondsText } ?? "—"
            let outcome = run.outcome?.rawValue ?? "unfinished (in progress, or killed before it finished)"
            output.write("#\(run.id)  \(run.startedAt.formatted(.iso8601))  \(run.command)  \(duration)  \(outcome)\n")
            for counts in run.counts {
                output.write(
                    "    \(counts.target): created \(counts.created), adopted \(counts.adopted), updated \(counts.updated), reimported \(counts.reimported), "
                        + "disabled \(counts.disabled), rejected \(counts.rejected), failed \(counts.failed)\n")
            }
            if let message = run.message, !message.isEmpty {
                output.write("    \(message)\n")
            }
        }
    }

    /// `{"store": …, "runs": [{"id", "command", "started_at", "finished_at", "duration_seconds",
    /// "outcome", "message", "targets": [{"target", "created", …}]}]}`; absent values are null.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let document = Document(store: storePath, runs: runs.map(Run.init))
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    private struct Document: Encodable {
        var store: String
        var runs: [Run]
    }

    private struct Run: Encodable {
        var id: Int64
        var command: String
        var startedAt: Date
        var finishedAt: Date?
        var durationSeconds: Double?
        var outcome: String?
        var message: String?
        var targets: [TargetRunCounts]

        init(_ run: RunSummary) {
            id = run.id.rawValue
            command = run.command
            startedAt = run.startedAt
            finishedAt = run.finishedAt
            durationSeconds = run.finishedAt.map { $0.timeIntervalSince(run.startedAt) }
            outcome = run.outcome?.rawValue
            message = run.message
            targets = run.counts
        }

        // Written out so that absent values appear as null rather than vanish.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(command, forKey: .command)
            try container.encode(startedAt, forKey: .startedAt)
            try container.encode(finishedAt, forKey: .finishedAt)
            try container.encode(durationSeconds, forKey: .durationSeconds)
            try container.encode(outcome, forKey: .outcome)
            try container.encode(message, forKey: .message)
            try container.encode(targets, forKey: .targets)
        }

        private enum CodingKeys: String, CodingKey {
            case id, command, startedAt, finishedAt, durationSeconds, outcome, message, targets
        }
    }
}
