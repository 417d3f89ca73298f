import Connectors

extension ActionOutcome.Result {
    /// The outcome in a report's words: its kind, the id and the vendor's message.
    var probeText: String {
        switch self {
        case .applied(let id?): "applied, id \(id)"
        case .applied(nil): "applied, no id named"
        case .rejected(let field, let reason): "rejected" + (field.map { " (field \($0))" } ?? "") + ": \(reason)"
        case .failed(let reason): "failed: \(reason)"
        case .unknown(let reason): "unknown: \(reason)"
        case .exists(let id, let reason): "exists as \(id): \(reason)"
        case .targetRefused(let reason): "target refused: \(reason)"
        }
    }
}

extension LookupResult {
    var probeText: String {
        switch self {
        case .found(let id): "found, id \(id)"
        case .notFound: "not found"
        case .unsupported: "the vendor has no lookup"
        }
    }
}
