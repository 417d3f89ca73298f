/// A counting semaphore for async code: at most `limit` holders at once, the others wait in
/// arrival order.
package actor PlanningSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    package init(_ limit: Int) {
        free = max(1, limit)
    }

    /// Runs `body` while holding a slot.
    package nonisolated func withSlot<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
