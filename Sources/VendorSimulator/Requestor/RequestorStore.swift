import Foundation
import NIOConcurrencyHelpers

/// Requestor's users keyed by UserProviderKey, with ExternalId and Username indexes.
final class RequestorStore: Sendable {
    struct User: Equatable {
        var userProviderKey: String
        var externalId: String?
        var email: String
        var properties: [String: JSONValue]

        var username: String { properties["Username"]?.stringValue ?? "" }

        var json: JSONValue {
            .object([
                "UserProviderKey": .string(userProviderKey), "ExternalId": externalId.json,
                "Email": .string(email), "Properties": .object(properties),
            ])
        }
    }

    enum Outcome: Equatable {
        case created(key: String)
        case updated(key: String)
        /// A create for a person Requestor already has: the existing key comes back as the conflict.
        case conflict(existingKey: String, message: String)
        case refused(message: String)
    }

    private struct State {
        var users: [String: User] = [:]
        var keyByExternalId: [String: String] = [:]
        var keyByUsername: [String: String] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Applies the items in order (a later item sees an earlier one's effect), one outcome each.
    /// With `strictReplace`, a `replace` of a property the user does not hold (any, for a create)
    /// is refused, as JSON Patch's replace wants its target to exist.
    func sync(_ items: [Result<RequestorImportItem, RequestorImportItem.Refusal>], strictReplace: Bool) -> [Outcome] {
        state.withLockedValue { state in
            items.map { item in
                switch item {
                case .failure(let refusal): return .refused(message: refusal.message)
                case .success(let item): return Self.apply(item, strictReplace: strictReplace, to: &state)
                }
            }
        }
    }

    private static func apply(_ item: RequestorImportItem, strictReplace: Bool, to state: inout State) -> Outcome {
        if strictReplace {
            let held = item.userProviderKey.flatMap { state.users[$0]?.properties.filter { $0.value != .null }.keys }.map(Set.init) ?? []
            if let missing = item.replaced.subtracting(held).sorted().first {
                return .refused(message: "The target location specified by path '/\(missing)' was not found.")
            }
        }
        let usernameKey = item.username.lowercased()
        guard let key = item.userProviderKey else {
            if let externalId = item.externalId, let existing = state.keyByExternalId[externalId] {
                return .conflict(existingKey: existing, message: "A user with ExternalId '\(externalId)' already exists.")
            }
            if let existing = state.keyByUsername[usernameKey] {
                return .conflict(existingKey: existing, message: "A user with Username '\(item.username)' already exists.")
            }
            let key = UUIDText.random()
            store(User(userProviderKey: key, externalId: item.externalId, email: item.email, properties: item.properties), in: &state)
            return .created(key: key)
        }
        guard let previous = state.users[key] else {
            return .refused(message: "No user with UserProviderKey '\(key)' exists.")
        }
        if let externalId = item.externalId, let holder = state.keyByExternalId[externalId], holder != key {
            return .refused(message: "ExternalId '\(externalId)' belongs to user \(holder).")
        }
        if let holder = state.keyByUsername[usernameKey], holder != key {
            return .refused(message: "Username '\(item.username)' belongs to user \(holder).")
        }
        unindex(previous, in: &state)
        store(User(userProviderKey: key, externalId: item.externalId, email: item.email, properties: item.properties), in: &state)
        return .updated(key: key)
    }

    /// Stores hand-made accounts (for tests of adoption) in the store's own shape,
    /// `{ExternalId, Email, Properties: {Username, …}}`, without validation; each gets a new
    /// UserProviderKey. Username and ExternalId stay unique, so a seed that collides is refused whole.
    func insert(_ users: [[String: JSONValue]]) -> Result<[String], AccountSeedRefusal> {
        state.withLockedValue { state in
            var draft = state
            var keys: [String] = []
            for (index, object) in users.enumerated() {
                let user = User(
                    userProviderKey: UUIDText.random(), externalId: object["ExternalId"]?.stringValue,
                    email: object["Email"]?.stringValue ?? "", properties: object["Properties"]?.objectValue ?? [:]
                )
                guard !user.username.isEmpty else {
                    return .failure(AccountSeedRefusal("users[\(index)].Properties.Username is required."))
                }
                if let holder = draft.keyByUsername[user.username.lowercased()] {
                    return .failure(AccountSeedRefusal("users[\(index)]: Username '\(user.username)' exists (\(holder))."))
                }
                if let externalId = user.externalId, let holder = draft.keyByExternalId[externalId] {
                    return .failure(AccountSeedRefusal("users[\(index)]: ExternalId '\(externalId)' exists (\(holder))."))
                }
                Self.store(user, in: &draft)
                keys.append(user.userProviderKey)
            }
            state = draft
            return .success(keys)
        }
    }

    private static func store(_ user: User, in state: inout State) {
        state.users[user.userProviderKey] = user
        if let externalId = user.externalId { state.keyByExternalId[externalId] = user.userProviderKey }
        state.keyByUsername[user.username.lowercased()] = user.userProviderKey
    }

    private static func unindex(_ user: User, in state: inout State) {
        if let externalId = user.externalId { state.keyByExternalId[externalId] = nil }
        state.keyByUsername[user.username.lowercased()] = nil
    }

    func holds(key: String) -> Bool {
        state.withLockedValue { $0.users[key] != nil }
    }

    func delete(key: String) -> Bool {
        state.withLockedValue { state in
            guard let user = state.users.removeValue(forKey: key) else { return false }
            Self.unindex(user, in: &state)
            return true
        }
    }

    func reset() {
        state.withLockedValue { $0 = State() }
    }

    var json: JSONValue {
        let users = state.withLockedValue { $0.users }
        return .array(users.keys.sorted().map { users[$0]!.json })
    }
}
