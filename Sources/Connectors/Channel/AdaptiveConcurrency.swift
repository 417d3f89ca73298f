import Synchronization

/// The one bound on a target's requests in flight, however batches and per-batch fan-out nest:
/// every request of the target waits here for a slot of its ``ConcurrencyWindow``. A refused
/// request waits out its `Retry-After` itself (``RetryDecision``); once the window is down to one
/// request, a `Retry-After` holds back every new request of the target too — the vendor wants
/// less than dirbridge can send slower.
final class AdaptiveConcurrency: Sendable {
    /// A granted slot: hand it back with ``release(_:_:)``.
    struct Ticket: Sendable {
        fileprivate let sentAt: Duration
    }

    /// What the answer says about the vendor's load.
    enum Signal: Sendable {
        case answered
        /// 429, 503 or a timeout; `retryAfter` when the vendor said how long to wait.
        case overloaded(retryAfter: Duration?)
        /// A transport failure that says nothing about load.
        case neutral
    }

    private struct State {
        var window: ConcurrencyWindow
        var inFlight = 0
        var peak = 0
        var pausedUntil: Duration = .zero
        /// Requests waiting for a slot, oldest first from `firstWaiter`: every release takes from
        /// the front, and hundreds may wait (a target's batches fan out at once), so the front
        /// moves instead of the array shifting on each release.
        var waiters: [CheckedContinuation<Void, Never>] = []
        var firstWaiter = 0

        /// Takes a slot if the window has one.
        mutating func grant() -> Bool {
            guard inFlight < window.capacity else { return false }
            inFlight += 1
            peak = max(peak, inFlight)
            return true
        }

        mutating func takeWaiters(_ count: Int) -> [CheckedContinuation<Void, Never>] {
            guard count > 0 else { return [] }
            let taken = Array(waiters[firstWaiter..<firstWaiter + count])
            firstWaiter += count
            if firstWaiter == waiters.count {
                waiters.removeAll(keepingCapacity: true)
                firstWaiter = 0
            } else if firstWaiter > 64, firstWaiter * 2 > waiters.count {
                waiters.removeFirst(firstWaiter)
                firstWaiter = 0
            }
            return taken
        }
    }

    private let state: Mutex<State>
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    init(initial: Int, maximum: Int) {
        state = Mutex(State(window: ConcurrencyWindow(initial: initial, maximum: maximum)))
        origin = clock.now
    }

    private var now: Duration { clock.now - origin }

    /// The window's size now, the most requests that were in flight at once, and how many wait.
    var snapshot: (window: Double, peakInFlight: Int, waiting: Int) {
        state.withLock { ($0.window.size, $0.peak, $0.waiters.count - $0.firstWaiter) }
    }

    func acquire() async -> Ticket {
        if !state.withLock({ $0.grant() }) {
            // Resumed by `release` with the slot already taken for this request: one arriving
            // meanwhile cannot take it first and send this one back to wait (which happened about
            // six times per request of a 100,000-user first sync of a single-user vendor).
            await withCheckedContinuation { continuation in
                let granted = state.withLock { state -> Bool in
                    // A slot may have freed between the check above and here.
                    if state.grant() { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if granted { continuation.resume() }
            }
        }
        // A Retry-After is only kept once the window is down to one request: the request holding
        // that slot waits it out, and every other waits for the slot. A cancelled request stops
        // waiting: for it the sleep returns at once, and looping would spin until the pause ends.
        while !Task.isCancelled {
            let pause = state.withLock { $0.pausedUntil } - now
            guard pause > .zero else { break }
            try? await Task.sleep(for: pause)
        }
        return Ticket(sentAt: now)
    }

    func release(_ ticket: Ticket, _ signal: Signal) {
        let received = now
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.inFlight -= 1
            switch signal {
            case .answered: state.window.answered()
            case .overloaded(let retryAfter):
                state.window.overloaded(sentAt: ticket.sentAt, now: received)
                if let retryAfter, state.window.capacity == 1 {
                    state.pausedUntil = max(state.pausedUntil, received + retryAfter)
                }
            case .neutral: break
            }
            let free = max(0, state.window.capacity - state.inFlight)
            let woken = state.takeWaiters(min(free, state.waiters.count - state.firstWaiter))
            state.inFlight += woken.count
            state.peak = max(state.peak, state.inFlight)
            return woken
        }
        for waiter in woken { waiter.resume() }
    }
}
