import DirBridgeConfig
import DirBridgeCore

/// Which targets a run brought up to date with what it read, and the users they rejected: the
/// delta cursor advances only when every configured target completed, and the rejected users
/// are read again next time (a full read would judge them again too).
struct TargetCompletion: Sendable {
    private(set) var targets: Set<String> = []
    private(set) var rejected: Set<Anchor> = []

    mutating func completed(_ target: String, rejected anchors: [Anchor]) {
        targets.insert(target)
        rejected.formUnion(anchors)
    }

    func covers(_ configured: [TargetConfiguration]) -> Bool {
        configured.allSatisfy { targets.contains($0.name) }
    }
}
