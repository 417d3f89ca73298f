extension SimulatorState {
    /// Users stored by one vendor (`sertica`, `aria-operations`, `requestor`, `expoints`, `forms-on-fire`).
    func users(of vendor: String) -> [[String: Any]] {
        let vendors = json["vendors"] as? [String: Any]
        return (vendors?[vendor] as? [String: Any])?["users"] as? [[String: Any]] ?? []
    }

    /// Every request the simulator answered, all endpoints together.
    var requestCount: Int {
        let counters = json["counters"] as? [String: Any]
        return (counters?["requests"] as? [String: Int])?.values.reduce(0, +) ?? 0
    }

    /// Requests that can change a vendor's users: everything but lookups (GET) and Aria's session
    /// token exchange.
    var writeCount: Int {
        let counters = json["counters"] as? [String: Any]
        let requests = counters?["requests"] as? [String: Int] ?? [:]
        return requests.filter { !$0.key.hasPrefix("GET ") && !$0.key.contains("/auth/token/") }.values.reduce(0, +)
    }

    /// Creates of a user the vendor already held, per vendor: must stay zero.
    var duplicateCreates: Int {
        let counters = json["counters"] as? [String: Any]
        return (counters?["duplicateCreates"] as? [String: Int])?.values.reduce(0, +) ?? 0
    }
}

extension SimulatorState {
    /// The five vendors as the simulator's state names them.
    static let vendors = ["sertica", "aria-operations", "requestor", "expoints", "forms-on-fire"]

    /// The key each vendor identifies a person by: no two stored users may share it.
    func naturalKey(of user: [String: Any], at vendor: String) -> String? {
        switch vendor {
        case "sertica": user["UserNo"] as? String
        case "aria-operations": (user["username"] as? String)?.lowercased()
        case "requestor": ((user["Properties"] as? [String: Any])?["Username"] as? String)?.lowercased()
        case "expoints": (user["Username"] as? String)?.lowercased()
        default: (user["Email"] as? String)?.lowercased()
        }
    }

    /// Natural keys held more than once by `vendor` (each listed once).
    func duplicatedKeys(at vendor: String) -> [String] {
        let keys = users(of: vendor).map { naturalKey(of: $0, at: vendor) ?? "<no key>" }
        return Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.map(\.key).sorted()
    }

    /// Creates of an already-held user, per vendor.
    var duplicateCreatesByVendor: [String: Int] {
        let counters = json["counters"] as? [String: Any]
        return counters?["duplicateCreates"] as? [String: Int] ?? [:]
    }

    /// Injected faults so far: `rateLimited`, `unavailable`, `dropped`, `appliedThenFailed`.
    var faults: [String: Int] {
        let counters = json["counters"] as? [String: Any]
        return counters?["faults"] as? [String: Int] ?? [:]
    }
}
