import DirBridgeCore

/// The vendor-specific part of ``ConnectorSettings``.
package enum VendorSettings: Sendable {
    case sertica(SerticaSettings)
    case ariaOperations(AriaOperationsSettings)
    case requestor(RequestorSettings)
    case expoints(ExpointsSettings)
    case formsOnFire(FormsOnFireSettings)

    package var kind: VendorKind {
        switch self {
        case .sertica: .sertica
        case .ariaOperations: .ariaOperations
        case .requestor: .requestor
        case .expoints: .expoints
        case .formsOnFire: .formsOnFire
        }
    }

    /// The deprovision policies the vendor's documented API can carry out.
    package var supportedDeprovisionPolicies: Set<DeprovisionPolicy> {
        Self.supportedDeprovisionPolicies(for: kind)
    }

    /// The deprovision policies `vendor`'s documented API can carry out; known before any
    /// credential is resolved, so `plan` and config loading can refuse an impossible policy.
    package static func supportedDeprovisionPolicies(for vendor: VendorKind) -> Set<DeprovisionPolicy> {
        switch vendor {
        case .sertica: [.disable, .ignore]            // Access: false; no delete endpoint
        case .ariaOperations: [.disable, .delete, .ignore]
        case .requestor: [.disable, .delete, .ignore]
        case .expoints: [.ignore]                     // no disable or delete endpoint documented
        case .formsOnFire: [.delete, .ignore]         // no documented status field to set
        }
    }

    /// Every credential the settings hold, so reasons copied from vendor answers can be scrubbed.
    var secrets: [Secret] {
        switch self {
        case .sertica(let settings): [settings.password]
        case .ariaOperations(let settings): [settings.password]
        case .requestor(let settings): settings.auth.secrets
        case .expoints(let settings): [settings.token]
        case .formsOnFire(let settings): [settings.providerId, settings.integrationKey]
        }
    }
}

extension ConnectorSettings {
    /// Refuses settings that cannot work, naming the target and the setting.
    package func validate() throws(ConnectorError) {
        func invalid(_ message: String) -> ConnectorError {
            ConnectorError(code: .invalidSettings, target: target, operation: "settings", message: message)
        }
        guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://") else {
            throw invalid("base_url must start with https:// or http://, got '\(baseURL)'")
        }
        guard vendor.supportedDeprovisionPolicies.contains(deprovision) else {
            let allowed = vendor.supportedDeprovisionPolicies.map(\.rawValue).sorted().joined(separator: ", ")
            throw invalid("deprovision policy '\(deprovision.rawValue)' is not possible with \(vendor.kind.rawValue): "
                + "its API documents no way to do it; use one of: \(allowed)")
        }
        guard concurrency >= 1 else { throw invalid("concurrency must be at least 1, got \(concurrency)") }
        if let batchSize, batchSize < 1 { throw invalid("batch_size must be at least 1, got \(batchSize)") }
        if let rateLimit, rateLimit.requestsPerSecond <= 0 || rateLimit.burst < 1 {
            throw invalid("rate limit needs requests_per_second > 0 and burst >= 1")
        }
        guard retry.maxAttempts >= 1 else { throw invalid("retry max_attempts must be at least 1") }
        if let empty = vendor.secrets.firstIndex(where: \.isEmpty) {
            throw invalid("credential #\(empty + 1) of \(vendor.kind.rawValue) is empty")
        }
    }
}
