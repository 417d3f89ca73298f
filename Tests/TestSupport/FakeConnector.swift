import Connectors
import DirBridgeCore
import Synchronization

/// An in-memory ``ImportConnector`` for the dispatcher's pure logic: a tiny vendor keyed by the
/// payload's `userName`, a scripted answer per action, and a log of what was called.
package final class FakeConnector: ImportConnector {
    /// What the fake vendor does with one action.
    package enum Decision: Sendable {
        case apply
        case reject(field: String?, reason: String)
        case fail(String)
        /// The vendor applied it, then the answer was lost (timeout after send, crash).
        case unknownAfterApplying
        /// The request never reached the vendor, and the client cannot tell.
        case unknownNotApplied
        /// The connector forgets to answer for this action.
        case noOutcome
        /// The vendor answers that it already holds an account under the user's key (a conflict).
        case exists
        /// The vendor refuses the target itself (wrong auth source, credentials).
        case refuseTarget
    }

    package struct Script: Sendable {
        package var openError: ConnectorError?
        package var decide: @Sendable (SyncAction) -> Decision = { _ in .apply }
        package var lookupSupported = true
        package var lookupError: ConnectorError?
        /// The users whose lookup throws `lookupError`; `nil`: everyone's.
        package var lookupErrorFor: Set<String>?
        /// How many lookups of such a user throw before one answers; `nil`: all of them.
        package var lookupErrorTimes: Int?
        /// How long each apply takes, so batches overlap.
        package var applyDelay: Duration = .zero
        /// Runs inside apply, before the vendor changes anything.
        package var beforeApply: (@Sendable ([SyncAction]) async -> Void)?
        /// Added to `statistics.retried` per apply call.
        package var retriesPerApply = 0

        package init() {}
    }

    package struct VendorUser: Sendable, Hashable {
        package var id: String
        package var payload: TargetPayload
        package var enabled: Bool

        package init(id: String, payload: TargetPayload, enabled: Bool) {
            self.id = id
            self.payload = payload
            self.enabled = enabled
        }
    }

    package struct State: Sendable {
        package var calls: [String] = []
        package var batchSizes: [Int] = []
        package var inFlight = 0
        package var peakInFlight = 0
        package var users: [String: VendorUser] = [:]
        package var creates: [String: Int] = [:]
        package var nextId = 1
        package var statistics = ConnectorStatistics()
    }

    package let target: String
    package let vendor: VendorKind
    package let maxBatchSize: Int
    package let matchField: String?
    package let deprovision: DeprovisionPolicy
    package let script: Script
    package let state = Mutex(State())

    package init(
        target: String = "fake", vendor: VendorKind = .requestor, maxBatchSize: Int = 100,
        deprovision: DeprovisionPolicy = .disable, keyField: String = "userName", script: Script = Script()
    ) {
        matchField = keyField
        self.target = target
        self.vendor = vendor
        self.maxBatchSize = maxBatchSize
        self.deprovision = deprovision
        self.script = script
    }

    package var snapshot: State { state.withLock { $0 } }
    package var statistics: ConnectorStatistics { state.withLock { $0.statistics } }

    /// The fake vendor's key of a payload: its `keyField`, as a real vendor's user name.
    package func key(_ payload: TargetPayload) -> String {
        if let matchField, case .string(let name)? = payload[matchField] { return name }
        return ""
    }

    package func open() async throws(ConnectorError) {
        state.withLock { $0.calls.append("open") }
        if let error = script.openError { throw error }
    }

    package func apply(_ batch: [SyncAction]) async -> [ActionOutcome] {
        state.withLock {
            $0.calls.append("apply(\(batch.count))")
            $0.batchSizes.append(batch.count)
            $0.inFlight += 1
            $0.peakInFlight = max($0.peakInFlight, $0.inFlight)
            $0.statistics.sent += 1
            $0.statistics.retried += script.retriesPerApply
        }
        if let beforeApply = script.beforeApply { await beforeApply(batch) }
        if script.applyDelay > .zero { try? await Task.sleep(for: script.applyDelay) }
        let outcomes = batch.compactMap { action -> ActionOutcome? in
            let decision = script.decide(action)
            let result: ActionOutcome.Result
            switch decision {
            case .apply: result = .applied(vendorId: vendorApply(action))
            case .reject(let field, let reason): result = .rejected(field: field, reason: "\(action.dn): \(reason)")
            case .fail(let reason): result = .failed(reason: reason)
            case .unknownAfterApplying:
                _ = vendorApply(action)
                result = .unknown(reason: "timeout after sending")
            case .unknownNotApplied: result = .unknown(reason: "connection dropped")
            case .noOutcome: return nil
            case .exists:
                guard let id = state.withLock({ $0.users[key(action.payload)]?.id }) else {
                    result = .rejected(field: nil, reason: "\(action.dn): conflict without an existing account")
                    break
                }
                result = .exists(vendorId: id, reason: "\(action.dn): already exists as \(id)")
            case .refuseTarget: result = .targetRefused(reason: "auth source does not exist")
            }
            return ActionOutcome(anchor: action.anchor, result: result)
        }
        state.withLock { $0.inFlight -= 1 }
        return outcomes
    }

    /// Changes the fake vendor; returns the id a real vendor would answer with.
    private func vendorApply(_ action: SyncAction) -> String? {
        let name = key(action.payload)
        return state.withLock { state in
            switch action.kind {
            case .create, .reimport:
                let id = state.users[name]?.id ?? "V-\(state.nextId)"
                if state.users[name] == nil { state.nextId += 1 }
                if action.kind == .create { state.creates[name, default: 0] += 1 }
                state.users[name] = VendorUser(id: id, payload: action.payload, enabled: true)
                return id
            case .update, .adopt:
                state.users[name]?.payload = action.payload
                return nil
            case .disable:
                if deprovision == .delete { state.users[name] = nil } else { state.users[name]?.enabled = false }
                return nil
            }
        }
    }

    package func lookup(naturalKeyOf payload: TargetPayload) async throws(ConnectorError) -> LookupResult {
        let call = "lookup(\(key(payload)))"
        let earlier = state.withLock { state in
            defer { state.calls.append(call) }
            return state.calls.count { $0 == call }
        }
        if let error = script.lookupError, script.lookupErrorFor?.contains(key(payload)) ?? true,
           earlier < script.lookupErrorTimes ?? .max { throw error }
        guard script.lookupSupported else { return .unsupported }
        return state.withLock { $0.users[key(payload)] }.map { .found(vendorId: $0.id) } ?? .notFound
    }

    package func checkAccess() async throws(ConnectorError) -> AccessCheck { .verified }

    package func listAccounts() async throws(ConnectorError) -> [UnmanagedAccount]? { nil }

    package func close() async {
        state.withLock { $0.calls.append("close") }
    }
}
