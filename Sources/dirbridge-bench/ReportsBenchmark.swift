import ArgumentParser
import DirBridgeCore
import Foundation
import Reports

/// Renders a synthetic plan in every format and prints the time and size of each.
struct ReportsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports", abstract: "Time every report format on a synthetic plan.")

    @Option(help: "Users per target.") var users = 100_000
    @Option(help: "Share of users changed, in percent.") var changedPercent = 1.0

    func run() async throws {
        let changedPerTarget = Int(Double(users) * changedPercent / 100)

        let vendors = VendorKind.allCases
        let plan = SyncPlan(targets: vendors.enumerated().map { targetPlan($0.offset, vendor: $0.element, users: users, changedPerTarget: changedPerTarget) })
        let report = PlanReport(plan: plan, generatedAt: Date(), sourceDescription: "bench", secretFields: ProcessInfo.processInfo.environment["NOSECRETS"] != nil ? [:] :
                                Dictionary(uniqueKeysWithValues: plan.targets.map { ($0.target, ["Password"]) }))
        let actionCount = plan.targets.reduce(0) { $0 + $1.actions.count }
        let rejectedCount = plan.targets.reduce(0) { $0 + $1.rejected.count }
        print("plan: \(users) users × \(vendors.count) targets, \(changedPercent)% changed → \(actionCount) actions, \(rejectedCount) rejected")

        let clock = ContinuousClock()
        for format in ReportFormat.allCases {
            var timings: [Duration] = []
            var bytes = 0
            for _ in 0..<5 {
                var output = ""
                let elapsed = clock.measure { output = format.renderer.render(report) }
                timings.append(elapsed)
                bytes = output.utf8.count
                precondition(!output.contains("initial-1-secret") && !output.contains("old-1-secret"), "secret leaked in \(format)")
            }
            timings.sort()
            let milliseconds = { (duration: Duration) in String(format: "%.1f ms", Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000) }
            print("\(format.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0)) best \(milliseconds(timings[0]))  median \(milliseconds(timings[2]))  \(bytes / 1024) KiB")
        }
    }
}

private func payload(_ user: Int, title: String) -> TargetPayload {
    TargetPayload([
        "Email": .string("user\(user)@example.org"), "FirstName": .string("First\(user)"),
        "LastName": .string("Last, \(user)"), "Title": .string(title), "Department": .string("Dept \(user % 40)"),
        "Active": .bool(true), "EmployeeNumber": .int(100_000 + user), "Password": .string("initial-\(user)-secret"),
    ])
}

private func targetPlan(_ index: Int, vendor: VendorKind, users: Int, changedPerTarget: Int) -> TargetPlan {
    var actions: [SyncAction] = []
    var rejected: [Rejection] = []
    actions.reserveCapacity(changedPerTarget)
    for offset in 0..<changedPerTarget {
        let user = index * 7 + offset * (users / max(changedPerTarget, 1))
        let anchor = Anchor(String(format: "%08x-0000-4000-8000-%012x", user, user))
        let dn = "cn=Last\\, \(user) First\(user),ou=People \(user % 40),dc=example,dc=org"
        switch offset % 100 {
        case 0..<40:
            actions.append(SyncAction(kind: .create, anchor: anchor, dn: dn, vendorId: nil,
                                      payload: payload(user, title: "Engineer"), payloadHash: "h\(user)", changes: nil))
        case 40..<80:
            actions.append(SyncAction(kind: .update, anchor: anchor, dn: dn, vendorId: "V\(user)",
                                      payload: payload(user, title: "Lead"), payloadHash: "h\(user)", changes: [
                                          FieldChange(field: "Title", old: .string("Engineer"), new: .string("Lead")),
                                          FieldChange(field: "Department", old: .string("Old"), new: .string("Dept \(user % 40)")),
                                          FieldChange(field: "Password", old: .string("old-\(user)-secret"), new: .string("initial-\(user)-secret")),
                                      ]))
        case 80..<85:
            actions.append(SyncAction(kind: .reimport, anchor: anchor, dn: dn, vendorId: "V\(user)",
                                      payload: payload(user, title: "Engineer"), payloadHash: "h\(user)", changes: []))
        case 85..<98:
            actions.append(SyncAction(kind: .disable, anchor: anchor, dn: dn, vendorId: "V\(user)",
                                      payload: payload(user, title: "Engineer"), payloadHash: "h\(user)",
                                      changes: [FieldChange(field: "Active", old: .bool(true), new: .bool(false))]))
        default:
            rejected.append(Rejection(anchor: anchor, dn: dn, field: "Email", reason: "required field is empty"))
        }
    }
    actions.sort { ($0.kind, $0.anchor) < ($1.kind, $1.anchor) }
    return TargetPlan(target: "\(vendor.rawValue)-prod", vendor: vendor, actions: actions, rejected: rejected,
                      blockedReason: index == 1 ? "would disable 13% of users (limit 10%)" : nil)
}
