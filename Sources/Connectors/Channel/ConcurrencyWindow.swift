/// How many requests a target may have in flight, learned from the vendor's answers: until the
/// vendor first pushes back, one more per answer (the window doubles every round trip, so a slow
/// vendor is filled in seconds); then additive increase (about one more per window of answered
/// requests), multiplicative decrease on an
/// overload signal (429, 503, a timeout), at most once per round trip — answers to requests sent
/// before the last decrease describe the old window and do not count again. Near the size that
/// last overloaded the vendor the window grows eight times slower, so a vendor with a fixed
/// capacity is probed rarely instead of hit every few round trips. Pure state; the gate around
/// it is ``AdaptiveConcurrency``.
struct ConcurrencyWindow: Sendable, Equatable {
    /// What a decrease keeps: gentler than TCP's halving, which measured better against a
    /// vendor whose capacity is a fixed request rate.
    static let decreaseFactor = 0.7
    /// The first decrease ends the doubling, which overshoots by up to twice: it halves.
    static let firstDecreaseFactor = 0.5

    let maximum: Double
    private(set) var size: Double
    /// When the last decrease happened, in the clock of the caller.
    private(set) var lastDecrease: Duration?
    /// The size at the last overload: where the vendor's capacity was found.
    private(set) var ceiling: Double?

    init(initial: Int, maximum: Int) {
        self.maximum = Double(max(1, maximum))
        size = min(Double(max(1, initial)), self.maximum)
    }

    /// Requests allowed in flight now.
    var capacity: Int { Int(size.rounded(.down)) }

    /// An answer that was not an overload signal.
    mutating func answered() {
        guard let ceiling else {
            size = min(maximum, size + 1)
            return
        }
        size = min(maximum, size + (size >= ceiling * 0.9 ? 1 / (8 * size) : 1 / size))
    }

    /// An overload signal for a request sent at `sentAt`, received at `now`.
    mutating func overloaded(sentAt: Duration, now: Duration) {
        if let lastDecrease, sentAt < lastDecrease { return }
        let factor = ceiling == nil ? Self.firstDecreaseFactor : Self.decreaseFactor
        ceiling = size
        size = max(1, size * factor)
        lastDecrease = now
    }
}
