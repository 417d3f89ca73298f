/// A credential (password, token, integration key) already resolved from the environment or a
/// file. Printing, interpolating or dumping it shows a mask; the value is only reachable
/// through ``revealed``, so every place that uses it is explicit and easy to audit.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// The clear-text value, for building the one request field or header that needs it.
    public var revealed: String { value }

    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "********" }
    public var debugDescription: String { "Secret(********)" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
