import Foundation

/// Aria Operations' `user` object. The server rejects unknown properties, which is how the
/// documentation sample's `"Last login time"` key fails.
enum AriaUserSchema {
    static let stringFields: Set<String> = [
        "id", "username", "password", "firstName", "lastName", "emailAddress", "distinguishedName",
    ]
    static let stringListFields: Set<String> = ["groupIds", "roleNames"]
    static let knownFields: Set<String> =
        stringFields.union(stringListFields).union(["enabled", "links", "role-permissions", "lastLoginTime"])

    /// The first problem with `user`, as the message Aria would send.
    static func violation(in user: [String: JSONValue], index: Int) -> String? {
        for key in user.keys.sorted() where !knownFields.contains(key) {
            return "users[\(index)]: Unrecognized field \"\(key)\" (not one of the user properties)."
        }
        for (key, value) in user where value != .null {
            if stringFields.contains(key), value.stringValue == nil {
                return "users[\(index)].\(key) must be a string, got \(value.typeName)."
            }
            if stringListFields.contains(key), value.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
                return "users[\(index)].\(key) must be a list of strings."
            }
        }
        if let enabled = user["enabled"], enabled != .null, enabled.boolValue == nil {
            return "users[\(index)].enabled must be a boolean, got \(enabled.typeName)."
        }
        if let permissions = user["role-permissions"], permissions != .null {
            guard let list = permissions.arrayValue,
                list.allSatisfy({ $0.objectValue?["roleName"]?.stringValue != nil })
            else {
                return "users[\(index)].role-permissions must be a list of objects with a roleName."
            }
        }
        if let id = user["id"]?.stringValue, UUIDText.isValid(id) == false {
            return "users[\(index)].id '\(id)' is not a valid id."
        }
        return nil
    }
}
