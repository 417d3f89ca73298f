import Connectors
import DirBridgeConfig
import DirBridgeCore

extension TargetProbe {
    /// A vendor option the probe can try other values of, with the canary alone.
    enum ProbedOption {
        /// Forms On Fire `lookup_by`: which key finds a user again.
        case lookupBy
        /// Forms On Fire `delete_parameters`: where DELETE carries the user's id and the credentials.
        case deleteParameters
        /// Requestor `force_delete`: whether the delete must say `Force` to remove the user.
        case forceDelete
    }

    /// The target with each other value of `option` that the vendor's connector understands.
    func alternatives(of option: ProbedOption) -> [(setting: String, target: TargetConfiguration)] {
        switch option {
        case .forceDelete:
            guard target.vendor == .requestor, !target.options.forceDelete else { return [] }
            var alternative = target
            alternative.options.forceDelete = true
            return [("options.force_delete: true", alternative)]
        case .lookupBy:
            guard target.vendor == .formsOnFire else { return [] }
            return ["email", "external_id"].filter { $0 != (target.options.lookupBy ?? "email") }.map { value in
                var alternative = target
                alternative.options.lookupBy = value
                return ("options.lookup_by: \(value)", alternative)
            }
        case .deleteParameters:
            guard target.vendor == .formsOnFire else { return [] }
            let configured = target.options.deleteParameters ?? FormsOnFireSettings.DeleteParameters.both.rawValue
            return FormsOnFireSettings.DeleteParameters.allCases.map(\.rawValue).filter { $0 != configured }.map { value in
                var alternative = target
                alternative.options.deleteParameters = value
                return ("options.delete_parameters: \(value)", alternative)
            }
        }
    }

    /// The first alternative with which `attempt` succeeds, each tried on a connection of its own.
    func firstWorking(
        _ alternatives: [(setting: String, target: TargetConfiguration)], log: HTTPExchangeLog,
        _ attempt: (any ImportConnector) async -> Bool
    ) async -> (setting: String, target: TargetConfiguration)? {
        for alternative in alternatives {
            guard case .success(let connection) = await connect(alternative.target, log: log) else { continue }
            let works = await attempt(connection.connector)
            await connection.connector.close()
            await connection.close()
            if works { return alternative }
        }
        return nil
    }

    // MARK: - Deprovision

    /// The canary deprovisioned as a leaver would be under the target's policy, then looked up
    /// again; none where the policy is `ignore`.
    func deprovisionSteps(
        _ connector: any ImportConnector, log: HTTPExchangeLog, id: String, state: inout ProbeState
    ) async -> [ProbeStep] {
        let policy = target.effectiveDeprovision ?? .ignore
        guard policy != .ignore else { return [] }
        let name = policy == .delete ? "delete" : "disable"
        let deprovisioned = await step(name, request: "\(name) of the canary by its id \(id), as for a leaver", log: log) {
            let assumption = policy == .delete ? "a delete removes the user" : "a disable takes the user's access away"
            let disable = action(.disable, updatedPayload, vendorId: id)
            let result = await send(disable, through: connector)
            if case .applied = result {
                if policy == .delete { state.removed = true } else { state.disabled = true }
                return (result.probeText, .confirmed(assumption, "applied"))
            }
            // Only a delete has options to try: where its parameters go, whether it says Force.
            let probed: ProbedOption = target.vendor == .requestor ? .forceDelete : .deleteParameters
            let tried = policy == .delete ? alternatives(of: probed) : []
            if let working = await firstWorking(tried, log: log, { alternative in
                if case .applied = await send(disable, through: alternative) { return true }
                return false
            }) {
                state.removed = true
                state.workingTarget = working.target
                if probed == .forceDelete {
                    return (result.probeText, .contradicted(
                        "a delete without Force removes the user (options.force_delete: false)",
                        "without Force the delete left the canary in place; with Force it was deleted", option: working.setting))
                }
                let configured = target.options.deleteParameters ?? FormsOnFireSettings.DeleteParameters.both.rawValue
                return (result.probeText, .contradicted(
                    "where DELETE reads its parameters: \(configured) (options.delete_parameters)",
                    "sent in '\(configured)' the delete left the canary in place; with \(working.setting) it was deleted",
                    option: working.setting))
            }
            if target.vendor == .requestor, policy == .disable, case .rejected(_, let reason) = result {
                let property = target.options.activeProperty ?? target.options.disabledProperty ?? "Disabled"
                return (result.probeText, .contradicted(
                    "the property that disables a user: \(property) (options.disabled_property / options.active_property)",
                    "the vendor refused the disable that sets \(property): \(reason)",
                    option: "options.disabled_property (or options.active_property): the property your Requestor tenant disables users with"))
            }
            return (result.probeText, .failed(assumption, "not applied"))
        }
        guard state.removed || state.disabled else { return [deprovisioned] }
        let check = await step("lookup after \(name)", request: "lookup of the canary again", log: log) {
            let assumption = policy == .delete ? "a deleted user is no longer found" : "a disabled user stays at the vendor, without access"
            let found: LookupResult
            do throws(ConnectorError) {
                found = try await connector.lookup(naturalKeyOf: createdPayload)
            } catch {
                return ("\(error.message)", .failed(assumption, "the lookup failed: \(error.message)"))
            }
            switch (policy, found) {
            case (_, .unsupported):
                return (found.probeText, .info(assumption, "the vendor has no lookup: the \(name) is taken on the vendor's answer"))
            case (.delete, .notFound):
                return (found.probeText, .confirmed(assumption, "gone"))
            case (.delete, .found):
                state.removed = false
                return (found.probeText, .failed(assumption, "still found after the delete was answered as done"))
            case (_, .notFound):
                return (found.probeText, .handled(assumption, "the disabled user is no longer found: the vendor removes disabled users"))
            case (_, .found):
                return (found.probeText, .confirmed(assumption, "still found (the lookup does not show whether it is disabled)"))
            }
        }
        return [deprovisioned, check]
    }

    // MARK: - Cleanup

    /// Removes whatever the probe left: deleted where the vendor can delete, disabled where it
    /// cannot; whatever failed before. What cannot be removed is named for removal by hand.
    func cleanUp(log: HTTPExchangeLog, state: ProbeState) async -> ProbeCleanup {
        let identity = "\(canary.name) <\(canary.mail)>"
        let ids = (state.vendorId.map { [$0] } ?? []) + state.strays
        guard !ids.isEmpty else {
            return state.mayExist
                ? ProbeCleanup(status: .failed, detail: "the canary \(identity) may exist at the vendor (its create was not proven "
                    + "and no lookup found it): look for it and remove it by hand")
                : ProbeCleanup(status: .removed, detail: "nothing was created")
        }
        let named = "\(identity), id \(ids.joined(separator: ", "))"
        if leavesCanary {
            let how = state.removed ? "deleted by the delete step" : state.disabled ? "disabled by the disable step" : "active"
            return ProbeCleanup(status: .left, detail: "left at the vendor on request (--leave-canary), \(how): \(named)")
        }
        let remaining = state.removed ? state.strays : ids
        guard !remaining.isEmpty else {
            return ProbeCleanup(status: .removed, detail: "deleted by the delete step: \(named)")
        }
        let canDelete = VendorSettings.supportedDeprovisionPolicies(for: target.vendor).contains(.delete)
        if !canDelete, state.disabled, state.strays.isEmpty {
            return ProbeCleanup(
                status: .disabled, detail: "disabled by the disable step; \(target.vendor.rawValue) has no delete, so it stays disabled: \(named)")
        }
        var cleanupTarget = state.workingTarget ?? target
        cleanupTarget.deprovision = canDelete ? .delete : .disable
        let connection: TargetConnection
        switch await connect(cleanupTarget, log: log) {
        case .success(let opened): connection = opened
        case .failure(let error):
            return ProbeCleanup(status: .failed, detail: "no connection to remove the canary (\(error)): remove \(named) by hand")
        }
        var failures: [String] = []
        for id in remaining {
            let result = await send(action(.disable, updatedPayload, vendorId: id), through: connection.connector)
            if case .applied = result { continue }
            failures.append("\(id): \(result.probeText)")
        }
        await connection.connector.close()
        await connection.close()
        _ = log.drain()
        guard failures.isEmpty else {
            return ProbeCleanup(
                status: .failed, detail: "the canary could not be removed (\(failures.joined(separator: "; "))): remove \(named) by hand")
        }
        return canDelete
            ? ProbeCleanup(status: .removed, detail: "deleted: \(named)")
            : ProbeCleanup(status: .disabled, detail: "disabled; \(target.vendor.rawValue) has no delete, so it stays disabled: \(named)")
    }
}
