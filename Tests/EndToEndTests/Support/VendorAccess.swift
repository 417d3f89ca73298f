import Foundation
import Testing

/// Who has access at each vendor, read from the simulator's state by e-mail address: every
/// active person holds exactly one account with access, every leaver none, at every vendor.
enum VendorAccess {
    /// Whether `user` grants access at `vendor`.
    static func hasAccess(_ user: [String: Any], at vendor: String) -> Bool {
        switch vendor {
        case "sertica": user["Access"] as? Bool ?? true
        case "aria-operations": user["enabled"] as? Bool ?? true
        case "requestor": !(((user["Properties"] as? [String: Any])?["Disabled"] as? Bool) ?? false)
        default: true
        }
    }

    /// The accounts at `vendor` whose e-mail (or user name carrying it) is `mail`.
    static func accounts(of mail: String, at vendor: String, in state: SimulatorState) -> [[String: Any]] {
        state.users(of: vendor).filter { user in
            let properties = user["Properties"] as? [String: Any] ?? [:]
            let values = [user["Email"], user["emailAddress"], user["username"], user["Username"], properties["Email"]]
            return values.contains { ($0 as? String)?.lowercased() == mail.lowercased() }
        }
    }

    static func expectOnlyLeaversLostAccess(
        _ state: SimulatorState, leavers: [String], active: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for vendor in SimulatorState.vendors {
            for mail in active {
                let held = accounts(of: mail, at: vendor, in: state)
                #expect(held.count == 1, "\(vendor): \(mail) holds \(held.count) account(s)", sourceLocation: sourceLocation)
                #expect(held.allSatisfy { hasAccess($0, at: vendor) }, "\(vendor): \(mail) lost access", sourceLocation: sourceLocation)
            }
            // Expoints documents no way to take access away (deprovision: ignore).
            guard vendor != "expoints" else { continue }
            for mail in leavers {
                let kept = accounts(of: mail, at: vendor, in: state).filter { hasAccess($0, at: vendor) }
                #expect(kept.isEmpty, "\(vendor): leaver \(mail) keeps access", sourceLocation: sourceLocation)
            }
        }
    }
}
