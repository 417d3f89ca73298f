import DirBridgeCore

/// Every vendor's store and the counters, dumped and reset together.
struct SimulatorState: Sendable {
    let sertica = SerticaStore()
    let ariaTokens = AriaTokenStore()
    let ariaUsers = AriaUserStore()
    let requestor = RequestorStore()
    let expoints: ExpointsStore
    let formsOnFire = FormsOnFireStore()
    let counters = SimulatorCounters()

    init(expointsRoles: [ExpointsRole]) {
        expoints = ExpointsStore(roles: expointsRoles)
    }

    func reset() {
        sertica.reset()
        ariaTokens.reset()
        ariaUsers.reset()
        requestor.reset()
        expoints.reset()
        formsOnFire.reset()
        counters.reset()
    }

    /// `{"vendors": {"sertica": {"users": [...]}, …}, "counters": {…}}`, keyed by `VendorKind` raw values.
    var json: JSONValue {
        [
            "vendors": [
                VendorKind.sertica.rawValue: ["users": sertica.json],
                VendorKind.ariaOperations.rawValue: [
                    "users": ariaUsers.json, "activeTokens": .number(Double(ariaTokens.activeCount)),
                ],
                VendorKind.requestor.rawValue: ["users": requestor.json],
                VendorKind.expoints.rawValue: ["users": expoints.json],
                VendorKind.formsOnFire.rawValue: ["users": formsOnFire.json],
            ],
            "counters": counters.json,
        ]
    }
}
