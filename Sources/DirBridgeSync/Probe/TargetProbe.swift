import Connectors
import DirBridgeConfig
import DirBridgeCore
import Foundation
import Logging

/// A canary lifecycle against one live target, to learn how the vendor behaves where its
/// documents are silent before trusting it with the directory: one clearly named test user is
/// created, looked up, created again (the duplicate answer), updated, re-imported with its id
/// and deprovisioned, and each answer is compared with what dirbridge assumes. Only the canary's
/// identity is ever sent, and nothing is written to the snapshot store.
package struct TargetProbe {
    package let target: TargetConfiguration
    package let mapping: Mapping
    package let canaryName: String
    package let canaryMail: String
    package let connectors: any ConnectorProvider
    package let logger: Logger

    package init(
        target: TargetConfiguration, mapping: Mapping, canaryName: String, canaryMail: String,
        connectors: any ConnectorProvider = CurlConnectorProvider(), logger: Logger
    ) {
        self.target = target
        self.mapping = mapping
        self.canaryName = canaryName
        self.canaryMail = canaryMail
        self.connectors = connectors
        self.logger = logger
    }

    /// The canary as the directory would describe it: every attribute the shipped mappings read.
    var canary: DirectoryUser {
        DirectoryUser(
            // Shaped like a real anchor (entryUUID, objectGUID): vendors limit the field's length.
            anchor: Anchor(UUID().uuidString.lowercased()),
            dn: "uid=\(canaryName),ou=dirbridge-probe", enabled: true,
            attributes: [
                "uid": [canaryName], "sAMAccountName": [canaryName], "cn": ["dirbridge probe"], "mail": [canaryMail],
                "givenName": ["dirbridge"], "sn": ["probe"], "title": ["dirbridge probe"], "employeeNumber": [canaryName],
                "userPrincipalName": [canaryMail], "displayName": ["dirbridge probe"],
            ],
            groups: [])
    }

    package func run() async throws -> ProbeReport {
        var report = ProbeReport(target: target.name, vendor: target.vendor, canary: canaryName)
        let user = canary
        let payload: TargetPayload
        switch Mapper(mapping: mapping).map(user) {
        case .success(let mapped): payload = mapped.payload
        case .failure(let failure):
            report.add(.init(step: "map", outcome: "the mapping refuses the canary", verdict: .failed(
                failure.errors.map { "\($0.field): \($0.reason)" }.joined(separator: "; "))))
            return report
        }
        let connection = try await connectors.connect(target, logger: logger)
        let connector = connection.connector
        do {
            try await connector.open()
            try await steps(user: user, payload: payload, connector: connector, into: &report)
        } catch {
            report.add(.init(step: "open", outcome: "\(error)", verdict: .failed("the target cannot be reached")))
        }
        await connector.close()
        await connection.close()
        return report
    }

    private func steps(
        user: DirectoryUser, payload: TargetPayload, connector: any ImportConnector, into report: inout ProbeReport
    ) async throws {
        func action(_ kind: ActionKind, _ payload: TargetPayload, id: String?) -> SyncAction {
            SyncAction(kind: kind, anchor: user.anchor, dn: user.dn, vendorId: id, payload: payload, payloadHash: payload.hash, changes: nil)
        }
        func send(_ step: String, _ action: SyncAction) async -> (ActionOutcome.Result, Duration) {
            let started = ContinuousClock.now
            let result = await connector.apply([action]).first { $0.anchor == user.anchor }?.result
                ?? .unknown(reason: "no answer for the canary")
            return (result, ContinuousClock.now - started)
        }

        // 1. Create: applied only when the documented success answer names the canary.
        let (created, createTime) = await send("create", action(.create, payload, id: nil))
        var id: String?
        switch created {
        case .applied(let vendorId):
            id = vendorId
            report.add(.init(step: "create", outcome: "applied, id \(vendorId ?? "none")", duration: createTime, verdict: .confirmed(
                "the success answer names the user")))
        case .rejected, .targetRefused:
            report.add(.init(step: "create", outcome: Self.describe(created), duration: createTime, verdict: .failed(
                "the canary was refused, so nothing was created and nothing else can be probed")))
            return
        default:
            report.add(.init(step: "create", outcome: Self.describe(created), duration: createTime, verdict: .failed(
                "the canary's create has no proven outcome; nothing else can be probed")))
            await cleanUp(user: user, payload: payload, id: nil, connector: connector, into: &report)
            return
        }

        // 2. Lookup by the natural key: what settles an unknown outcome.
        if let field = connector.matchField {
            let started = ContinuousClock.now
            do {
                let found = try await connector.lookup(naturalKeyOf: payload)
                let time = ContinuousClock.now - started
                switch found {
                case .found(let foundId) where id == nil || foundId.lowercased() == id?.lowercased():
                    id = id ?? foundId
                    report.add(.init(step: "lookup", outcome: "found by \(field), id \(foundId)", duration: time, verdict: .confirmed(
                        "a lookup finds what a create made: unknown outcomes are settled without a second create")))
                case .found(let foundId):
                    report.add(.init(step: "lookup", outcome: "found id \(foundId), the create said \(id ?? "-")", duration: time,
                                     verdict: .contradicted("the lookup's id is not the create's: check the vendor's id field")))
                case .notFound:
                    report.add(.init(step: "lookup", outcome: "not found by \(field)", duration: time, verdict: .contradicted(
                        "a user just created is not found: unknown creates would be sent again; check the lookup options")))
                case .unsupported:
                    report.add(.init(step: "lookup", outcome: "no lookup", duration: time, verdict: .note(
                        "the vendor has no lookup: unknown outcomes are settled by re-sending, which its import must tolerate")))
                }
            } catch {
                report.add(.init(step: "lookup", outcome: "\(error)", duration: ContinuousClock.now - started,
                                 verdict: .failed("the lookup failed")))
            }
        } else {
            report.add(.init(step: "lookup", outcome: "no lookup", verdict: .note(
                "the vendor has no lookup: unknown outcomes are settled by re-sending, which its import must tolerate")))
        }

        // 3. The same create again: how the vendor says "already exists".
        let (again, againTime) = await send("duplicate", action(.create, payload, id: nil))
        switch again {
        case .exists(let vendorId, _):
            report.add(.init(step: "duplicate create", outcome: "exists, id \(vendorId)", duration: againTime, verdict: .confirmed(
                "a duplicate is recognised: the account is adopted, never created twice")))
        case .applied(let vendorId) where vendorId == nil || vendorId?.lowercased() == id?.lowercased():
            report.add(.init(step: "duplicate create", outcome: "applied to the same account", duration: againTime, verdict: .confirmed(
                "the import is idempotent: a repeated create updates the same user")))
        case .applied(let vendorId):
            id = id ?? vendorId
            report.add(.init(step: "duplicate create", outcome: "a second account, id \(vendorId ?? "none")", duration: againTime,
                             verdict: .contradicted("the vendor creates duplicates: never re-send a create whose outcome is unknown")))
        default:
            report.add(.init(step: "duplicate create", outcome: Self.describe(again), duration: againTime, verdict: .note(
                "a duplicate is refused without naming the account: dirbridge settles it by lookup before anything is resent")))
        }

        // 4. Update, 5. re-import with the id: changes reach the account the id names.
        var changed = payload
        for (field, value) in payload.fields {
            if case .string(let text) = value, text == "dirbridge probe" { changed.fields[field] = .string("dirbridge probe (updated)") }
        }
        let (updated, updateTime) = await send("update", action(.update, changed, id: id))
        report.add(.init(step: "update", outcome: Self.describe(updated), duration: updateTime, verdict: Self.applied(updated)))
        let (reimported, reimportTime) = await send("reimport", action(.reimport, changed, id: id))
        report.add(.init(step: "re-import with the id", outcome: Self.describe(reimported), duration: reimportTime,
                         verdict: Self.applied(reimported)))

        // 6. Deprovision as configured, then look again.
        await cleanUp(user: user, payload: changed, id: id, connector: connector, into: &report)
    }

    private func cleanUp(
        user: DirectoryUser, payload: TargetPayload, id: String?, connector: any ImportConnector, into report: inout ProbeReport
    ) async {
        guard target.effectiveDeprovision != .ignore, connector.deprovision != .ignore else {
            report.leftBehind = id ?? canaryName
            report.add(.init(step: "clean up", outcome: "left in place (deprovision: ignore, --leave-canary)", verdict: .note(
                "remove \(canaryName) (id \(id ?? "unknown")) by hand")))
            return
        }
        let started = ContinuousClock.now
        let result = await connector.apply([SyncAction(
            kind: .disable, anchor: user.anchor, dn: user.dn, vendorId: id, payload: payload, payloadHash: payload.hash, changes: nil)])
            .first?.result ?? .unknown(reason: "no answer for the canary")
        let verb = connector.deprovision == .delete ? "delete" : "disable"
        if case .applied = result {
            report.add(.init(step: verb, outcome: Self.describe(result), duration: ContinuousClock.now - started, verdict: .confirmed(
                "the canary is \(verb == "delete" ? "deleted" : "disabled")")))
        } else {
            report.leftBehind = id ?? canaryName
            report.add(.init(step: verb, outcome: Self.describe(result), duration: ContinuousClock.now - started, verdict: .failed(
                "the canary \(canaryName) (id \(id ?? "unknown")) is left at the vendor: remove it by hand")))
        }
    }

    private static func applied(_ result: ActionOutcome.Result) -> ProbeReport.Verdict {
        if case .applied = result { return .confirmed("the success answer names the user") }
        return .failed(describe(result))
    }

    static func describe(_ result: ActionOutcome.Result) -> String {
        switch result {
        case .applied(let id): "applied" + (id.map { ", id \($0)" } ?? "")
        case .rejected(let field, let reason): "rejected" + (field.map { " (\($0))" } ?? "") + ": \(reason)"
        case .failed(let reason): "failed: \(reason)"
        case .unknown(let reason): "outcome unknown: \(reason)"
        case .exists(let id, let reason): "exists, id \(id): \(reason)"
        case .targetRefused(let reason): "the target refused: \(reason)"
        }
    }
}
