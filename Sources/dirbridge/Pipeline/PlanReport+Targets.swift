import DirBridgeSync
import DirBridgeConfig
import DirBridgeCore
import Foundation
import Reports

extension PlanReport {
    /// A report of `plan` for `targets`, masking each vendor's secret fields.
    init(plan: SyncPlan, targets: [TargetConfiguration], sourceDescription: String) {
        self.init(
            plan: plan, generatedAt: Date(), sourceDescription: sourceDescription,
            secretFields: Dictionary(uniqueKeysWithValues: targets.map { ($0.name, VendorSchema.builtIn($0.vendor).secretFields) }))
    }
}
