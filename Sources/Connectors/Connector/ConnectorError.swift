import HTTPTransport

/// Why a connector-wide operation (open, lookup, access check, settings) failed.
package struct ConnectorError: Error, Sendable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The settings cannot work (missing credential, unsupported deprovision policy, …).
        package static let invalidSettings = Code("invalidSettings")
        /// The vendor refused the credentials (401/403) or the token exchange failed.
        package static let authentication = Code("authentication")
        /// No HTTP answer after the allowed retries.
        package static let transport = Code("transport")
        /// An HTTP answer the vendor's documentation does not allow for this request.
        package static let unexpectedResponse = Code("unexpectedResponse")

        package var description: String { name }
    }

    package var code: Code
    package var target: String
    /// What was being done: "open", "lookup of jdoe", "check", …
    package var operation: String
    /// Never contains a secret.
    package var message: String
    package var status: Int?

    package init(code: Code, target: String, operation: String, message: String, status: Int? = nil) {
        self.code = code
        self.target = target
        self.operation = operation
        self.message = message
        self.status = status
    }

    package var description: String {
        let statusPart = status.map { " (HTTP \($0))" } ?? ""
        return "target \(target): \(operation): \(code): \(message)\(statusPart)"
    }
}
