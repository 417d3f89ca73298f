import Connectors
import DirBridgeCore
import Logging
import SnapshotStore

/// Sends one target's plan through its ``ImportConnector`` and records every outcome in the
/// ``SnapshotStore``.
///
/// Batches of at most `connector.maxBatchSize` actions, up to ``DispatchOptions/concurrency`` of a
/// target in flight at once. Every batch is marked `pending` on disk before it leaves, and its
/// outcomes are recorded after; both are written a chunk at a time (``RoundWriter``).
///
/// - A store write failure stops the target: nothing is sent that cannot be recorded. Batches
///   already sent but not recorded stay pending and are resolved by the next run.
/// - Cancelling the calling task stops new batches; batches in flight are still answered and
///   recorded (they run in unstructured tasks, which cancellation does not reach), and those
///   marked but not started are released (recorded failed, "not sent"): nothing is lost, the
///   next run sends them again.
package struct Dispatcher: Sendable {
    package let store: any SnapshotStore
    package let observer: (any DispatchObserver)?
    package let logger: Logger

    package init(store: any SnapshotStore, observer: (any DispatchObserver)? = nil, logger: Logger) {
        self.store = store
        self.observer = observer
        self.logger = logger
    }

    /// Step one of a target's turn (connector open): settles what earlier runs left `pending`
    /// (``PendingResolver``: lookup, ownership). A user whose lookup fails is asked again, as the
    /// follow-up rounds do; if it still fails he is held: left out of this run's plan and reported.
    /// The caller then plans from the store as it now stands and hands the plan to
    /// ``send(_:through:options:into:)``.
    package func resolvePending(
        through connector: any ImportConnector, options: DispatchOptions, into report: inout TargetDispatchReport
    ) async throws(DispatchError) {
        let resolver = PendingResolver(store: store, logger: logger)
        do throws(PendingResolver.Failure) {
            report.resolution = try await resolver.resolve(through: connector)
            var round = 0
            while !report.resolution.held.isEmpty, round < options.followUpRounds, !Task.isCancelled {
                round += 1
                try? await Task.sleep(for: options.followUpDelay * (1 << min(round - 1, 3)))
                let again = try await resolver.resolve(through: connector, anchors: Set(report.resolution.held.map(\.anchor)))
                report.resolution.held = []
                report.resolution.unresolved = 0
                report.resolution.add(again)
                if again.held.count == again.total { break }  // nothing resolved: the vendor is down
            }
        } catch {
            report.resolution = error.resolution
            throw error.error
        }
    }

    /// Step two: sends a plan made after ``resolvePending(through:options:into:)``, without the
    /// users it held, and settles within the run what the first send left open.
    package func send(
        _ plan: TargetPlan, through connector: any ImportConnector, options: DispatchOptions,
        into report: inout TargetDispatchReport
    ) async throws(DispatchError) {
        var plan = plan
        let held = Set(report.resolution.held.map(\.anchor))
        if !held.isEmpty {
            plan.actions.removeAll { held.contains($0.anchor) }
        }
        report.unknown += report.resolution.held
        report.rejected += report.resolution.rejected
        try await sendRounds(plan, through: connector, options: options, into: &report)
    }

    /// Sends a plan made elsewhere: `open()`, send, `close()`. The plan must have been made after
    /// this target's pending records were resolved (``PendingResolver``), or a pending create could
    /// be sent again; a sync session runs ``resolvePending(through:options:into:)`` first.
    package func dispatch(
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
        return await withTarget(connector) { (report: inout TargetDispatchReport) async throws(DispatchError) in
            try await sendRounds(plan, through: connector, options: options, into: &report)
        }
    }

    // MARK: - Target turn

    /// A target's turn: opens the connector, runs `steps` (resolve pending, plan, send), always
    /// closes the connector, and fills in the report's duration, retries and error. A failure
    /// at any step before sending leaves the target untouched and is the report's error.
    package func withTarget(
        _ connector: any ImportConnector,
        _ steps: (inout TargetDispatchReport) async throws(DispatchError) -> Void
    ) async -> TargetDispatchReport {
        let clock = ContinuousClock()
        let start = clock.now
        let retriedBefore = connector.statistics.retried
        var report = TargetDispatchReport(target: connector.target, vendor: connector.vendor)
        do {
            try await connector.open()
            do {
                try await steps(&report)
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
                // Whole target, resolution and planning included: where a run's time goes, per target.
                "duration": "\(report.duration)",
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

    /// Sends `plan` through an open connector, bounded by ``DispatchOptions/concurrency``, then
    /// settles within the run what the first send left open (``DispatchOptions/followUpRounds``):
    /// unknown outcomes are looked up and resent only when proven absent, existing accounts are
    /// adopted when nobody else owns them, failures are retried. Four rounds in a row that apply
    /// nothing end the follow-ups: a vendor that is down is not hammered.
    private func sendRounds(
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

        var ledger = OutcomeLedger()
        let claims = VendorAccountClaims(store: store, target: plan.target)
        var actions = plan.actions
        var round = 0
        var idleRounds = 0
        var stopError: DispatchError?
        // Users whose lookup failed in a round: looked up again in the next one.
        var carried: [BatchSettlement.Entry] = []
        while !actions.isEmpty || !carried.isEmpty {
            let isLastRound = round == options.followUpRounds
            let sent = await sendRound(
                actions, through: connector, claims: claims, options: options, observeAll: isLastRound, ledger: &ledger,
                into: &report, stopError: &stopError)
            let open = sent.open + carried
            idleRounds = round == 0 || sent.applied ? 0 : idleRounds + 1
            guard !open.isEmpty, !isLastRound, stopError == nil, !report.cancelled, idleRounds < 4, !Task.isCancelled else { break }
            round += 1
            logger.info(
                "Settling open outcomes within the run",
                metadata: ["target": "\(plan.target)", "round": "\(round)", "users": "\(open.count)"])
            try? await Task.sleep(for: options.followUpDelay * (1 << min(round - 1, 3)))
            do throws(PendingResolver.Failure) {
                (actions, carried) = try await followUp(
                    open, through: connector, adoption: options.adoption, ledger: &ledger, report: &report)
            } catch {
                report.resolution.add(error.resolution)
                stopError = error.error
                break
            }
        }
        ledger.finish(into: &report, observer: observer, target: plan.target)
        if report.cancelled {
            logger.notice(
                "Dispatch cancelled: no new batch started",
                metadata: ["target": "\(plan.target)", "notSent": "\(report.notSent)"])
        }
        if let stopError { throw stopError }
    }

    /// The actions that settle `open` entries: unknown creates and existing accounts are resolved
    /// through the store's pending records (lookup, ownership), failures are sent again as they were.
    private func followUp(
        _ open: [BatchSettlement.Entry], through connector: any ImportConnector, adoption: AdoptionPolicy,
        ledger: inout OutcomeLedger, report: inout TargetDispatchReport
    ) async throws(PendingResolver.Failure) -> (next: [SyncAction], lookUpAgain: [BatchSettlement.Entry]) {
        var pending: Set<Anchor> = []
        var known: [Anchor: String] = [:]
        var dns: [Anchor: String] = [:]
        var next: [SyncAction] = []
        var refusedAdoptions: [UserIssue] = []
        for entry in open {
            dns[entry.action.anchor] = entry.action.dn
            switch entry.outcome {
            case .exists(let vendorId, _) where adoption == .never:
                refusedAdoptions.append(UserIssue(
                    anchor: entry.action.anchor, dn: entry.action.dn, action: entry.action.kind, field: nil,
                    message: "\(entry.action.kind) of \(entry.action.dn): the vendor already holds an account with this"
                        + " user's key (\(vendorId)) and the target's adopt is 'never': link it by hand or set adopt: match"))
            case .exists(let vendorId, _):
                pending.insert(entry.action.anchor)
                known[entry.action.anchor] = vendorId
                ledger.markAdopting(entry.action.anchor)
            case .unknown:
                pending.insert(entry.action.anchor)
            default:
                next.append(entry.action)
            }
        }
        if !refusedAdoptions.isEmpty {
            let byAnchor = Dictionary(open.map { ($0.action.anchor, $0.action) }, uniquingKeysWith: { first, _ in first })
            let outcomes = refusedAdoptions.compactMap { issue in byAnchor[issue.anchor].map { SnapshotOutcome.failed($0, error: issue.message) } }
            do {
                try await store.record(outcomes, target: connector.target)
            } catch {
                throw PendingResolver.Failure(
                    resolution: PendingResolution(),
                    error: DispatchError(code: .storeWriteFailed, target: connector.target, message: "recording refused adoptions failed: \(error)"))
            }
            ledger.settle(rejected: refusedAdoptions, held: [])
        }
        guard !pending.isEmpty else { return (next, []) }
        let planned = Dictionary(open.map { ($0.action.anchor, $0.action) }, uniquingKeysWith: { first, _ in first })
        let resolution = try await PendingResolver(store: store, logger: logger)
            .resolve(through: connector, anchors: pending, known: known, dns: dns, planned: planned)
        report.resolution.add(resolution)
        ledger.settle(rejected: resolution.rejected, held: resolution.held)
        let held = Set(resolution.held.map(\.anchor))
        return (next + resolution.next, open.filter { held.contains($0.action.anchor) })
    }

    /// Sends `actions` in batches of at most `connector.maxBatchSize`, up to
    /// ``DispatchOptions/concurrency`` at once, and returns the entries still open and whether
    /// the round made progress (applied something, or learnt of an existing account).
    ///
    /// The store is written a chunk at a time (``RoundWriter``): the next chunk's pending marks,
    /// with the outcomes finished since, while the current chunk is being sent. An outcome counts
    /// (report, ledger, observer) once it is written.
    private func sendRound(
        _ actions: [SyncAction], through connector: any ImportConnector, claims: VendorAccountClaims,
        options: DispatchOptions, observeAll: Bool,
        ledger: inout OutcomeLedger, into report: inout TargetDispatchReport, stopError: inout DispatchError?
    ) async -> (open: [BatchSettlement.Entry], applied: Bool) {
        let batchSize = max(1, connector.maxBatchSize)
        let batches = stride(from: 0, to: actions.count, by: batchSize).map {
            Array(actions[$0..<min($0 + batchSize, actions.count)])
        }
        let target = connector.target
        let writer = RoundWriter(store: store, target: target, secretFields: VendorSchema.builtIn(connector.vendor).secretFields)
        let deletesOnDisable = connector.deprovision == .delete
        let concurrency = options.concurrency
        // Only open entries are kept: a first sync's settled ones go straight into the report.
        var open: [BatchSettlement.Entry] = []
        var applied = false
        var firstError = stopError

        /// Counts what a write recorded; a batch whose outcomes it could not write stays pending.
        func settle(_ written: RoundWriter.Written, of runs: [BatchRun]) {
            for (index, run) in runs.enumerated() {
                report.sent += run.actions.count
                if let failure = written.unrecorded[index] {
                    report.unknown += run.actions.map { action in
                        UserIssue(
                            anchor: action.anchor, dn: action.dn, action: action.kind, field: nil,
                            message: "\(action.kind) of \(action.dn): sent, but its outcome could not be recorded; left pending")
                    }
                    firstError = firstError ?? DispatchError(
                        code: .storeWriteFailed, target: target,
                        message: "recording the outcomes of \(run.actions.count) sent action(s) failed; they stay pending"
                            + " and are resolved by the next run: \(failure)")
                    continue
                }
                for (position, entry) in run.settlement.entries.enumerated() {
                    // An open outcome is observed once it is settled (or the follow-ups end), not twice.
                    if observeAll || !entry.needsFollowUp {
                        observer?.didRecord(target: target, action: entry.action.kind, result: entry.result)
                    }
                    ledger.record(entry, observedAll: observeAll, into: &report)
                    if entry.needsFollowUp {
                        var unsettled = entry
                        unsettled.action = run.planned[position]
                        open.append(unsettled)
                    }
                    // Learning that an account exists is progress too: the next round adopts it.
                    if entry.result == .applied { applied = true }
                    if case .exists = entry.outcome { applied = true }
                }
            }
            if let failure = written.markFailure {
                firstError = firstError ?? DispatchError(code: .storeWriteFailed, target: target, message: failure)
            }
        }

        var nextToMark = 0
        /// Marks the next chunk of batches with the outcomes of `finished`, out of reach of the
        /// run's cancellation (an unstructured task), while the caller goes on sending.
        func markNextChunk(
            writing finished: [BatchRun]
        ) -> (runs: [BatchRun], planned: [[SyncAction]], actions: Int, task: Task<RoundWriter.Written, Never>) {
            var end = nextToMark
            var count = 0
            while end < batches.count, count < RoundWriter.chunkActions {
                count += batches[end].count
                end += 1
            }
            let chunk = Array(batches[nextToMark..<end])
            nextToMark = end
            let outcomes = finished.map(\.settlement.storeOutcomes)
            return (finished, chunk, count, Task { await writer.write(outcomes: outcomes, marking: chunk) })
        }

        var marking = batches.isEmpty ? nil : markNextChunk(writing: [])
        // Marked pending, not started: each batch as planned (a create's payload mapped when read)
        // and as sent (its payload held).
        var ready: [(planned: [SyncAction], marked: [SyncAction])] = []
        var readyStart = 0
        var finished: [BatchRun] = []  // outcomes not written yet

        /// Waits for a chunk's write: counts the outcomes it recorded, and its batches marked
        /// become ready (those whose mark failed are not sent).
        func receive(_ chunk: (runs: [BatchRun], planned: [[SyncAction]], actions: Int, task: Task<RoundWriter.Written, Never>)) async {
            let written = await chunk.task.value
            settle(written, of: chunk.runs)
            report.notSent += chunk.actions - written.marked.reduce(0) { $0 + $1.count }
            if readyStart == ready.count {
                ready.removeAll(keepingCapacity: true)
                readyStart = 0
            }
            ready += zip(chunk.planned, written.marked).map { (planned: $0, marked: $1) }
        }
        await withTaskGroup(of: BatchRun.self) { group in
            var inFlight = 0
            while true {
                while firstError == nil, !report.cancelled, inFlight < concurrency {
                    if readyStart == ready.count {
                        guard let chunk = marking else { break }
                        await receive(chunk)
                        marking = nil
                        if firstError == nil, nextToMark < batches.count, !Task.isCancelled {
                            marking = markNextChunk(writing: finished)
                            finished = []
                        }
                        continue
                    }
                    if Task.isCancelled {
                        report.cancelled = true
                        break
                    }
                    let (planned, batch) = ready[readyStart]
                    readyStart += 1
                    inFlight += 1
                    group.addTask {
                        // Unstructured: cancellation of the run must not interrupt a batch once
                        // it is marked pending, or its outcome would be lost.
                        await Task {
                            await self.run(
                                batch, planned: planned, through: connector, claims: claims, deletesOnDisable: deletesOnDisable,
                                secretFields: writer.secretFields)
                        }.value
                    }
                }
                guard let done = await group.next() else { break }
                inFlight -= 1
                finished.append(done)
                if let error = done.error, firstError == nil {
                    firstError = error
                }
            }
        }
        // Winding down: the chunk still being marked, then the outcomes not written yet, with the
        // release of what was marked and not sent.
        if let chunk = marking { await receive(chunk) }
        let unsent = ready[readyStart...].flatMap(\.marked)
        let reason = firstError.map { "not sent: \($0.message)" } ?? "not sent: the run was cancelled before it was sent"
        let release = unsent.map { SnapshotOutcome.failed($0, error: "\($0.kind) of \($0.dn): \(reason)") }
        let outcomes = finished.map(\.settlement.storeOutcomes) + (release.isEmpty ? [] : [release])
        let written = await Task { await writer.write(outcomes: outcomes) }.value
        settle(written, of: finished)
        if let failure = written.unrecorded[finished.count] {
            logger.warning("Releasing actions marked and not sent failed; they stay pending", metadata: [
                "target": "\(target)", "actions": "\(unsent.count)", "error": "\(failure)",
            ])
        }
        report.notSent += unsent.count + batches[nextToMark...].reduce(0) { $0 + $1.count }
        stopError = firstError
        return (open, applied)
    }

    /// What one batch came to.
    private struct BatchRun: Sendable {
        var actions: [SyncAction]
        /// `actions` as planned: what an open entry keeps, so that a tenant's worth of creates
        /// answered "exists" does not hold every payload until the follow-up round.
        var planned: [SyncAction]
        var settlement: BatchSettlement
        var error: DispatchError?
    }

    /// Sends one batch, already marked pending, and settles its answer (not yet written).
    private func run(
        _ batch: [SyncAction], planned: [SyncAction], through connector: any ImportConnector,
        claims: VendorAccountClaims, deletesOnDisable: Bool, secretFields: Set<String>
    ) async -> BatchRun {
        let outcomes = await claims.settle(await connector.apply(batch), of: batch)
        let settlement = BatchSettlement(
            batch: batch, outcomes: outcomes, deletesOnDisable: deletesOnDisable, secretFields: secretFields)
        let refusal = settlement.targetRefusal.map {
            DispatchError(code: .targetRefused, target: connector.target, message: "the vendor refused the target: \($0); nothing more is sent to it this run")
        }
        return BatchRun(actions: batch, planned: planned, settlement: settlement, error: refusal)
    }
}
