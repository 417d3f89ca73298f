import Connectors
import DirBridgeConfig
import DirBridgeCore
import Logging
import SnapshotStore

/// The match report: the users a plan would create are looked up at the vendor by its match key,
/// so that accounts that already exist are shown — and later taken over — as `adopt`, never
/// created a second time, and never given to a second person. `plan` runs it on every plan; a
/// sync runs it on targets it has synced before, where creates are the few new hires, so that a
/// vendor answering a create of an account it holds as a success (an upsert) cannot link one the
/// plan never showed, nor one `adopt: never` forbids.
///
/// Only reads: lookups, and the snapshot's vendor ids. A found account is adopted only when the
/// target's `adopt` is `match`, no other anchor's record holds its id and no other user of the
/// plan matched it too; otherwise the user is rejected in the plan, naming the reason.
package struct AccountMatcher {
    package let store: any SnapshotStore
    /// Lookups in flight at once per target.
    package let concurrency: Int
    package let connectors: any ConnectorProvider
    package let logger: Logger

    package init(
        store: any SnapshotStore, concurrency: Int = 8, connectors: any ConnectorProvider = CurlConnectorProvider(), logger: Logger
    ) {
        self.store = store
        self.concurrency = concurrency
        self.connectors = connectors
        self.logger = logger
    }

    package struct Statistics {
        var lookups = 0
        var adopted = 0
        var refused = 0
        var failed = 0
    }

    package func match(
        _ plan: TargetPlan, through connector: any ImportConnector, adoption: AdoptionPolicy
    ) async throws -> (TargetPlan, Statistics) {
        guard let field = connector.matchField else { return (plan, Statistics()) }
        let creates = plan.actions.filter { $0.kind == .create }
        guard !creates.isEmpty else { return (plan, Statistics()) }
        var statistics = Statistics()
        logger.notice(
            "Matching planned creates with existing vendor accounts",
            metadata: ["target": "\(plan.target)", "users": "\(creates.count)", "field": "\(field)"])

        var found: [Anchor: (id: String, value: String)] = [:]
        await withTaskGroup(of: (SyncAction, Result<LookupResult, ConnectorError>).self) { group in
            var next = 0
            func start() {
                guard next < creates.count else { return }
                let action = creates[next]
                next += 1
                group.addTask {
                    do throws(ConnectorError) {
                        return (action, .success(try await connector.lookup(naturalKeyOf: action.payload)))
                    } catch {
                        return (action, .failure(error))
                    }
                }
            }
            for _ in 0..<max(1, concurrency) { start() }
            while let (action, result) = await group.next() {
                statistics.lookups += 1
                if statistics.lookups % 1000 == 0 {
                    logger.info("Matching", metadata: ["target": "\(plan.target)", "done": "\(statistics.lookups)", "of": "\(creates.count)"])
                }
                switch result {
                case .success(.found(let id)):
                    found[action.anchor] = (id, Self.text(action.payload[field]))
                case .success:
                    break
                case .failure(let error):
                    statistics.failed += 1
                    logger.warning(
                        "Lookup failed; planned as a create",
                        metadata: ["target": "\(plan.target)", "dn": "\(action.dn)", "error": "\(error)"])
                }
                start()
            }
        }
        guard !found.isEmpty else { return (plan, statistics) }

        let holders = try await store.holders(ofVendorIds: Set(found.values.map(\.id)), target: plan.target)
        var claimants: [String: [SyncAction]] = [:]
        for action in creates { if let match = found[action.anchor] { claimants[match.id.lowercased(), default: []].append(action) } }

        var matched = plan
        matched.actions = []
        for action in plan.actions {
            guard action.kind == .create, let match = found[action.anchor] else {
                matched.actions.append(action)
                continue
            }
            let others = (claimants[match.id.lowercased()] ?? []).filter { $0.anchor != action.anchor }
            let reason: String? =
                if let holder = holders[match.id], holder.anchor != action.anchor {
                    "the \(connector.vendor.rawValue) account \(match.id) found by \(field) \(match.value) belongs to \(holder.dn);"
                        + " it is not adopted"
                } else if let other = others.first {
                    "the \(connector.vendor.rawValue) account \(match.id) found by \(field) \(match.value) also matches \(other.dn);"
                        + " one account cannot serve two people"
                } else if adoption == .never {
                    "the \(connector.vendor.rawValue) account \(match.id) found by \(field) \(match.value) exists and the target's"
                        + " adopt is 'never': link it by hand or set adopt: match"
                } else { nil }
            if let reason {
                statistics.refused += 1
                matched.rejected.append(Rejection(anchor: action.anchor, dn: action.dn, field: field, reason: reason))
                continue
            }
            var adopt = action
            adopt.kind = .adopt
            adopt.vendorId = match.id
            adopt.match = AccountMatch(field: field, value: match.value)
            matched.actions.append(adopt)
            statistics.adopted += 1
        }
        matched.actions.sort { ($0.kind, $0.anchor) < ($1.kind, $1.anchor) }
        logger.notice(
            "Matched existing vendor accounts",
            metadata: [
                "target": "\(plan.target)", "lookups": "\(statistics.lookups)", "adopt": "\(statistics.adopted)",
                "refused": "\(statistics.refused)", "failed": "\(statistics.failed)",
            ])
        return (matched, statistics)
    }
}

extension AccountMatcher {
    package static func text(_ value: FieldValue?) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        default: ""
        }
    }

    /// The vendor's accounts that nobody owns: not held by any record, not adopted by this plan.
    package func unmanagedAccounts(besides plan: TargetPlan, through connector: any ImportConnector) async throws -> [UnmanagedAccount] {
        guard let accounts = try await connector.listAccounts() else { return [] }
        let adopted = Set(plan.actions.compactMap { $0.kind == .adopt ? $0.vendorId?.lowercased() : nil })
        let candidates = accounts.filter { !adopted.contains($0.vendorId.lowercased()) }
        let held = try await store.holders(ofVendorIds: Set(candidates.map(\.vendorId)), target: plan.target)
        let unmanaged = candidates.filter { held[$0.vendorId] == nil }.sorted { $0.key.lowercased() < $1.key.lowercased() }
        if !unmanaged.isEmpty {
            logger.notice("Accounts no directory user owns (never modified)", metadata: [
                "target": "\(plan.target)", "count": "\(unmanaged.count)",
            ])
        }
        return unmanaged
    }

    /// Runs the match report on the targets of `plan`, through a connection of their own. The
    /// vendor's accounts nobody owns (its whole user list) are listed on a target's first plan, or
    /// on every target with `listUnmanaged`. A target that cannot be reached keeps its creates,
    /// and says so in the log.
    package func match(_ plan: SyncPlan, targets: [TargetConfiguration], listUnmanaged: Bool) async throws -> SyncPlan {
        var matched = plan
        for (index, targetPlan) in plan.targets.enumerated() {
            guard let target = targets.first(where: { $0.name == targetPlan.target }) else { continue }
            let firstPlan = try await !store.hasRecords(target: target.name)
            let listsUnmanaged = target.adopt == .match && (listUnmanaged || firstPlan)
            guard listsUnmanaged || targetPlan.actions.contains(where: { $0.kind == .create }) else { continue }
            let connection: TargetConnection
            do {
                connection = try await connectors.connect(target, logger: logger)
            } catch {
                logger.warning(
                    "Match report skipped: the target cannot be reached, existing accounts are not shown",
                    metadata: ["target": "\(target.name)", "reason": "\(error)"])
                continue
            }
            do {
                try await connection.connector.open()
                var result = try await match(targetPlan, through: connection.connector, adoption: target.adopt).0
                if listsUnmanaged {
                    result.unmanaged = try await unmanagedAccounts(besides: result, through: connection.connector)
                }
                matched.targets[index] = result
            } catch {
                logger.warning(
                    "Match report skipped: the target cannot be reached, existing accounts are not shown",
                    metadata: ["target": "\(target.name)", "reason": "\(error)"])
            }
            await connection.connector.close()
            await connection.close()
        }
        return matched
    }
}
