import Connectors
import DirBridgeCore
import Logging
import SnapshotStore

/// Sends one target's plan through its ``ImportConnector`` and records every outcome in the
/// ``SnapshotStore``.
///
/// Per batch of at most `connector.maxBatchSize` actions: mark the batch `pending` (one
/// transaction, on disk before anything leaves), `apply` it, record all its outcomes in one
/// transaction. Up to ``DispatchOptions/concurrency`` batches of a target are in flight at once.
///
/// - A store write failure stops the target: nothing is sent that cannot be recorded. Batches
///   already sent but not recorded stay pending and are resolved by the next run.
/// - Cancelling the calling task stops new batches; batches already marked pending are still
///   sent and recorded (they run in unstructured tasks, which cancellation does not reach), so
///   nothing is lost: unsent actions are simply planned again by the next run.
public struct Dispatcher: Sendable {
    public let store: any SnapshotStore
    public let observer: (any DispatchObserver)?
    public let logger: Logger

    public init(store: any SnapshotStore, observer: (any DispatchObserver)? = nil, logger: Logger) {
        self.store = store
        self.observer = observer
        self.logger = logger
    }

    /// A whole target run: `open()`, resolve pending records (``PendingResolver``), make the plan
    /// from the store as it then stands (`job.plan`), send it, `close()`. A failure at any step
    /// before sending leaves the target untouched and is reported in ``TargetDispatchReport/error``.
    public func run(_ job: TargetJob) async -> TargetDispatchReport {
        let connector = job.connector
        return await withSession(connector) { (report: inout TargetDispatchReport) async throws(DispatchError) in
            do throws(PendingResolver.Failure) {
                report.resolution = try await PendingResolver(store: store, logger: logger).resolve(through: connector)
            } catch {
                report.resolution = error.resolution
                throw error.error
            }
            let plan: TargetPlan
            do {
                plan = try await job.plan()
            } catch {
                throw DispatchError(code: .planFailed, target: connector.target, message: "planning failed: \(error)")
            }
            try await send(plan, through: connector, options: job.options, into: &report)
        }
    }

    /// Sends a plan made elsewhere: `open()`, send, `close()`. The plan must have been made after
    /// this target's pending records were resolved (``PendingResolver``), or a pending create could
    /// be sent again; ``run(_:)`` does both in order.
    public func dispatch(
        _ plan: TargetPlan, through connector: any ImportConnector, options: DispatchOptions = DispatchOptions()
    ) async -> TargetDispatchReport {
        if let refusal = refusal(of: plan, by: connector, options: options) {
            var report = TargetDispatchReport(target: connector.target, vendor: connector.vendor)
            report.planned = plan.actions.count
            report.notSent = plan.actions.count
            report.rejected = planRejections(plan)
            report.error = refusal
            logger.error("Target not dispatched", metadata: ["target": "\(connector.target)", "error": "\(refusal)"])
            return report
        }
        return await withSession(connector) { (report: inout TargetDispatchReport) async throws(DispatchError) in
            try await send(plan, through: connector, options: options, into: &report)
        }
    }

    // MARK: - Session

    /// Opens the connector, runs `body`, always closes the connector, and fills in the
    /// report's duration, retries and error.
    private func withSession(
        _ connector: any ImportConnector,
        _ body: (inout TargetDispatchReport) async throws(DispatchError) -> Void
    ) async -> TargetDispatchReport {
        let clock = ContinuousClock()
        let start = clock.now
        let retriedBefore = connector.statistics.retried
        var report = TargetDispatchReport(target: connector.target, vendor: connector.vendor)
        do {
            try await connector.open()
            do {
                try await body(&report)
            } catch {
                report.error = error
            }
        } catch {
            report.error = DispatchError(
                code: .openFailed, target: connector.target, message: "opening the connection failed: \(error)")
        }
        // Also after a failed open: a half-open session (token acquired, later step failed) is released.
        await connector.close()
        report.retried = connector.statistics.retried - retriedBefore
        report.duration = clock.now - start
        if let error = report.error {
            logger.error("Target dispatch failed", metadata: ["target": "\(connector.target)", "error": "\(error)"])
        }
        logger.info(
            "Target dispatched",
            metadata: [
                "target": "\(report.target)", "sent": "\(report.sent)", "succeeded": "\(report.succeededCount)",
                "rejected": "\(report.rejected.count)", "failed": "\(report.failed.count)",
                "unknown": "\(report.unknown.count)", "notSent": "\(report.notSent)",
            ])
        return report
    }

    private func refusal(
        of plan: TargetPlan, by connector: any ImportConnector, options: DispatchOptions
    ) -> DispatchError? {
        if plan.target != connector.target {
            return DispatchError(
                code: .planFailed, target: connector.target,
                message: "the plan is for target \(plan.target), not this connector's; nothing sent")
        }
        if let reason = plan.blockedReason, !(options.force && plan.forceOverridesBlock) {
            let next = plan.forceOverridesBlock
                ? "review it, then sync with --force"
                : "--force does not override this: check the source settings with `dirbridge read`"
            return DispatchError(
                code: .blocked, target: plan.target, message: "safety policy blocked the plan: \(reason); nothing sent (\(next))")
        }
        return nil
    }

    private func planRejections(_ plan: TargetPlan) -> [UserIssue] {
        plan.rejected.map { rejection in
            UserIssue(
                anchor: rejection.anchor, dn: rejection.dn, action: nil, field: rejection.field,
                message: "\(rejection.dn): field \(rejection.field): \(rejection.reason)")
        }
    }

    // MARK: - Sending

    /// Sends `plan` through an open connector, bounded by ``DispatchOptions/concurrency``.
    private func send(
        _ plan: TargetPlan, through connector: any ImportConnector, options: DispatchOptions,
        into report: inout TargetDispatchReport
    ) async throws(DispatchError) {
        report.planned = plan.actions.count
        report.rejected += planRejections(plan)
        if let refusal = refusal(of: plan, by: connector, options: options) {
            report.notSent = plan.actions.count
            throw refusal
        }
        if plan.isBlocked {
            logger.warning(
                "Sending a blocked plan because of --force",
                metadata: ["target": "\(plan.target)", "reason": "\(plan.blockedReason ?? "")"])
        }
        observer?.willSend(target: plan.target, actions: plan.actions.count)
        let batchSize = max(1, connector.maxBatchSize)
        let batches = stride(from: 0, to: plan.actions.count, by: batchSize).map {
            Array(plan.actions[$0..<min($0 + batchSize, plan.actions.count)])
        }
        let deletesOnDisable = connector.deprovision == .delete
        let concurrency = options.concurrency

        var stopError: DispatchError?
        await withTaskGroup(of: BatchRun.self) { group in
            var next = 0
            var inFlight = 0
            while true {
                while stopError == nil, !report.cancelled, inFlight < concurrency, next < batches.count {
                    if Task.isCancelled {
                        report.cancelled = true
                        break
                    }
                    let batch = batches[next]
                    next += 1
                    inFlight += 1
                    group.addTask {
                        // Unstructured: cancellation of the run must not interrupt a batch once
                        // it is marked pending, or its outcomes would go unrecorded.
                        await Task { await self.run(batch, through: connector, deletesOnDisable: deletesOnDisable) }.value
                    }
                }
                guard let finished = await group.next() else { break }
                inFlight -= 1
                absorb(finished, into: &report)
                if let error = finished.error, stopError == nil {
                    stopError = error
                }
            }
            report.notSent += batches[next...].reduce(0) { $0 + $1.count }
        }
        if report.cancelled {
            logger.notice(
                "Dispatch cancelled: no new batch started",
                metadata: ["target": "\(plan.target)", "notSent": "\(report.notSent)"])
        }
        if let stopError { throw stopError }
    }

    /// What one batch came to.
    private struct BatchRun: Sendable {
        var actions: [SyncAction]
        /// The batch reached the connector.
        var sent: Bool
        /// `nil` when nothing was recorded.
        var settlement: BatchSettlement?
        var error: DispatchError?
    }

    private func run(
        _ planned: [SyncAction], through connector: any ImportConnector, deletesOnDisable: Bool
    ) async -> BatchRun {
        let target = connector.target
        let batch = planned.map { $0.materialized() }
        do {
            try await store.markPending(target: target, actions: batch)
        } catch {
            return BatchRun(
                actions: batch, sent: false, settlement: nil,
                error: DispatchError(
                    code: .storeWriteFailed, target: target,
                    message: "marking \(batch.count) action(s) pending failed, so they were not sent: \(error)"))
        }
        let outcomes = await connector.apply(batch)
        let settlement = BatchSettlement(batch: batch, outcomes: outcomes, deletesOnDisable: deletesOnDisable)
        do {
            try await store.record(settlement.storeOutcomes, target: target)
        } catch {
            return BatchRun(
                actions: batch, sent: true, settlement: nil,
                error: DispatchError(
                    code: .storeWriteFailed, target: target,
                    message: "recording the outcomes of \(batch.count) sent action(s) failed; they stay pending"
                        + " and are resolved by the next run: \(error)"))
        }
        if let observer {
            for entry in settlement.entries {
                observer.didRecord(target: target, action: entry.action.kind, result: entry.result)
            }
        }
        return BatchRun(actions: batch, sent: true, settlement: settlement, error: nil)
    }

    private func absorb(_ batch: BatchRun, into report: inout TargetDispatchReport) {
        guard batch.sent else {
            report.notSent += batch.actions.count
            return
        }
        report.sent += batch.actions.count
        guard let settlement = batch.settlement else {
            report.unknown += batch.actions.map { action in
                UserIssue(
                    anchor: action.anchor, dn: action.dn, action: action.kind, field: nil,
                    message: "\(action.kind) of \(action.dn): sent, but its outcome could not be recorded; left pending")
            }
            return
        }
        for entry in settlement.entries {
            switch entry.result {
            case .applied: report.succeeded[entry.action.kind, default: 0] += 1
            case .rejected: report.rejected += entry.issue.map { [$0] } ?? []
            case .failed, .skipped: report.failed += entry.issue.map { [$0] } ?? []
            case .unknown: report.unknown += entry.issue.map { [$0] } ?? []
            }
        }
    }
}
