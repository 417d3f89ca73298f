/// One element of a SyncRequestorUsers body, checked and with its JSON Patch applied to an
/// empty user: Requestor clears every property an update does not carry, so the patched
/// state IS the new user, for creates and updates alike.
struct RequestorImportItem: Equatable {
    var userProviderKey: String?
    var externalId: String?
    var email: String
    var properties: [String: JSONValue]
    /// Properties set by `replace` operations: a strict JSON Patch wants each to exist already.
    var replaced: Set<String> = []

    var username: String { properties["Username"]?.stringValue ?? "" }

    /// Why one item was refused; the message goes into that user's `ErrorMessage`.
    struct Refusal: Error, Equatable {
        var username: String?
        var externalId: String?
        var message: String
    }

    /// JsonPatch's operation numbers.
    private enum Operation: Int {
        case add = 0, remove = 1, replace = 2, move = 3, test = 4
    }

    static func parse(_ value: JSONValue, index: Int, patchable: Set<String>) -> Result<RequestorImportItem, Refusal> {
        guard let object = value.objectValue else {
            return .failure(Refusal(message: "Item \(index) is not an object."))
        }
        let externalId = object["ExternalId"]?.stringValue
        func refuse(_ message: String, username: String? = nil) -> Result<RequestorImportItem, Refusal> {
            .failure(Refusal(username: username, externalId: externalId, message: message))
        }
        for key in ["UserProviderKey", "ExternalId", "Email"] {
            if let field = object[key], field != .null, field.stringValue == nil {
                return refuse("\(key) must be a string, got \(field.typeName).")
            }
        }
        let key = object["UserProviderKey"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        if let key, !UUIDText.isValid(key) {
            return refuse("UserProviderKey '\(key)' is not a valid GUID.")
        }
        var properties: [String: JSONValue] = [:]
        var replaced: Set<String> = []
        let operations: [JSONValue]
        switch object["Operations"] {
        case nil, .null?: operations = []
        case .array(let list)?: operations = list
        case let other?: return refuse("Operations must be a list, got \(other.typeName).")
        }
        for (position, element) in operations.enumerated() {
            guard let operation = element.objectValue else {
                return refuse("Operations[\(position)] is not an object.")
            }
            guard let number = operation["Operation"]?.integerValue, let kind = Operation(rawValue: number) else {
                return refuse("Operations[\(position)].Operation \(operation["Operation"]?.encodedText ?? "missing") is not a valid operation (0 add, 1 remove, 2 replace).")
            }
            guard let path = operation["Path"]?.stringValue, path.hasPrefix("/"),
                patchable.contains(String(path.dropFirst()))
            else {
                return refuse("Operations[\(position)].Path \(operation["Path"]?.encodedText ?? "missing") is not a user property path such as /FirstName (case sensitive).")
            }
            let property = String(path.dropFirst())
            switch kind {
            case .add, .replace:
                properties[property] = operation["Value"] ?? .null
                if kind == .replace { replaced.insert(property) }
            case .remove:
                properties[property] = nil
            case .move, .test:
                return refuse("Operations[\(position)]: operation \(kind) is not supported by user import.")
            }
        }
        if let username = properties["Username"], username != .null, username.stringValue == nil {
            return refuse("Username must be a string, got \(username.typeName).")
        }
        let username = properties["Username"]?.stringValue ?? ""
        guard !username.isEmpty else {
            return refuse("Username is required (send an operation on /Username).")
        }
        guard let email = object["Email"]?.stringValue, !email.isEmpty else {
            return refuse("Email is required.", username: username)
        }
        return .success(RequestorImportItem(
            userProviderKey: key, externalId: externalId, email: email, properties: properties, replaced: replaced))
    }
}

extension JSONValue {
    /// The value as compact JSON text, for messages.
    var encodedText: String { String(decoding: encoded, as: UTF8.self) }
}
