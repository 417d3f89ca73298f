/// Transport security for the directory connection. Certificate verification is on unless
/// explicitly switched off.
package struct TLSSettings: Sendable, Equatable, Codable {
    /// PEM file of CA certificates to trust; `nil` uses the system's.
    package var caFile: String?
    /// Upgrade an `ldap://` connection with the StartTLS extended operation.
    package var startTLS: Bool
    /// Accept any server certificate. Only for tests against throwaway servers.
    package var insecureSkipVerify: Bool

    package init(caFile: String? = nil, startTLS: Bool = false, insecureSkipVerify: Bool = false) {
        self.caFile = caFile
        self.startTLS = startTLS
        self.insecureSkipVerify = insecureSkipVerify
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case caFile = "ca_file"
        case startTLS = "start_tls"
        case insecureSkipVerify = "insecure_skip_verify"
    }

    package init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caFile = try c.decodeIfPresent(String.self, forKey: .caFile)
        startTLS = try c.decodeIfPresent(Bool.self, forKey: .startTLS) ?? false
        insecureSkipVerify = try c.decodeIfPresent(Bool.self, forKey: .insecureSkipVerify) ?? false
    }
}
