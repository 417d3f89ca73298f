import DirBridgeCore
import NIOConcurrencyHelpers

/// What happened in the simulator since start or the last reset: the numbers end-to-end
/// tests assert on ("no user was created twice", "every retry was answered").
final class SimulatorCounters: Sendable {
    enum Event: String, CaseIterable {
        case create = "creates"
        case update = "updates"
        case delete = "deletes"
        /// A create for a user the vendor already holds (refused or, for upserting vendors, a
        /// second record for the same person): the signal that a client created twice.
        case duplicateCreate = "duplicateCreates"
    }

    enum Fault: String, CaseIterable {
        case rateLimited
        case unavailable
        case dropped
        case html
        case notFoundPage
        case appliedThenFailed
    }

    private struct State {
        var requests: [String: Int] = [:]
        var events: [Event: [VendorKind: Int]] = [:]
        var faults: [Fault: Int] = [:]
    }

    private let state = NIOLockedValueBox(State())

    func recordRequest(endpoint: String) {
        state.withLockedValue { $0.requests[endpoint, default: 0] += 1 }
    }

    func record(_ event: Event, vendor: VendorKind, count: Int = 1) {
        guard count > 0 else { return }
        state.withLockedValue { $0.events[event, default: [:]][vendor, default: 0] += count }
    }

    func record(_ fault: Fault) {
        state.withLockedValue { $0.faults[fault, default: 0] += 1 }
    }

    func reset() {
        state.withLockedValue { $0 = State() }
    }

    /// `{"requests": {"POST /sertica/…": n}, "creates": {"sertica": n, …}, …, "faults": {…}}`
    var json: JSONValue {
        state.withLockedValue { state in
            var object: [String: JSONValue] = [
                "requests": .object(state.requests.mapValues { .number(Double($0)) }),
                "faults": .object(
                    Dictionary(uniqueKeysWithValues: Fault.allCases.map { ($0.rawValue, .number(Double(state.faults[$0] ?? 0))) })
                ),
            ]
            for event in Event.allCases {
                let perVendor = state.events[event] ?? [:]
                object[event.rawValue] = .object(
                    Dictionary(uniqueKeysWithValues: VendorKind.allCases.map { ($0.rawValue, .number(Double(perVendor[$0] ?? 0))) })
                )
            }
            return .object(object)
        }
    }
}
