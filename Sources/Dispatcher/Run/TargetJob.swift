import Connectors
import DirBridgeCore

/// One target's work in a run: its connector, how to send, and how to plan it.
public struct TargetJob: Sendable {
    public var connector: any ImportConnector
    public var options: DispatchOptions
    /// Makes the target's plan. Called after pending records are resolved, so it must read the
    /// snapshot from the store then (not earlier): resolution changes records.
    public var plan: @Sendable () async throws -> TargetPlan

    public init(
        connector: any ImportConnector, options: DispatchOptions = DispatchOptions(),
        plan: @escaping @Sendable () async throws -> TargetPlan
    ) {
        self.connector = connector
        self.options = options
        self.plan = plan
    }
}
