import NIOConcurrencyHelpers

/// Holds the current fault settings and the seeded dice. Each vendor request draws exactly
/// once, so with a fixed seed the n-th request always gets the same fate.
final class FaultInjector: Sendable {
    private struct State {
        var settings: FaultSettings
        var generator: SplitMix64
        /// The capacity's token bucket: tokens, and when they were last counted.
        var tokens: Double = 0
        var tokensAt: ContinuousClock.Instant?
    }

    private let state: NIOLockedValueBox<State>

    init(settings: FaultSettings, seed: UInt64) {
        state = NIOLockedValueBox(State(settings: settings, generator: SplitMix64(seed: seed)))
    }

    var settings: FaultSettings {
        state.withLockedValue { $0.settings }
    }

    /// Replaces the settings; a new seed restarts the dice.
    func update(_ settings: FaultSettings, seed: UInt64?) {
        state.withLockedValue { state in
            state.settings = settings
            if let seed { state.generator = SplitMix64(seed: seed) }
        }
    }

    /// Whether the vendor has capacity for one more request now (``FaultSettings/maxRequestsPerSecond``):
    /// a token bucket refilled at that rate holding a fifth of a second's worth, so a client
    /// sending at the capacity is served and a burst above it is refused at once.
    func admit(now: ContinuousClock.Instant = .now) -> Bool {
        state.withLockedValue { state in
            let rate = Double(state.settings.maxRequestsPerSecond)
            guard rate > 0 else { return true }
            let burst = max(1, rate / 5)
            if let last = state.tokensAt {
                let elapsed = now - last
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                state.tokens = min(burst, state.tokens + seconds * rate)
            } else {
                state.tokens = burst
            }
            state.tokensAt = now
            guard state.tokens >= 1 else { return false }
            state.tokens -= 1
            return true
        }
    }

    /// The fate of the next request and the latency to add to it.
    func nextDecision() -> (decision: FaultDecision, latencyMilliseconds: Int) {
        state.withLockedValue { state in
            let draw = Double.random(in: 0..<1, using: &state.generator)
            return (FaultDecision(draw: draw, settings: state.settings), state.settings.latencyMilliseconds)
        }
    }
}
