import NIOConcurrencyHelpers

/// Holds the current fault settings and the seeded dice. Each vendor request draws exactly
/// once, so with a fixed seed the n-th request always gets the same fate.
final class FaultInjector: Sendable {
    private struct State {
        var settings: FaultSettings
        var generator: SplitMix64
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

    /// The fate of the next request and the latency to add to it.
    func nextDecision() -> (decision: FaultDecision, latencyMilliseconds: Int) {
        state.withLockedValue { state in
            let draw = Double.random(in: 0..<1, using: &state.generator)
            return (FaultDecision(draw: draw, settings: state.settings), state.settings.latencyMilliseconds)
        }
    }
}
