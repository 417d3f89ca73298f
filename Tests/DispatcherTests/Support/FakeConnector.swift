import Connectors
import DirBridgeCore
import Synchronization

/// An in-memory ``ImportConnector`` for the dispatcher's pure logic: a tiny vendor keyed by the
/// payload's `userName`, a scripted answer per action, and a log of what was called.
final class FakeConnector: ImportConnector {
    /// What the fake vendor does with one action.
    enum Decision: Sendable {
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

    struct Script: Sendable {
        var openError: ConnectorError?
        var decide: @Sendable (SyncAction) -> Decision = { _ in .apply }
        var lookupSupported = true
        var lookupError: ConnectorError?
        /// The users whose lookup throws `lookupError`; `nil`: everyone's.
        var lookupErrorFor: Set<String>?
        /// How long each apply takes, so batches overlap.
        var applyDelay: Duration = .zero
        /// Runs inside apply, before the vendor changes anything.
        var beforeApply: (@Sendable ([SyncAction]) async -> Void)?
        /// Added to `statistics.retried` per apply call.
        var retriesPerApply = 0
    }

    struct VendorUser: Sendable, Hashable {
        var id: String
        var payload: TargetPayload
        var enabled: Bool
    }

    struct State: Sendable {
        var calls: [String] = []
        var batchSizes: [Int] = []
        var inFlight = 0
        var peakInFlight = 0
        var users: [String: VendorUser] = [:]
        var creates: [String: Int] = [:]
        var nextId = 1
        var statistics = ConnectorStatistics()
    }

    let target: String
    let vendor: VendorKind
    let maxBatchSize: Int
    let matchField: String? = "userName"
    let deprovision: DeprovisionPolicy
    let script: Script
    let state = Mutex(State())

    init(
        target: String = "fake", vendor: VendorKind = .requestor, maxBatchSize: Int = 100,
        deprovision: DeprovisionPolicy = .disable, script: Script = Script()
    ) {
        self.target = target
        self.vendor = vendor
        self.maxBatchSize = maxBatchSize
        self.deprovision = deprovision
        self.script = script
    }

    var snapshot: State { state.withLock { $0 } }
    var statistics: ConnectorStatistics { state.withLock { $0.statistics } }

    static func key(_ payload: TargetPayload) -> String {
        if case .string(let name)? = payload["userName"] { return name }
        return ""
    }

    func open() async throws(ConnectorError) {
        state.withLock { $0.calls.append("open") }
        if let error = script.openError { throw error }
    }

    func apply(_ batch: [SyncAction]) async -> [ActionOutcome] {
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
                guard let id = state.withLock({ $0.users[Self.key(action.payload)]?.id }) else {
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
        let key = Self.key(action.payload)
        return state.withLock { state in
            switch action.kind {
            case .create, .reimport:
                let id = state.users[key]?.id ?? "V-\(state.nextId)"
                if state.users[key] == nil { state.nextId += 1 }
                if action.kind == .create { state.creates[key, default: 0] += 1 }
                state.users[key] = VendorUser(id: id, payload: action.payload, enabled: true)
                return id
            case .update, .adopt:
                state.users[key]?.payload = action.payload
                return nil
            case .disable:
                if deprovision == .delete { state.users[key] = nil } else { state.users[key]?.enabled = false }
                return nil
            }
        }
    }

    func lookup(naturalKeyOf payload: TargetPayload) async throws(ConnectorError) -> LookupResult {
        state.withLock { $0.calls.append("lookup(\(Self.key(payload)))") }
        if let error = script.lookupError, script.lookupErrorFor?.contains(Self.key(payload)) ?? true { throw error }
        guard script.lookupSupported else { return .unsupported }
        return state.withLock { $0.users[Self.key(payload)] }.map { .found(vendorId: $0.id) } ?? .notFound
    }

    func checkAccess() async throws(ConnectorError) -> AccessCheck { .verified }

    func listAccounts() async throws(ConnectorError) -> [UnmanagedAccount]? { nil }

    func close() async {
        state.withLock { $0.calls.append("close") }
    }
}
