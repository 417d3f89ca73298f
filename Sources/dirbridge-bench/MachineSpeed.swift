import DirBridgeCore
import Foundation

/// A fixed workload timed before and after the measurements: on a shared virtual machine the same
/// build's first sync ranged over 26–35 s within an hour, with no steal time to show for it, and
/// only a figure taken on the spot tells two runs' machines apart. Single-threaded: strings,
/// a dictionary, a sort and SHA-256, the mix a sync spends its CPU on.
enum MachineSpeed {
    /// The best of three runs of the workload.
    static func measure() -> Duration {
        (0..<3).map { _ in
            let clock = ContinuousClock.now
            workload()
            return ContinuousClock.now - clock
        }.min()!
    }

    private static func workload() {
        var counts: [String: Int] = [:]
        var names: [String] = []
        names.reserveCapacity(100_000)
        // A fixed scramble of the numbers (a multiplicative step modulo a prime), so every run
        // does the same work and the sort has some.
        for index in 0..<100_000 {
            let name = "user-\((index &* 7_919) % 1_000_003)@example.org"
            counts[name, default: 0] += 1
            names.append(name)
        }
        names.sort()
        var digests: [UInt8] = []
        for name in names { SHA256.appendDigest(of: name.utf8, to: &digests) }
        precondition(digests.count == names.count * 32 && !counts.isEmpty)
    }
}
