import Foundation

/// One Expoints `ImportUser`, validated against the documented model and the configured roles.
struct ExpointsUser: Equatable {
    var username: String
    var email: String?
    var roleIds: [String]
    var type: String
    var hasSingleActiveRole: Bool?

    /// Checks `value` (element `index` of the body), returning every model error keyed like ASP.NET's ModelState.
    static func parse(
        _ value: JSONValue, index: Int, knownRoleIds: Set<String>
    ) -> Result<ExpointsUser, ExpointsModelErrors> {
        let prefix = "users[\(index)]"
        guard let object = value.objectValue else {
            return .failure(ExpointsModelErrors(errors: [(prefix, "Each user must be a JSON object.")]))
        }
        var errors: [(field: String, message: String)] = []
        let username = object["Username"]?.stringValue ?? ""
        if username.isEmpty { errors.append(("\(prefix).Username", "The Username field is required.")) }
        let email = object["Email"]?.stringValue
        if let raw = object["Email"], raw != .null, email == nil {
            errors.append(("\(prefix).Email", "The field Email must be a string."))
        }
        var roleIds: [String] = []
        if let roles = object["Roles"]?.arrayValue, !roles.isEmpty {
            for (position, role) in roles.enumerated() {
                guard let id = role.objectValue?["Id"]?.stringValue, UUIDText.isValid(id) else {
                    errors.append(("\(prefix).Roles[\(position)].Id", "The Id field must be a GUID."))
                    continue
                }
                let canonical = id.lowercased()
                if knownRoleIds.contains(canonical) {
                    roleIds.append(canonical)
                } else {
                    errors.append(("\(prefix).Roles[\(position)].Id", "Role \(id) does not exist."))
                }
            }
        } else {
            errors.append(("\(prefix).Roles", "The Roles field is required."))
        }
        let rawType = object["Type"]?.stringValue ?? ""
        let type = ["Internal", "External"].first { $0.caseInsensitiveCompare(rawType) == .orderedSame }
        if type == nil {
            errors.append(("\(prefix).Type", rawType.isEmpty ? "The Type field is required." : "The field Type must be Internal or External."))
        }
        let single = object["HasSingleActiveRole"]
        if let single, single != .null, single.boolValue == nil {
            errors.append(("\(prefix).HasSingleActiveRole", "The field HasSingleActiveRole must be a boolean."))
        }
        guard errors.isEmpty, let type else { return .failure(ExpointsModelErrors(errors: errors)) }
        return .success(
            ExpointsUser(username: username, email: email, roleIds: roleIds, type: type, hasSingleActiveRole: single?.boolValue)
        )
    }
}

struct ExpointsModelErrors: Error {
    var errors: [(field: String, message: String)]
}
