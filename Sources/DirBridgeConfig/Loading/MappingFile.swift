import DirBridgeCore

/// Loads one `mappings/<vendor>.yaml`.
public enum MappingFile {
    public static func load(path: String) throws(ConfigurationError) -> Mapping {
        try YAMLFileDecoder().decode(Mapping.self, fromFile: path)
    }
}
