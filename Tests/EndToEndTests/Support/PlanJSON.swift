import Foundation

/// `dirbridge plan --format json`, read back: action kinds per target and user.
struct PlanJSON {
    let targets: [[String: Any]]

    init(_ stdout: String) throws {
        let json = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
        targets = json?["targets"] as? [[String: Any]] ?? []
    }

    /// `dn → kind` of one target's actions.
    func kinds(of target: String) -> [String: String] {
        let actions = targets.first { $0["name"] as? String == target }?["actions"] as? [[String: Any]] ?? []
        return Dictionary(actions.map { ($0["dn"] as? String ?? "", $0["kind"] as? String ?? "") }, uniquingKeysWith: { a, _ in a })
    }

    func vendorId(of target: String, dn: String) -> String? {
        let actions = targets.first { $0["name"] as? String == target }?["actions"] as? [[String: Any]] ?? []
        return actions.first { $0["dn"] as? String == dn }?["vendorId"] as? String
    }
}
