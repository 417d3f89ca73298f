import DirBridgeCore
import DirBridgeOps
import Dispatcher
import Synchronization

/// Feeds every recorded outcome to the metrics and, on a terminal, to a progress line per target.
package final class RunObserver: DispatchObserver {
    private let metrics: SyncMetrics
    private let showsProgress: Bool
    private let progress = Mutex<[String: (reporter: ProgressReporter, total: Int)]>([:])

    package init(metrics: SyncMetrics, showsProgress: Bool) {
        self.metrics = metrics
        self.showsProgress = showsProgress
    }

    package func willSend(target: String, actions: Int) {
        guard showsProgress, actions > 0 else { return }
        progress.withLock { $0[target] = (ProgressReporter(label: "dispatch \(target)", total: actions), actions) }
    }

    package func didRecord(target: String, action: ActionKind, result: DispatchResult) {
        switch result {
        case .applied: metrics.recordAction(target: target, kind: action, outcome: .applied)
        case .rejected:
            metrics.recordAction(target: target, kind: action, outcome: .rejected)
            metrics.recordRejections(target: target)
        case .failed: metrics.recordAction(target: target, kind: action, outcome: .failed)
        case .unknown: metrics.recordAction(target: target, kind: action, outcome: .unknown)
        }
        guard showsProgress, let (reporter, total) = progress.withLock({ $0[target] }) else { return }
        reporter.advance()
        if reporter.completedCount == total { reporter.finish() }
    }
}
