import NIOConcurrencyHelpers

/// The behaviour switches in force, shared by the vendor routes: `POST /_sim/behaviour`
/// replaces them while the server runs, so one simulator can play several vendors in a test.
/// A handler reads them once, so each request sees one consistent set.
final class LiveBehaviour: Sendable {
    private let box: NIOLockedValueBox<SimulatorBehaviour>

    init(_ behaviour: SimulatorBehaviour) {
        box = NIOLockedValueBox(behaviour)
    }

    var current: SimulatorBehaviour {
        box.withLockedValue { $0 }
    }

    func update(_ behaviour: SimulatorBehaviour) {
        box.withLockedValue { $0 = behaviour }
    }
}
