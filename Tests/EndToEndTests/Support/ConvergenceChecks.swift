import Foundation
import LocalServers
import Testing

/// The end state every resilience test must reach: each enabled person exactly once at every
/// vendor, no create of a user a vendor already held, and nothing left for a next run to do.
enum ConvergenceChecks {
    /// Requestor has no lookup API: a create whose outcome was lost is sent again and the
    /// vendor's UserProviderKeyConflict adopted. No second user comes of it (the uniqueness
    /// check below shows it), but the simulator counts the attempt as a duplicate create.
    static let vendorsResolvingByResend: Set<String> = ["requestor"]

    /// `context` (e.g. the runs' output) is added to every failure message.
    ///
    /// - Parameter deprovisioned: leavers' e-mail addresses; vendors that keep a leaver's account
    ///   (disabled) count them, vendors that delete it (Forms On Fire) do not.
    static func expectConverged(
        _ environment: DemoEnvironment, config: String, enabledUsers: Int, context: String = "",
        deprovisioned: [String] = [], unmanaged: Int = 0, adoptedPerVendor: Int = 0,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let state = try await SimulatorState.fetch(from: environment.simulator)
        let seededVendors: Set<String> = ["aria-operations", "expoints", "forms-on-fire"]
        for vendor in SimulatorState.vendors {
            let kept = (vendor == "forms-on-fire" ? 0 : deprovisioned.count) + (seededVendors.contains(vendor) ? unmanaged : 0)
            #expect(state.users(of: vendor).count == enabledUsers + kept, "\(vendor) holds \(state.users(of: vendor).count) users\n\(context)",
                    sourceLocation: sourceLocation)
            #expect(state.duplicatedKeys(at: vendor).isEmpty, "\(vendor) holds duplicates: \(state.duplicatedKeys(at: vendor))",
                    sourceLocation: sourceLocation)
        }
        // A create that meets an account made by hand is answered "exists" once, then adopted.
        let duplicates = state.duplicateCreatesByVendor.filter {
            !vendorsResolvingByResend.contains($0.key) && $0.value > (seededVendors.contains($0.key) ? adoptedPerVendor : 0)
        }
        #expect(duplicates.isEmpty, "creates of users already held: \(duplicates)\n\(context)", sourceLocation: sourceLocation)
        let plan = try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"])
        #expect(plan.status == 0, "\(plan.stderr)", sourceLocation: sourceLocation)
        for target in try PlanJSON(plan.stdout).targets {
            let actions = target["actions"] as? [Any] ?? []
            #expect(actions.isEmpty, "\(target["name"] ?? "?") still has \(actions.count) action(s): \(actions.prefix(3))",
                    sourceLocation: sourceLocation)
        }
    }
}
