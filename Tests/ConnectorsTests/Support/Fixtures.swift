@testable import Connectors
import DirBridgeCore
import HTTPTransport
import Logging

enum Fixtures {
    static let baseURL = "https://vendor.test"
    static let logger = Logger(label: "connectors-tests")

    /// Immediate retries so scripted tests never sleep.
    static let fastRetry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))

    static func settings(
        _ vendor: VendorSettings, deprovision: DeprovisionPolicy = .disable, batchSize: Int? = nil,
        retry: RetryPolicy = fastRetry, baseURL: String = baseURL
    ) -> ConnectorSettings {
        ConnectorSettings(target: "test-\(vendor.kind.rawValue)", baseURL: baseURL, batchSize: batchSize, concurrency: 2,
                          retry: retry, deprovision: deprovision, vendor: vendor)
    }

    static func connector(
        _ settings: ConnectorSettings, _ client: any HTTPClient
    ) throws -> any ImportConnector {
        try makeConnector(for: settings, httpClient: client, logger: logger, jitter: { 0.5 })
    }

    static func action(
        _ kind: ActionKind, _ name: String, vendorId: String? = nil, _ fields: [String: FieldValue]
    ) -> SyncAction {
        SyncAction(kind: kind, anchor: Anchor("anchor-\(name)"), dn: "uid=\(name),ou=people,dc=example,dc=com",
                   vendorId: vendorId, payload: TargetPayload(fields), payloadHash: "hash-\(name)", changes: [])
    }

    /// Outcomes keyed by anchor name (the part after `anchor-`).
    static func byName(_ outcomes: [ActionOutcome]) -> [String: ActionOutcome.Result] {
        Dictionary(uniqueKeysWithValues: outcomes.map { (String($0.anchor.value.dropFirst("anchor-".count)), $0.result) })
    }
}

extension ActionOutcome.Result {
    var isApplied: Bool { if case .applied = self { true } else { false } }
    var isRejected: Bool { if case .rejected = self { true } else { false } }
    var isFailed: Bool { if case .failed = self { true } else { false } }
    var isUnknown: Bool { if case .unknown = self { true } else { false } }
    var existingId: String? { if case .exists(let id, _) = self { id } else { nil } }
    var isTargetRefusal: Bool { if case .targetRefused = self { true } else { false } }
}
