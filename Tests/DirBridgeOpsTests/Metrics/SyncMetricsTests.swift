import DirBridgeCore
import DirBridgeOps
import Foundation
import Prometheus
import Testing

@Suite struct SyncMetricsTests {
    func makeMetrics() -> (SyncMetrics, MetricsExport) {
        let registry = PrometheusCollectorRegistry()
        return (SyncMetrics(factory: MetricsExport.makeFactory(registry: registry)), MetricsExport(registry: registry))
    }

    @Test func actionCountersCarryTargetActionAndOutcome() {
        let (metrics, export) = makeMetrics()
        metrics.recordAction(target: "sertica", kind: .create, outcome: .applied)
        metrics.recordAction(target: "sertica", kind: .create, outcome: .applied)
        metrics.recordAction(target: "requestor", kind: .disable, outcome: .unknown)
        let text = export.render()
        #expect(text.contains("# TYPE dirbridge_actions_total counter"))
        #expect(text.contains(#"dirbridge_actions_total{target="sertica",action="create",outcome="applied"} 2"#))
        #expect(text.contains(#"dirbridge_actions_total{target="requestor",action="disable",outcome="unknown"} 1"#))
    }

    @Test func retriesRejectionsAndUsersRead() {
        let (metrics, export) = makeMetrics()
        metrics.recordRetry(target: "aria")
        metrics.recordRetry(target: "aria")
        metrics.recordRejections(target: "expoints", count: 3)
        metrics.recordUsersRead(100_000)
        let text = export.render()
        #expect(text.contains(#"dirbridge_retries_total{target="aria"} 2"#))
        #expect(text.contains(#"dirbridge_rejections_total{target="expoints"} 3"#))
        #expect(text.contains("dirbridge_users_read_total 100000"))
    }

    @Test func requestLatencyIsAHistogramInSeconds() {
        let (metrics, export) = makeMetrics()
        metrics.recordRequest(target: "sertica", duration: .milliseconds(30))
        metrics.recordRequest(target: "sertica", duration: .milliseconds(700))
        let text = export.render()
        #expect(text.contains("# TYPE dirbridge_request_duration_seconds histogram"))
        #expect(text.contains(#"dirbridge_request_duration_seconds_bucket{target="sertica",le="0.05"} 1"#))
        #expect(text.contains(#"dirbridge_request_duration_seconds_bucket{target="sertica",le="1.0"} 2"#))
        #expect(text.contains(#"dirbridge_request_duration_seconds_count{target="sertica"} 2"#))
    }

    @Test func runOutcomeDurationAndLastSuccessTimes() {
        let (metrics, export) = makeMetrics()
        let finished = Date(timeIntervalSince1970: 1_800_000_000)
        metrics.recordRun(outcome: .failed, duration: .seconds(3), finishedAt: finished)
        var text = export.render()
        #expect(text.contains(#"dirbridge_runs_total{outcome="failed"} 1"#))
        #expect(!text.contains("dirbridge_last_success_timestamp_seconds 1"))
        metrics.recordRun(outcome: .succeeded, duration: .seconds(42), finishedAt: finished)
        metrics.recordTargetSuccess(target: "formsonfire", at: finished)
        text = export.render()
        #expect(text.contains(#"dirbridge_runs_total{outcome="succeeded"} 1"#))
        #expect(text.contains("dirbridge_run_duration_seconds_count 2"))
        #expect(text.contains("dirbridge_last_success_timestamp_seconds 1800000000"))
        #expect(text.contains(#"dirbridge_target_last_success_timestamp_seconds{target="formsonfire"} 1800000000"#))
    }

    @Test func bootstrapIsIdempotentAndFeedsTheDefaultFactory() {
        let first = MetricsExport.bootstrap()
        let second = MetricsExport.bootstrap()
        #expect(first.registry === second.registry)
        SyncMetrics().recordRetry(target: "bootstrap-check")
        #expect(first.render().contains(#"dirbridge_retries_total{target="bootstrap-check"} 1"#))
    }
}
