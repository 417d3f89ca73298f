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
    /// The role GUIDs (lower-cased) this tenant knows.
    var roleIds: Set<String> { Set(roleNames.keys) }

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
                users[user.username.lowercased()] = StoredUser(id: UUID().uuidString.lowercased(), user: user)
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
