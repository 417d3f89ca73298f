import DirBridgeCore

extension SecretReference {
    /// Decodes `<key>_env` / `<key>_file` from `container`; nil when neither is present.
    static func decode<Key: CodingKey>(
        _ key: String, from container: KeyedDecodingContainer<Key>, makeKey: (String) -> Key?
    ) throws -> SecretReference? {
        guard let envKey = makeKey("\(key)_env"), let fileKey = makeKey("\(key)_file") else { return nil }
        let env = try container.decodeIfPresent(String.self, forKey: envKey)
        let file = try container.decodeIfPresent(String.self, forKey: fileKey)
        switch (env, file) {
        case (nil, nil): return nil
        case (let name?, nil): return .environment(name)
        case (nil, let path?): return .file(path)
        case (.some, .some):
            throw DecodingError.dataCorruptedError(
                forKey: fileKey, in: container, debugDescription: "set either \(key)_env or \(key)_file, not both")
        }
    }
}
