import Synchronization
import Testing
@testable import Connectors

/// The window's rules: one more request per window of answers, ×0.7 on overload, once per round
/// trip, never below one, never above the maximum.
struct ConcurrencyWindowTests {
    @Test func doublesPerRoundTripUntilTheVendorPushesBackThenGrowsByOnePerWindow() {
        var window = ConcurrencyWindow(initial: 4, maximum: 64)
        for _ in 0..<4 { window.answered() }
        #expect(window.capacity == 8, "a window of answers doubles it")
        window.overloaded(sentAt: .milliseconds(1), now: .milliseconds(2))
        #expect(window.capacity == 4, "the doubling overshot: halved")
        for _ in 0..<5 { window.answered() }
        #expect(window.capacity == 5, "then about one more per window of answers")
        for _ in 0..<100_000 { window.answered() }
        #expect(window.capacity == 64, "capped at the maximum")
    }

    @Test func aBurstOfOverloadSignalsDecreasesOnce() {
        var window = ConcurrencyWindow(initial: 40, maximum: 64)
        window.overloaded(sentAt: .milliseconds(90), now: .milliseconds(95))
        #expect(window.capacity == 20)
        window.overloaded(sentAt: .milliseconds(100), now: .milliseconds(150))
        #expect(window.capacity == 14)
        // Requests sent before that decrease answer 429 too: they describe the old window.
        window.overloaded(sentAt: .milliseconds(120), now: .milliseconds(160))
        window.overloaded(sentAt: .milliseconds(149), now: .milliseconds(170))
        #expect(window.capacity == 14)
        // A request sent after it is news: the window shrinks again.
        window.overloaded(sentAt: .milliseconds(155), now: .milliseconds(200))
        #expect(window.capacity == 9)
    }

    @Test func growsEightTimesSlowerNearTheSizeThatLastOverloadedTheVendor() {
        var window = ConcurrencyWindow(initial: 40, maximum: 64)
        window.overloaded(sentAt: .milliseconds(1), now: .milliseconds(2))  // the doubling ends: 20
        window.overloaded(sentAt: .milliseconds(3), now: .milliseconds(4))  // capacity found at 20
        #expect(window.capacity == 14)
        var answers = 0
        while window.capacity < 18 { window.answered(); answers += 1 }  // below 0.9 × 20: fast
        #expect(answers < 80, "\(answers)")
        answers = 0
        while window.capacity < 20 { window.answered(); answers += 1 }  // near it: slow
        #expect(answers > 200, "\(answers)")
    }

    @Test func neverBelowOneRequest() {
        var window = ConcurrencyWindow(initial: 2, maximum: 8)
        for step in 0..<20 {
            window.overloaded(sentAt: .milliseconds(step * 10 + 5), now: .milliseconds(step * 10 + 6))
        }
        #expect(window.capacity == 1)
        #expect(ConcurrencyWindow(initial: 0, maximum: 0).capacity == 1)
        #expect(ConcurrencyWindow(initial: 64, maximum: 16).capacity == 16)
    }
}

/// The gate: requests in flight never exceed the window, and a Retry-After holds every new
/// request of the target back, not only the one retried.
struct AdaptiveConcurrencyTests {
    @Test func inFlightNeverExceedsTheWindow() async {
        let gate = AdaptiveConcurrency(initial: 3, maximum: 3)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    let ticket = await gate.acquire()
                    try? await Task.sleep(for: .milliseconds(1))
                    gate.release(ticket, .answered)
                }
            }
        }
        #expect(gate.snapshot.peakInFlight == 3)
    }

    @Test func aRetryAfterPausesEveryNewRequestOnceTheWindowIsDownToOne() async {
        let gate = AdaptiveConcurrency(initial: 4, maximum: 4)
        // 4 → 2.8: the window still holds two requests; the refused one waits on its own.
        let first = await gate.acquire()
        gate.release(first, .overloaded(retryAfter: .milliseconds(300)))
        var started = ContinuousClock.now
        let second = await gate.acquire()
        #expect(ContinuousClock.now - started < .milliseconds(250))
        // 2.8 → 1.96, one request: the vendor wants less than one at a time can send. Everyone waits.
        gate.release(second, .overloaded(retryAfter: .milliseconds(300)))
        started = ContinuousClock.now
        let third = await gate.acquire()
        #expect(ContinuousClock.now - started >= .milliseconds(290))
        gate.release(third, .answered)
    }
}

extension AdaptiveConcurrencyTests {
    /// Hundreds of requests queued behind a small window (a target's batches fan out at once):
    /// every one is let through in the end, never more than the window at a time.
    @Test func aLongQueueIsServedWholeWithinTheWindow() async {
        let gate = AdaptiveConcurrency(initial: 2, maximum: 2)
        let served = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<600 {
                group.addTask {
                    let ticket = await gate.acquire()
                    await Task.yield()
                    gate.release(ticket, .answered)
                    return 1
                }
            }
            return await group.reduce(0, +)
        }
        #expect(served == 600)
        #expect(gate.snapshot.peakInFlight == 2)
    }

    /// A slot freed while a request waits is his: a request arriving at that moment waits its
    /// turn instead of taking it and sending the waiting one back to wait again.
    @Test func aFreedSlotGoesToTheWaitingRequestNotToANewcomer() async {
        let gate = AdaptiveConcurrency(initial: 1, maximum: 1)
        let order = Mutex<[String]>([])
        let holder = await gate.acquire()
        let waiting = Task {
            let ticket = await gate.acquire()
            order.withLock { $0.append("waiting") }
            gate.release(ticket, .answered)
        }
        // Queued for certain, however slowly the task gets a thread.
        while gate.snapshot.waiting == 0 { try? await Task.sleep(for: .milliseconds(5)) }
        gate.release(holder, .answered)
        let newcomer = await gate.acquire()
        order.withLock { $0.append("newcomer") }
        gate.release(newcomer, .answered)
        await waiting.value
        #expect(order.withLock { $0 } == ["waiting", "newcomer"])
    }

    /// A request cancelled while the target waits out a Retry-After gets its slot back at once
    /// instead of spinning until the pause ends. Pause and bound are long: in a full suite other
    /// tests held the cooperative threads for ten seconds at a time.
    @Test func aCancelledRequestStopsWaitingOutAPause() async {
        let gate = AdaptiveConcurrency(initial: 1, maximum: 1)
        let refused = await gate.acquire()
        gate.release(refused, .overloaded(retryAfter: .seconds(120)))
        let started = ContinuousClock.now
        let waiting = Task { await gate.acquire() }
        waiting.cancel()
        let ticket = await waiting.value
        #expect(ContinuousClock.now - started < .seconds(90))
        gate.release(ticket, .neutral)
    }
}
