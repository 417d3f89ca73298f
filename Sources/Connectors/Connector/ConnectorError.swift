import HTTPTransport

/// Why a connector-wide operation (open, lookup, access check, settings) failed.
public struct ConnectorError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The settings cannot work (missing credential, unsupported deprovision policy, …).
        public static let invalidSettings = Code("invalidSettings")
        /// The vendor refused the credentials (401/403) or the token exchange failed.
        public static let authentication = Code("authentication")
        /// No HTTP answer after the allowed retries.
        public static let transport = Code("transport")
        /// An HTTP answer the vendor's documentation does not allow for this request.
        public static let unexpectedResponse = Code("unexpectedResponse")

        public var description: String { name }
    }

    public var code: Code
    public var target: String
    /// What was being done: "open", "lookup of jdoe", "check", …
    public var operation: String
    /// Never contains a secret.
    public var message: String
    public var status: Int?

    public init(code: Code, target: String, operation: String, message: String, status: Int? = nil) {
        self.code = code
        self.target = target
        self.operation = operation
        self.message = message
        self.status = status
    }

    public var description: String {
        let statusPart = status.map { " (HTTP \($0))" } ?? ""
        return "target \(target): \(operation): \(code): \(message)\(statusPart)"
    }
}
