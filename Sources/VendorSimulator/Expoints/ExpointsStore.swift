import Foundation
import NIOConcurrencyHelpers

/// Expoints users keyed by case-insensitive Username, each with the GUID Expoints gave it.
final class ExpointsStore: Sendable {
    struct StoredUser: Equatable {
        var id: String
        var user: ExpointsUser
    }

    enum Refusal: Error, Equatable {
        case alreadyExists([String])
        case unknown([String])
        case duplicateInRequest(String)
    }

    private let users = NIOLockedValueBox([String: StoredUser]())
    private let roleNames: [String: String]

    init(roles: [ExpointsRole]) {
        roleNames = Dictionary(roles.map { ($0.id.lowercased(), $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// Adds all users or none.
    func add(_ batch: [ExpointsUser]) -> Result<Void, Refusal> {
        users.withLockedValue { users in
            if let duplicate = Self.firstDuplicate(batch) { return .failure(.duplicateInRequest(duplicate)) }
            let existing = batch.filter { users[$0.username.lowercased()] != nil }.map(\.username)
            guard existing.isEmpty else { return .failure(.alreadyExists(existing)) }
            for user in batch {
                users[user.username.lowercased()] = StoredUser(id: UUIDText.random(), user: user)
            }
            return .success(())
        }
    }

    /// Replaces all users or none; each must exist.
    func update(_ batch: [ExpointsUser]) -> Result<Void, Refusal> {
        users.withLockedValue { users in
            if let duplicate = Self.firstDuplicate(batch) { return .failure(.duplicateInRequest(duplicate)) }
            let unknown = batch.filter { users[$0.username.lowercased()] == nil }.map(\.username)
            guard unknown.isEmpty else { return .failure(.unknown(unknown)) }
            for user in batch {
                users[user.username.lowercased()]?.user = user
            }
            return .success(())
        }
    }

    /// Stores hand-made accounts (for tests of adoption) in the shape `POST user` takes, without
    /// the model checks: only the Username, the store's key, is needed. A Username that exists
    /// refuses the whole seed. Returns the Usernames, Expoints' own key.
    func insert(_ objects: [[String: JSONValue]]) -> Result<[String], AccountSeedRefusal> {
        users.withLockedValue { users in
            var draft = users
            var names: [String] = []
            for (index, object) in objects.enumerated() {
                guard let username = object["Username"]?.stringValue, !username.isEmpty else {
                    return .failure(AccountSeedRefusal("users[\(index)].Username is required."))
                }
                guard draft[username.lowercased()] == nil else {
                    return .failure(AccountSeedRefusal("users[\(index)]: Username '\(username)' exists."))
                }
                let user = ExpointsUser(
                    username: username, email: object["Email"]?.stringValue,
                    roleIds: (object["Roles"]?.arrayValue ?? []).compactMap { $0.objectValue?["Id"]?.stringValue?.lowercased() },
                    // Expoints gives every account a type; Internal is the common one.
                    type: object["Type"]?.stringValue ?? "Internal",
                    hasSingleActiveRole: object["HasSingleActiveRole"]?.boolValue
                )
                draft[username.lowercased()] = StoredUser(id: UUIDText.random(), user: user)
                names.append(username)
            }
            users = draft
            return .success(names)
        }
    }

    private static func firstDuplicate(_ batch: [ExpointsUser]) -> String? {
        var seen: Set<String> = []
        return batch.first { !seen.insert($0.username.lowercased()).inserted }?.username
    }

    func user(named name: String) -> StoredUser? {
        users.withLockedValue { $0[name.lowercased()] }
    }

    var all: [StoredUser] {
        users.withLockedValue { users in users.keys.sorted().map { users[$0]! } }
    }

    func reset() {
        users.withLockedValue { $0 = [:] }
    }

    /// A user as `GET /external/api/v3/user` returns it.
    func json(_ stored: StoredUser) -> JSONValue {
        [
            "Id": .string(stored.id),
            "Username": .string(stored.user.username),
            "Email": stored.user.email.json,
            "Roles": .array(stored.user.roleIds.map { ["Id": .string($0), "Name": roleNames[$0].json] }),
            "Type": .string(stored.user.type),
            "HasSingleActiveRole": stored.user.hasSingleActiveRole.map(JSONValue.bool) ?? .null,
        ]
    }

    var json: JSONValue { .array(all.map(json)) }
}
