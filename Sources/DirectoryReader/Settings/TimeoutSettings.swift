/// Bounds on how long the reader waits for the server.
package struct TimeoutSettings: Sendable, Equatable, Codable {
    /// Seconds to establish the TCP (and TLS) connection.
    package var connectSeconds: Double
    /// Seconds to wait for any single operation's response (bind, one page, one range step).
    package var operationSeconds: Double

    package init(connectSeconds: Double = 10, operationSeconds: Double = 120) {
        self.connectSeconds = connectSeconds
        self.operationSeconds = operationSeconds
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case connectSeconds = "connect_seconds"
        case operationSeconds = "operation_seconds"
    }

    package init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        connectSeconds = try Self.seconds(.connectSeconds, in: c, default: 10, maximum: 600)
        operationSeconds = try Self.seconds(.operationSeconds, in: c, default: 120, maximum: 3600)
    }

    /// A finite wait above zero: the connection turns these into whole-second timevals, where
    /// infinity, NaN or 1e300 would trap, and a zero or negative wait makes no sense.
    private static func seconds(
        _ key: CodingKeys, in c: KeyedDecodingContainer<CodingKeys>, default defaultValue: Double, maximum: Int
    ) throws -> Double {
        let value = try c.decodeIfPresent(Double.self, forKey: key) ?? defaultValue
        // NaN fails every comparison, so it is refused here too.
        guard value > 0, value <= Double(maximum) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c, debugDescription: "\(key.stringValue) must be more than 0 and at most \(maximum) seconds, got \(value)")
        }
        return value
    }
}
