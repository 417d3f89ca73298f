import DirBridgeCore
import Foundation
import Reports
import SnapshotStore

/// A JSON plan made by `plan` and reviewed (in a ticket, by a second person), applied by
/// `sync --plan`: only its actions are sent, and only those the directory and the snapshot still
/// call for exactly (same kind, payload and vendor id). The rest are listed and skipped.
package struct ReviewedPlan {
    /// What one reviewed action must still be to be sent.
    package struct Action: Hashable {
        var kind: ActionKind
        var anchor: Anchor
        var payloadHash: String
        var vendorId: String?
        var dn: String
    }

    package struct Refusal: Error, CustomStringConvertible {
        package var description: String
    }

    package let path: String
    package let createdAt: Date
    private let actions: [String: [Anchor: Action]]

    package static func digest(ofFile path: String) throws -> String {
        SHA256.hexDigest(of: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Reads and verifies the plan file: sealed by `plan`, unedited, not older than `maxAge`, made
    /// with this configuration file and this store.
    package init(path: String, configPath: String, storePath: String, maxAge: Duration, now: Date = Date()) throws {
        self.path = path
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let review = json["review"] as? [String: Any], let targets = json["targets"] as? [[String: Any]],
              let config = review["config"] as? String, let store = review["store"] as? String,
              let created = review["createdAt"] as? String, let digest = review["digest"] as? String,
              let targetsStart = text.range(of: ",\"targets\":")
        else {
            throw Refusal(description: "\(path) is not a plan made by `dirbridge plan --format json` (no review seal)")
        }
        let targetsJSON = String(text[targetsStart.upperBound..<text.index(before: text.endIndex)])
        guard PlanReview(configDigest: config, storePath: store, createdAt: created).digest(ofTargetsJSON: targetsJSON) == digest else {
            throw Refusal(description: "\(path) was changed after `dirbridge plan` wrote it: its digest does not match; make a new plan")
        }
        guard let date = try? Date(created, strategy: .iso8601) else {
            throw Refusal(description: "\(path): unreadable creation time \(created)")
        }
        createdAt = date
        let age = Duration.seconds(now.timeIntervalSince(date))
        guard age <= maxAge else {
            throw Refusal(description: "\(path) was made \(Int(now.timeIntervalSince(date) / 3600)) h ago, more than the"
                + " \(maxAge) allowed (--max-plan-age): the directory has moved on; make and review a new plan")
        }
        guard try Self.digest(ofFile: configPath) == config else {
            throw Refusal(description: "\(path) was made with another configuration than \(configPath); make a new plan")
        }
        guard store == storePath else {
            throw Refusal(description: "\(path) was made for the store \(store), not \(storePath); make a new plan")
        }
        var actions: [String: [Anchor: Action]] = [:]
        for target in targets {
            guard let name = target["name"] as? String else { continue }
            for entry in target["actions"] as? [[String: Any]] ?? [] {
                guard let kind = (entry["kind"] as? String).flatMap(ActionKind.init(rawValue:)),
                      let anchor = entry["anchor"] as? String, let hash = entry["payloadHash"] as? String,
                      let dn = entry["dn"] as? String
                else { continue }
                actions[name, default: [:]][Anchor(anchor)] = Action(
                    kind: kind, anchor: Anchor(anchor), payloadHash: hash, vendorId: entry["vendorId"] as? String, dn: dn)
            }
        }
        self.actions = actions
    }

    /// The fresh plan cut down to the reviewed actions it still contains unchanged; each reviewed
    /// action it no longer calls for is reported as a rejection (so the run exits 2). A reviewed
    /// adoption is kept for the fresh create of the same user while no other user holds the account.
    package func applying(to fresh: TargetPlan, holders: [String: VendorIdHolder]) -> TargetPlan {
        let reviewed = actions[fresh.target] ?? [:]
        var plan = fresh
        plan.actions = []
        var seen: Set<Anchor> = []
        for action in fresh.actions {
            guard let wanted = reviewed[action.anchor] else { continue }  // new since the review: next plan
            seen.insert(action.anchor)
            if wanted.kind == .adopt, action.kind == .create, action.payloadHash == wanted.payloadHash,
               let id = wanted.vendorId, holders[id] == nil {
                var adopt = action
                adopt.kind = .adopt
                adopt.vendorId = id
                plan.actions.append(adopt)
            } else if wanted.kind == action.kind, wanted.payloadHash == action.payloadHash, wanted.vendorId == action.vendorId {
                plan.actions.append(action)
            } else {
                plan.rejected.append(skipped(wanted, "the directory or the snapshot changed since the plan was reviewed"
                    + " (now: \(action.kind.rawValue))"))
            }
        }
        for (anchor, wanted) in reviewed where !seen.contains(anchor) {
            plan.rejected.append(skipped(wanted, "no longer needed: the directory or the snapshot changed since the plan was reviewed"))
        }
        return plan
    }

    /// Vendor ids the reviewed plan adopts at `target`, for the ownership check.
    package func adoptedIds(target: String) -> Set<String> {
        Set((actions[target] ?? [:]).values.compactMap { $0.kind == .adopt ? $0.vendorId : nil })
    }

    private func skipped(_ action: Action, _ why: String) -> Rejection {
        Rejection(anchor: action.anchor, dn: action.dn, field: "plan", reason: "reviewed \(action.kind.rawValue) not applied: \(why)")
    }
}
