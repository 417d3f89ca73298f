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
                forKey: key, in: self,
                debugDescription: "unknown key '\(key.stringValue)'; expected one of \(allowed.sorted().joined(separator: ", "))")
        }
    }
}
