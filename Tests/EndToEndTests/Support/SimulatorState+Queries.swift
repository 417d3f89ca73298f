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

    /// Creates of a user the vendor already held, per vendor: must stay zero.
    var duplicateCreates: Int {
        let counters = json["counters"] as? [String: Any]
        return (counters?["duplicateCreates"] as? [String: Int])?.values.reduce(0, +) ?? 0
    }
}
