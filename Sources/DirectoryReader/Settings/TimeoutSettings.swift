/// Bounds on how long the reader waits for the server.
public struct TimeoutSettings: Sendable, Equatable, Codable {
    /// Seconds to establish the TCP (and TLS) connection.
    public var connectSeconds: Double
    /// Seconds to wait for any single operation's response (bind, one page, one range step).
    public var operationSeconds: Double

    public init(connectSeconds: Double = 10, operationSeconds: Double = 120) {
        self.connectSeconds = connectSeconds
        self.operationSeconds = operationSeconds
    }

    enum CodingKeys: String, CodingKey {
        case connectSeconds = "connect_seconds"
        case operationSeconds = "operation_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        connectSeconds = try c.decodeIfPresent(Double.self, forKey: .connectSeconds) ?? 10
        operationSeconds = try c.decodeIfPresent(Double.self, forKey: .operationSeconds) ?? 120
    }
}
