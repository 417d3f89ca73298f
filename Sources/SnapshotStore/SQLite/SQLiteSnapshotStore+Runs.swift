import Foundation
import GRDB

extension SQLiteSnapshotStore {
    package func beginRun(command: String, startedAt: Date) async throws -> RunID {
        try await write("opening a journal entry for '\(command)'") { db in
            try db.execute(
                sql: "INSERT INTO run (command, started_at) VALUES (?, ?)",
                arguments: [command, startedAt.timeIntervalSince1970])
            return RunID(rawValue: db.lastInsertedRowID)
        }
    }

    package func finishRun(
        _ run: RunID, finishedAt: Date, outcome: RunOutcome, message: String?, counts: [TargetRunCounts]
    ) async throws {
        let path = path
        try await write("closing journal entry \(run)") { db in
            try db.execute(
                sql: "UPDATE run SET finished_at = ?, outcome = ?, message = ? WHERE id = ?",
                arguments: [finishedAt.timeIntervalSince1970, outcome.rawValue, message, run.rawValue])
            guard db.changesCount == 1 else {
                throw SnapshotStoreError(code: .recordNotFound, path: path, message: "no journal entry for run \(run)")
            }
            let statement = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO run_target_count
                        (run_id, target, created, updated, reimported, disabled, rejected, failed, adopted)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for count in counts {
                try statement.execute(arguments: [
                    run.rawValue, count.target, count.created, count.updated, count.reimported, count.disabled,
                    count.rejected, count.failed, count.adopted,
                ])
            }
        }
    }

    package func lastCompletedRun(command: String) async throws -> Date? {
        try await read("reading the run journal") { db in
            try Double.fetchOne(
                db, sql: "SELECT MAX(started_at) FROM run WHERE command = ? AND outcome IN (?, ?)",
                arguments: [command, RunOutcome.succeeded.rawValue, RunOutcome.completedWithFailures.rawValue]
            ).map(Date.init(timeIntervalSince1970:))
        }
    }

    package func recentRuns(limit: Int) async throws -> [RunSummary] {
        let path = path
        return try await read("reading the run journal") { db in
            let runRows = try Row.fetchAll(
                db,
                sql: "SELECT id, command, started_at, finished_at, outcome, message FROM run ORDER BY id DESC LIMIT ?",
                arguments: [max(0, limit)])
            let countStatement = try db.cachedStatement(
                sql: """
                    SELECT target, created, updated, reimported, disabled, rejected, failed, adopted
                    FROM run_target_count WHERE run_id = ? ORDER BY target
                    """)
            return try runRows.map { row in
                let id = RunID(rawValue: row[0])
                var outcome: RunOutcome?
                if let outcomeText = row[4] as String? {
                    guard let known = RunOutcome(rawValue: outcomeText) else {
                        throw SnapshotStoreError(
                            code: .invalidData, path: path, message: "run \(id): unknown outcome '\(outcomeText)'")
                    }
                    outcome = known
                }
                let counts = try Row.fetchAll(countStatement, arguments: [id.rawValue]).map { count in
                    TargetRunCounts(
                        target: count[0], created: count[1], adopted: count[7], updated: count[2], reimported: count[3],
                        disabled: count[4], rejected: count[5], failed: count[6])
                }
                return RunSummary(
                    id: id, command: row[1], startedAt: Date(timeIntervalSince1970: row[2]),
                    finishedAt: (row[3] as Double?).map(Date.init(timeIntervalSince1970:)), outcome: outcome,
                    message: row[5], counts: counts)
            }
        }
    }
}
