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
        var generator = SplitMix64(seed: 42)
        var counts: [String: Int] = [:]
        var names: [String] = []
        names.reserveCapacity(100_000)
        for _ in 0..<100_000 {
            let name = "user-\(generator.next() % 1_000_000)@example.org"
            counts[name, default: 0] += 1
            names.append(name)
        }
        names.sort()
        var digests: [UInt8] = []
        for name in names { SHA256.appendDigest(of: name.utf8, to: &digests) }
        precondition(digests.count == names.count * 32 && !counts.isEmpty)
    }

    /// A fixed sequence, so every run does the same work.
    private struct SplitMix64 {
        var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }
}
