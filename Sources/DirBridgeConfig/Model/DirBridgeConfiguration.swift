import DirBridgeCore
import DirectoryReader

/// The whole configuration file: one directory source, one snapshot store, any number of
/// targets, the safety limits and the schedule.
package struct DirBridgeConfiguration: Sendable {
    package var source: DirectorySourceSettings
    package var store: StoreConfiguration
    package var targets: [TargetConfiguration]
    package var safety: SafetyPolicy
    package var schedule: ScheduleConfiguration?

    package func target(named name: String) -> TargetConfiguration? {
        targets.first { $0.name == name }
    }
}

/// When `dirbridge run` syncs: a fixed interval (`15m`) or a cron expression.
package struct ScheduleConfiguration: Sendable, Hashable, Decodable {
    package var every: String?
    package var cron: String?
    /// `reconcile_every`: the daemon makes a run a `reconcile` once this long has passed since
    /// the last one went through (a leaver re-enabled in a vendor's UI is seen by nothing else).
    package var reconcileEvery: String?

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        try container.rejectUnknownKeys(allowed: ["every", "cron", "reconcile_every"])
        every = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("every"))
        cron = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("cron"))
        reconcileEvery = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("reconcile_every"))
        if every != nil, cron != nil {
            throw DecodingError.dataCorruptedError(
                forKey: AnyCodingKey("cron"), in: container, debugDescription: "set either every or cron, not both")
        }
    }
}

extension DirBridgeConfiguration: Decodable {
    static let topLevelKeys: Set<String> = ["source", "store", "targets", "safety", "schedule"]

    /// `source:` of a configuration, refusing a bind whose password would cross the network in clear text.
    static func decodeSource(from container: KeyedDecodingContainer<AnyCodingKey>) throws -> DirectorySourceSettings {
        let source = try container.decode(DirectorySourceSettings.self, forKey: AnyCodingKey("source"))
        if source.sendsBindPasswordInClearText, !source.allowInsecureBind {
            throw DecodingError.dataCorrupted(.init(
                codingPath: container.codingPath + [AnyCodingKey("source"), AnyCodingKey("url")],
                debugDescription: "source.url is ldap:// without StartTLS and bind_dn is set, so the bind password would cross "
                    + "the network in clear text; use ldaps://, or ldap:// with tls: { start_tls: true }, "
                    + "or set source.allow_insecure_bind: true to accept that (e.g. a test server on this host)"))
        }
        return source
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        try container.rejectUnknownKeys(allowed: Self.topLevelKeys)
        source = try Self.decodeSource(from: container)
        store = try container.decodeIfPresent(StoreConfiguration.self, forKey: AnyCodingKey("store")) ?? StoreConfiguration()
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
        policy = SafetyPolicy(
            maxDisablePercent: try container.decodeIfPresent(Double.self, forKey: "max_disable_percent", in: 0...100) ?? 10,
            maxDisableCount: try container.decodeIfPresent(Int.self, forKey: "max_disable_count", in: 0...10_000_000))
    }
}

/// Only the `source:` of a configuration file: what `dirbridge read` needs, so the directory can
/// be looked at before any target or mapping is written. The other sections are not read.
struct SourceOnlyConfiguration: Decodable {
    var source: DirectorySourceSettings

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        try container.rejectUnknownKeys(allowed: DirBridgeConfiguration.topLevelKeys)
        source = try DirBridgeConfiguration.decodeSource(from: container)
    }
}
