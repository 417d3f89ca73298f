import DirBridgeCore

/// A coding key built from any string, for sections whose keys depend on other keys
/// (`password_env` / `password_file`, vendor-specific options).
struct AnyCodingKey: CodingKey, Hashable {
    let stringValue: String
    let intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init?(stringValue: String) {
        self.init(stringValue)
    }

    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension KeyedDecodingContainer where Key == AnyCodingKey {
    /// Refuses keys the section does not know, so a typo (`max_disable_precent`) fails the load
    /// instead of silently falling back to a default.
    func rejectUnknownKeys(allowed: Set<String>) throws {
        for key in allKeys where !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: UnknownKey.message(key.stringValue, allowed: allowed))
        }
    }

    /// A whole number within `range`, nil when absent. Read as a number first so that `1e300`,
    /// `.inf` or `2.5` are refused with the range instead of a bare type error.
    func decodeIfPresent(_ type: Int.Type, forKey name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let number = try decodeIfPresent(Double.self, forKey: AnyCodingKey(name)) else { return nil }
        guard let value = Int(exactly: number), range.contains(value) else {
            throw DecodingError.dataCorruptedError(
                forKey: AnyCodingKey(name), in: self,
                debugDescription: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(Self.text(of: number))")
        }
        return value
    }

    /// A finite number above zero and at most `maximum` (seconds, rates), nil when absent.
    func decodeIfPresent(_ type: Double.Type, forKey name: String, aboveZeroUpTo maximum: Int) throws -> Double? {
        guard let value = try decodeIfPresent(Double.self, forKey: AnyCodingKey(name)) else { return nil }
        // NaN fails every comparison, so it is refused here too.
        guard value > 0, value <= Double(maximum) else {
            throw DecodingError.dataCorruptedError(
                forKey: AnyCodingKey(name), in: self,
                debugDescription: "\(name) must be more than 0 and at most \(maximum), got \(Self.text(of: value))")
        }
        return value
    }

    /// A number within `range` (percentages), nil when absent.
    func decodeIfPresent(_ type: Double.Type, forKey name: String, in range: ClosedRange<Int>) throws -> Double? {
        guard let value = try decodeIfPresent(Double.self, forKey: AnyCodingKey(name)) else { return nil }
        guard value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
            throw DecodingError.dataCorruptedError(
                forKey: AnyCodingKey(name), in: self,
                debugDescription: "\(name) must be from \(range.lowerBound) to \(range.upperBound), got \(Self.text(of: value))")
        }
        return value
    }

    /// `0` rather than `0.0`, as the file most likely said.
    private static func text(of number: Double) -> String {
        Int(exactly: number).map(String.init) ?? "\(number)"
    }
}
