import Testing
@testable import VendorSimulator

@Suite("Fault decisions")
struct FaultDecisionTests {
    let settings = FaultSettings(
        rateLimitedShare: 0.1, retryAfterSeconds: 0, unavailableShare: 0.2, droppedShare: 0.3,
        applyThenFailShare: 0.1, applyThenFailMode: .drop
    )

    @Test("a draw falls into the shares in order: 429, 503, drop, apply-then-fail, none")
    func bands() {
        #expect(FaultDecision(draw: 0.05, settings: settings) == .rateLimited(retryAfterSeconds: 0))
        #expect(FaultDecision(draw: 0.15, settings: settings) == .unavailable)
        #expect(FaultDecision(draw: 0.45, settings: settings) == .dropped)
        #expect(FaultDecision(draw: 0.65, settings: settings) == .applyThenFail(.drop))
        #expect(FaultDecision(draw: 0.75, settings: settings) == .none)
        #expect(FaultDecision(draw: 0.0, settings: FaultSettings()) == .none)
    }

    @Test("the seeded generator repeats and differs by seed")
    func seededGenerator() {
        var first = SplitMix64(seed: 3)
        var second = SplitMix64(seed: 3)
        var other = SplitMix64(seed: 4)
        let a = (0..<5).map { _ in first.next() }
        #expect(a == (0..<5).map { _ in second.next() })
        #expect(a != (0..<5).map { _ in other.next() })
    }
}
