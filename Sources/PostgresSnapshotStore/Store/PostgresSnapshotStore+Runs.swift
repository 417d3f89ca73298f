import Foundation
import PostgresNIO
import SnapshotStore

extension PostgresSnapshotStore {
    package func beginRun(command: String, startedAt: Date) async throws -> RunID {
        try await write("opening a journal entry for '\(command)'") { connection in
            let rows = try await connection.query(
                "INSERT INTO run (command, started_at) VALUES (\(command), \(startedAt.timeIntervalSince1970)) RETURNING id",
                logger: logger)
            for try await id in rows.decode(Int64.self) { return RunID(rawValue: id) }
            throw SnapshotStoreError(code: .io, path: path, message: "opening a journal entry for '\(command)': no id returned")
        }
    }

    package func finishRun(
        _ run: RunID, finishedAt: Date, outcome: RunOutcome, message: String?, counts: [TargetRunCounts]
    ) async throws {
        let path = path
        try await write("closing journal entry \(run)") { connection in
            var found = false
            for try await _ in try await connection.query(
                """
                UPDATE run SET finished_at = \(finishedAt.timeIntervalSince1970), outcome = \(outcome.rawValue), message = \(message)
                WHERE id = \(run.rawValue) RETURNING id
                """,
                logger: logger)
            {
                found = true
            }
            guard found else {
                throw SnapshotStoreError(code: .recordNotFound, path: path, message: "no journal entry for run \(run)")
            }
            // A run has a few targets: one statement each is as cheap as any batching.
            for count in counts {
                try await connection.query(
                    """
                    INSERT INTO run_target_count (run_id, target, created, updated, reimported, disabled, rejected, failed, adopted)
                    VALUES (\(run.rawValue), \(count.target), \(count.created), \(count.updated), \(count.reimported),
                        \(count.disabled), \(count.rejected), \(count.failed), \(count.adopted))
                    ON CONFLICT (run_id, target) DO UPDATE SET created = excluded.created, updated = excluded.updated,
                        reimported = excluded.reimported, disabled = excluded.disabled, rejected = excluded.rejected,
                        failed = excluded.failed, adopted = excluded.adopted
                    """,
                    logger: logger)
            }
        }
    }

    package func lastCompletedRun(command: String) async throws -> Date? {
        try await read("reading the run journal") { connection in
            var started: Double?
            for try await value in try await connection.query(
                """
                SELECT MAX(started_at) FROM run WHERE command = \(command)
                    AND outcome IN (\(RunOutcome.succeeded.rawValue), \(RunOutcome.completedWithFailures.rawValue))
                """,
                logger: logger
            ).decode(Double?.self) {
                started = value
            }
            return started.map(Date.init(timeIntervalSince1970:))
        }
    }

    package func recentRuns(limit: Int) async throws -> [RunSummary] {
        let path = path
        return try await read("reading the run journal") { connection in
            var runs: [RunSummary] = []
            for try await (id, command, startedAt, finishedAt, outcomeText, message) in try await connection.query(
                "SELECT id, command, started_at, finished_at, outcome, message FROM run ORDER BY id DESC LIMIT \(max(0, limit))",
                logger: logger
            ).decode((Int64, String, Double, Double?, String?, String?).self) {
                let id = RunID(rawValue: id)
                var outcome: RunOutcome?
                if let outcomeText {
                    guard let known = RunOutcome(rawValue: outcomeText) else {
                        throw SnapshotStoreError(code: .invalidData, path: path, message: "run \(id): unknown outcome '\(outcomeText)'")
                    }
                    outcome = known
                }
                runs.append(RunSummary(
                    id: id, command: command, startedAt: Date(timeIntervalSince1970: startedAt),
                    finishedAt: finishedAt.map(Date.init(timeIntervalSince1970:)), outcome: outcome, message: message, counts: []))
            }
            var counts: [Int64: [TargetRunCounts]] = [:]
            for try await (runID, target, created, updated, reimported, disabled, rejected, failed, adopted) in try await connection.query(
                """
                SELECT run_id, target, created, updated, reimported, disabled, rejected, failed, adopted
                FROM run_target_count WHERE run_id = ANY(\(runs.map(\.id.rawValue))) ORDER BY run_id, target
                """,
                logger: logger
            ).decode((Int64, String, Int, Int, Int, Int, Int, Int, Int).self) {
                counts[runID, default: []].append(TargetRunCounts(
                    target: target, created: created, adopted: adopted, updated: updated, reimported: reimported,
                    disabled: disabled, rejected: rejected, failed: failed))
            }
            return runs.map { run in
                var run = run
                run.counts = counts[run.id.rawValue] ?? []
                return run
            }
        }
    }
}
