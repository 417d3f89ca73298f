import NIOConcurrencyHelpers

/// Puts Requestor's results in a seeded random order: the seed does not promise request order,
/// and the same `--seed` gives the same orders on every run.
final class ResultShuffler: Sendable {
    private let generator: NIOLockedValueBox<SplitMix64>

    init(seed: UInt64) {
        generator = NIOLockedValueBox(SplitMix64(seed: seed ^ 0x5EED_0F_0DE5))
    }

    func shuffled<Element>(_ elements: [Element]) -> [Element] {
        generator.withLockedValue { elements.shuffled(using: &$0) }
    }
}
