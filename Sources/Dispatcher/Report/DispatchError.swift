/// Why a target could not be (fully) dispatched. The target's other users are unaffected by a
/// user-level problem; these are target-level failures.
package struct DispatchError: Error, Hashable, Sendable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The safety policy blocked the plan and `force` was not given: nothing was sent.
        package static let blocked = Code("blocked")
        /// `open()` failed (credentials, token exchange, transport): nothing was sent or marked.
        package static let openFailed = Code("openFailed")
        /// The pending records could not be read: nothing was sent, so nobody is created twice.
        package static let pendingUnresolved = Code("pendingUnresolved")
        /// The caller's planning step failed (directory, mapping, store read): nothing was sent.
        package static let planFailed = Code("planFailed")
        /// The vendor refused the target itself (credentials, a missing auth source or route):
        /// one error for the target instead of one rejection per user.
        package static let targetRefused = Code("targetRefused")
        /// The store refused a write: sending stopped, since what cannot be recorded must not be sent.
        package static let storeWriteFailed = Code("storeWriteFailed")

        package var description: String { name }
    }

    package var code: Code
    package var target: String
    /// What failed, naming the operation and the underlying error; never contains a secret.
    package var message: String

    package init(code: Code, target: String, message: String) {
        self.code = code
        self.target = target
        self.message = message
    }

    package var description: String { "target \(target): \(code): \(message)" }
}
