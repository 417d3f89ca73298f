/// Why a target could not be (fully) dispatched. The target's other users are unaffected by a
/// user-level problem; these are target-level failures.
public struct DispatchError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The safety policy blocked the plan and `force` was not given: nothing was sent.
        public static let blocked = Code("blocked")
        /// `open()` failed (credentials, token exchange, transport): nothing was sent or marked.
        public static let openFailed = Code("openFailed")
        /// The pending records could not be read: nothing was sent, so nobody is created twice.
        public static let pendingUnresolved = Code("pendingUnresolved")
        /// The caller's planning step failed (directory, mapping, store read): nothing was sent.
        public static let planFailed = Code("planFailed")
        /// The vendor refused the target itself (credentials, a missing auth source or route):
        /// one error for the target instead of one rejection per user.
        public static let targetRefused = Code("targetRefused")
        /// The store refused a write: sending stopped, since what cannot be recorded must not be sent.
        public static let storeWriteFailed = Code("storeWriteFailed")

        public var description: String { name }
    }

    public var code: Code
    public var target: String
    /// What failed, naming the operation and the underlying error; never contains a secret.
    public var message: String

    public init(code: Code, target: String, message: String) {
        self.code = code
        self.target = target
        self.message = message
    }

    public var description: String { "target \(target): \(code): \(message)" }
}
