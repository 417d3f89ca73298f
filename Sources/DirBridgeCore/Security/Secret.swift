/// A credential (password, token, integration key) already resolved from the environment or a
/// file. Printing, interpolating or dumping it shows a mask; the value is only reachable
/// through ``revealed``, so every place that uses it is explicit and easy to audit.
package struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    package init(_ value: String) {
        self.value = value
    }

    /// The clear-text value, for building the one request field or header that needs it.
    package var revealed: String { value }

    package var isEmpty: Bool { value.isEmpty }

    package var description: String { "********" }
    package var debugDescription: String { "Secret(********)" }
    package var customMirror: Mirror { Mirror(self, children: [:]) }
}
