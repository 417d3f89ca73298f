import CoreMetrics
import DirBridgeCore
import Foundation
import Synchronization

/// The metrics a sync run records, with fixed names and labels (Prometheus style).
///
/// Backed by swift-metrics: by default the process-wide factory set by
/// ``MetricsExport/bootstrap()``; tests pass their own factory. Cheap to copy and `Sendable`.
///
/// | name | type | labels |
/// | --- | --- | --- |
/// | `dirbridge_actions_total` | counter | target, action, outcome |
/// | `dirbridge_retries_total` | counter | target |
/// | `dirbridge_rejections_total` | counter | target |
/// | `dirbridge_request_duration_seconds` | histogram | target |
/// | `dirbridge_users_read_total` | counter | — |
/// | `dirbridge_run_duration_seconds` | histogram | — |
/// | `dirbridge_runs_total` | counter | outcome |
/// | `dirbridge_last_success_timestamp_seconds` | gauge | — |
/// | `dirbridge_target_last_success_timestamp_seconds` | gauge | target |
package struct SyncMetrics: Sendable {
    /// How one action ended at its target.
    package enum ActionOutcome: String, Sendable, CaseIterable {
        case applied, rejected, failed, unknown
    }

    /// How a whole run ended.
    package enum RunOutcome: String, Sendable, CaseIterable {
        case succeeded, failed
        /// Stopped before sending by the safety threshold.
        case blocked
    }

    package enum Name {
        package static let actions = "dirbridge_actions_total"
        package static let retries = "dirbridge_retries_total"
        package static let rejections = "dirbridge_rejections_total"
        package static let requestDuration = "dirbridge_request_duration_seconds"
        package static let usersRead = "dirbridge_users_read_total"
        package static let runDuration = "dirbridge_run_duration_seconds"
        package static let runs = "dirbridge_runs_total"
        package static let lastSuccess = "dirbridge_last_success_timestamp_seconds"
        package static let targetLastSuccess = "dirbridge_target_last_success_timestamp_seconds"
    }

    private let factory: any MetricsFactory
    private let actionCounters = ActionCounters()

    /// - Parameter factory: defaults to the bootstrapped process-wide factory.
    package init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// One action's final outcome at `target`.
    package func recordAction(target: String, kind: ActionKind, outcome: ActionOutcome) {
        actionCounters.counter(for: ActionCounters.Key(target: target, kind: kind, outcome: outcome)) {
            Counter(
                label: Name.actions,
                dimensions: [("target", target), ("action", kind.rawValue), ("outcome", outcome.rawValue)],
                factory: factory)
        }.increment()
    }

    /// A request to `target` was retried (each retry counts once).
    package func recordRetry(target: String) {
        Counter(label: Name.retries, dimensions: [("target", target)], factory: factory).increment()
    }

    /// `count` users were rejected before or by `target` (schema violation, vendor validation).
    package func recordRejections(target: String, count: Int = 1) {
        Counter(label: Name.rejections, dimensions: [("target", target)], factory: factory).increment(by: count)
    }

    /// Latency of one HTTP request to `target`.
    package func recordRequest(target: String, duration: Duration) {
        Timer(label: Name.requestDuration, dimensions: [("target", target)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// Users read from the directory in a run.
    package func recordUsersRead(_ count: Int) {
        Counter(label: Name.usersRead, factory: factory).increment(by: count)
    }

    /// A run ended: counts it by outcome, records its duration and, on success, the time.
    package func recordRun(outcome: RunOutcome, duration: Duration, finishedAt: Date = Date()) {
        Counter(label: Name.runs, dimensions: [("outcome", outcome.rawValue)], factory: factory).increment()
        Timer(label: Name.runDuration, factory: factory).recordNanoseconds(duration.nanoseconds)
        if outcome == .succeeded {
            Gauge(label: Name.lastSuccess, factory: factory).record(finishedAt.timeIntervalSince1970)
        }
    }

    /// Every action for `target` in this run was applied (or there was nothing to do).
    package func recordTargetSuccess(target: String, at date: Date = Date()) {
        Gauge(label: Name.targetLastSuccess, dimensions: [("target", target)], factory: factory)
            .record(date.timeIntervalSince1970)
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product + attoseconds / 1_000_000_000
    }
}

/// The counters of ``SyncMetrics/Name/actions`` made so far, one per label set. A first sync
/// counts half a million actions, and making the counter for each (a registry lookup that
/// checks every name and label) cost more than recording the outcome in the store.
private final class ActionCounters: Sendable {
    struct Key: Hashable {
        let target: String
        let kind: ActionKind
        let outcome: SyncMetrics.ActionOutcome
    }

    private let counters = Mutex<[Key: Counter]>([:])

    func counter(for key: Key, make: () -> Counter) -> Counter {
        counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = make()
            counters[key] = counter
            return counter
        }
    }
}
