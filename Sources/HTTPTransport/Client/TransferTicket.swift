import Synchronization

/// Where one request stands between its caller and the transfer loop, changed by compare-and-swap:
/// the caller's cancellation and the loop's completion need no lock, and the only lock a request
/// takes is the inbox's when it is submitted, where registration, submission and completion each
/// took it, with a dictionary of phases behind it.
final class TransferTicket: Sendable {
    enum Phase: UInt8 {
        case created    // registered, not yet submitted
        case queued     // in the inbox or inside curl
        case cancelled  // cancelled before it was submitted
        case finished   // its continuation was resumed
    }

    let id: UInt64
    private let phase = Atomic<UInt8>(Phase.created.rawValue)

    init(id: UInt64) {
        self.id = id
    }

    var current: Phase { Phase(rawValue: phase.load(ordering: .acquiring))! }

    /// Moves from `expected` to `next`; false when the ticket was elsewhere.
    func move(from expected: Phase, to next: Phase) -> Bool {
        phase.compareExchange(expected: expected.rawValue, desired: next.rawValue, ordering: .acquiringAndReleasing).exchanged
    }

    func finish() {
        phase.store(Phase.finished.rawValue, ordering: .releasing)
    }
}
