import Connectors
import DirBridgeConfig
import DirBridgeCore
import Foundation
import Logging

/// A canary lifecycle against one target's live vendor: create, look up, create again, update,
/// re-import, deprovision, each step reported with what the vendor answered and which of
/// dirbridge's assumptions (`docs/vendor-behaviour.md`) it confirms or contradicts.
///
/// The canary's payload comes from the target's own mapping, so what is probed is what a sync
/// would send. Every request carries the canary's identity only; the canary is removed at the
/// end whatever failed before (or named, to remove by hand). Nothing is written to the store.
package struct TargetProbe: Sendable {
    package let target: TargetConfiguration
    package let canary: ProbeCanary
    /// Leave the canary at the vendor instead of removing it (required where deprovision is `ignore`).
    package let leavesCanary: Bool
    /// The canary as a sync would send it, and the same after its title changed.
    let createdPayload: TargetPayload
    let updatedPayload: TargetPayload
    let logger: Logger

    static let createdTitle = "dirbridge probe"
    static let updatedTitle = "dirbridge probe (updated)"

    package init(
        configuration: LoadedConfiguration, target: TargetConfiguration, canary: ProbeCanary, leavesCanary: Bool, logger: Logger
    ) throws(ProbeError) {
        if (target.effectiveDeprovision ?? .ignore) == .ignore, !leavesCanary {
            throw ProbeError(
                code: .refused, target: target.name,
                message: "its deprovision is 'ignore', so the probe could not remove its canary afterwards; "
                    + "run it with --leave-canary to accept that the canary (\(canary.name)) stays at \(target.vendor.rawValue)")
        }
        let mapper = Mapper(mapping: configuration.mappings[target.name] ?? Mapping(vendor: target.vendor, fields: [:]))
        self.target = target
        self.canary = canary
        self.leavesCanary = leavesCanary
        self.logger = logger
        createdPayload = try Self.payload(of: canary.directoryUser(title: Self.createdTitle), mapper: mapper, target: target)
        updatedPayload = try Self.payload(of: canary.directoryUser(title: Self.updatedTitle), mapper: mapper, target: target)
    }

    /// The payload a sync would send for `user`, checked against the vendor's schema as a sync checks it.
    private static func payload(of user: DirectoryUser, mapper: Mapper, target: TargetConfiguration) throws(ProbeError) -> TargetPayload {
        let problems: [String]
        switch mapper.map(user) {
        case .failure(let failure):
            problems = failure.errors.map { "\($0.field): \($0.reason)" }
        case .success(let mapped):
            let rejections = SchemaValidator.validate(mapped, against: .builtIn(target.vendor))
            guard !rejections.isEmpty else { return mapped.payload }
            problems = rejections.map { "\($0.field): \($0.reason)" }
        }
        throw ProbeError(
            code: .mappingRejectsCanary, target: target.name,
            message: "the target's mapping rejects the canary (\(problems.joined(separator: "; "))); "
                + "nothing was sent. Give the canary what the mapping needs (--name, --mail) or check the mapping")
    }

    /// Runs every step, then removes the canary; never throws: a failure is a failed step.
    package func run() async -> ProbeReport {
        let log = HTTPExchangeLog()
        var report = ProbeReport(
            target: target.name, vendor: target.vendor.rawValue, deprovision: (target.effectiveDeprovision ?? .ignore).rawValue,
            canary: .init(name: canary.name, mail: canary.mail, anchor: canary.anchor.value, vendorId: nil), steps: [],
            cleanup: ProbeCleanup(status: .removed, detail: "nothing was created"))
        let connection: TargetConnection
        switch await connect(target, log: log) {
        case .success(let opened): connection = opened
        case .failure(let error):
            report.steps.append(ProbeStep(
                name: "connect", request: "open a session with \(target.baseURL)", answer: "\(error)", exchanges: log.drain().map(\.summary),
                milliseconds: 0, verdict: .failed("the target accepts dirbridge's credentials", "\(error)")))
            return report
        }
        var state = ProbeState()
        await runSteps(connection.connector, log: log, state: &state, report: &report)
        report.canary.vendorId = state.vendorId
        report.cleanup = await cleanUp(log: log, state: state)
        await connection.connector.close()
        await connection.close()
        return report
    }

    /// A connection to `target` whose session is open, its exchanges recorded in `log`.
    func connect(_ target: TargetConfiguration, log: HTTPExchangeLog) async -> Result<TargetConnection, any Error> {
        let connection: TargetConnection
        do {
            connection = try await CurlConnectorProvider(exchangeLog: log).connect(target, logger: logger)
        } catch {
            return .failure(error)
        }
        do {
            try await connection.connector.open()
            return .success(connection)
        } catch {
            await connection.close()
            return .failure(error)
        }
    }

    /// Runs `body` as one step: its duration and the exchanges it made are recorded with it.
    func step(
        _ name: String, request: String, log: HTTPExchangeLog, _ body: () async -> (answer: String, verdict: ProbeVerdict)
    ) async -> ProbeStep {
        _ = log.drain()
        let started = ContinuousClock.now
        let (answer, verdict) = await body()
        let elapsed = ContinuousClock.now - started
        let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        return ProbeStep(
            name: name, request: request, answer: answer, exchanges: log.drain().map(\.summary), milliseconds: milliseconds,
            verdict: verdict)
    }

    /// The canary's action of `kind`, as the planner would make it.
    func action(_ kind: ActionKind, _ payload: TargetPayload, vendorId: String?) -> SyncAction {
        SyncAction(
            kind: kind, anchor: canary.anchor, dn: canary.dn, vendorId: vendorId, payload: payload, payloadHash: payload.hash,
            changes: nil)
    }

    /// Sends one canary action and returns its outcome.
    func send(_ action: SyncAction, through connector: any ImportConnector) async -> ActionOutcome.Result {
        await connector.apply([action]).first { $0.anchor == action.anchor }?.result
            ?? .failed(reason: "the connector returned no outcome for the canary")
    }
}

/// What the probe knows about its canary between steps.
struct ProbeState: Sendable {
    /// The canary's vendor id, once a create or lookup named it.
    var vendorId: String?
    /// A create whose outcome nobody proved: the canary may exist under no known id.
    var mayExist = false
    /// The canary is gone from the vendor (deleted and no longer found).
    var removed = false
    /// Accounts a repeated create made beside the canary (a vendor that accepts duplicates):
    /// the canary's identity too, removed with it.
    var strays: [String] = []
    /// Disabled by the deprovision step.
    var disabled = false
    /// The target with the option values that proved to work (Forms On Fire `delete_parameters`),
    /// for the cleanup.
    var workingTarget: TargetConfiguration?
}
