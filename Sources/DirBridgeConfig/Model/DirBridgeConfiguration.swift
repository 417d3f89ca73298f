import DirBridgeCore
import DirectoryReader

/// The whole configuration file: one directory source, one snapshot store, any number of
/// targets, the safety limits and the schedule.
public struct DirBridgeConfiguration: Sendable {
    public var source: DirectorySourceSettings
    public var store: StoreConfiguration
    public var targets: [TargetConfiguration]
    public var safety: SafetyPolicy
    public var schedule: ScheduleConfiguration?

    public func target(named name: String) -> TargetConfiguration? {
        targets.first { $0.name == name }
    }
}

public struct StoreConfiguration: Sendable, Hashable, Decodable {
    /// SQLite file; relative paths are resolved against the config file's folder.
    public var path: String

    static let defaultPath = "dirbridge.sqlite"

    public init(path: String) {
        self.path = path
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        try container.rejectUnknownKeys(allowed: ["path"])
        path = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("path")) ?? Self.defaultPath
    }
}

/// When `dirbridge run` syncs: a fixed interval (`15m`) or a cron expression.
public struct ScheduleConfiguration: Sendable, Hashable, Decodable {
    public var every: String?
    public var cron: String?

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        try container.rejectUnknownKeys(allowed: ["every", "cron"])
        every = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("every"))
        cron = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("cron"))
        if every != nil, cron != nil {
            throw DecodingError.dataCorruptedError(
                forKey: AnyCodingKey("cron"), in: container, debugDescription: "set either every or cron, not both")
        }
    }
}

extension DirBridgeConfiguration: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        try container.rejectUnknownKeys(allowed: ["source", "store", "targets", "safety", "schedule"])
        source = try container.decode(DirectorySourceSettings.self, forKey: AnyCodingKey("source"))
        store = try container.decodeIfPresent(StoreConfiguration.self, forKey: AnyCodingKey("store"))
            ?? StoreConfiguration(path: StoreConfiguration.defaultPath)
        targets = try container.decode([TargetConfiguration].self, forKey: AnyCodingKey("targets"))
        var names = Set<String>()
        for (index, target) in targets.enumerated() where !names.insert(target.name).inserted {
            throw DecodingError.dataCorrupted(.init(
                codingPath: container.codingPath + [AnyCodingKey("targets"), AnyCodingKey(intValue: index)!, AnyCodingKey("name")],
                debugDescription: "target name '\(target.name)' is used twice; names key the snapshot and must be unique"))
        }
        safety = try container.decodeIfPresent(SafetyConfiguration.self, forKey: AnyCodingKey("safety"))?.policy ?? SafetyPolicy()
        schedule = try container.decodeIfPresent(ScheduleConfiguration.self, forKey: AnyCodingKey("schedule"))
    }
}

/// `safety:` in snake_case, decoded into Core's policy.
struct SafetyConfiguration: Decodable {
    var policy: SafetyPolicy

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        try container.rejectUnknownKeys(allowed: ["max_disable_percent", "max_disable_count"])
        let percent = try container.decodeIfPresent(Double.self, forKey: AnyCodingKey("max_disable_percent")) ?? 10
        guard (0...100).contains(percent) else {
            throw DecodingError.dataCorruptedError(
                forKey: AnyCodingKey("max_disable_percent"), in: container, debugDescription: "must be between 0 and 100")
        }
        policy = SafetyPolicy(
            maxDisablePercent: percent,
            maxDisableCount: try container.decodeIfPresent(Int.self, forKey: AnyCodingKey("max_disable_count")))
    }
}
