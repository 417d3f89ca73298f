import Foundation
import NIOConcurrencyHelpers

/// Aria Operations' imported users, keyed by id, with a case-insensitive username index.
final class AriaUserStore: Sendable {
    struct ImportResult {
        var users: [[String: JSONValue]]
        var created: Int
        var updated: Int
    }

    enum ImportRefusal: Error, Equatable {
        /// The username exists and the request carries no id: Aria wants re-imports to name the id.
        case reimportWithoutId(username: String, existingId: String)
        case unknownId(String)
        case usernameTaken(username: String, byId: String)
        case duplicateInRequest(username: String)
        case missingUsername(index: Int)
    }

    private struct State {
        var users: [String: [String: JSONValue]] = [:]
        var idByUsername: [String: String] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Imports the users. `atomic`: every user is checked before any is stored, so a refusal
    /// stores nobody. Otherwise users are checked and stored one after another, and a refusal
    /// keeps those stored before it (the seed does not say which Aria does): `applied` tells.
    func importUsers(
        _ users: [[String: JSONValue]], sourceId: String, atomic: Bool = true
    ) -> (applied: ImportResult, refusal: ImportRefusal?) {
        state.withLockedValue { state in
            var seen: Set<String> = []
            func check(_ user: [String: JSONValue], index: Int, in state: State) -> Result<String?, ImportRefusal> {
                guard let username = user["username"]?.stringValue, !username.isEmpty else {
                    return .failure(.missingUsername(index: index))
                }
                let key = username.lowercased()
                guard seen.insert(key).inserted else { return .failure(.duplicateInRequest(username: username)) }
                let holder = state.idByUsername[key]
                if let id = user["id"]?.stringValue {
                    guard state.users[id] != nil else { return .failure(.unknownId(id)) }
                    if let holder, holder != id { return .failure(.usernameTaken(username: username, byId: holder)) }
                    return .success(id)
                }
                if let holder { return .failure(.reimportWithoutId(username: username, existingId: holder)) }
                return .success(nil)
            }
            var result = ImportResult(users: [], created: 0, updated: 0)
            if atomic {
                var plannedIds: [String?] = []
                for (index, user) in users.enumerated() {
                    switch check(user, index: index, in: state) {
                    case .failure(let refusal): return (result, refusal)
                    case .success(let id): plannedIds.append(id)
                    }
                }
                for (user, plannedId) in zip(users, plannedIds) { Self.store(user, id: plannedId, sourceId: sourceId, in: &state, into: &result) }
                return (result, nil)
            }
            for (index, user) in users.enumerated() {
                switch check(user, index: index, in: state) {
                case .failure(let refusal): return (result, refusal)
                case .success(let id): Self.store(user, id: id, sourceId: sourceId, in: &state, into: &result)
                }
            }
            return (result, nil)
        }
    }

    private static func store(
        _ user: [String: JSONValue], id plannedId: String?, sourceId: String, in state: inout State, into result: inout ImportResult
    ) {
        let id = plannedId ?? UUIDText.random()
        var stored = user
        stored["id"] = .string(id)
        stored["sourceId"] = .string(sourceId)
        if stored["enabled"] == nil || stored["enabled"] == .null { stored["enabled"] = true }
        if let previous = state.users[id], let oldName = previous["username"]?.stringValue {
            state.idByUsername[oldName.lowercased()] = nil
            result.updated += 1
        } else {
            result.created += 1
        }
        state.users[id] = stored
        state.idByUsername[(user["username"]?.stringValue ?? "").lowercased()] = id
        result.users.append(publicView(stored))
    }

    /// Stores users as if an administrator had created them in Aria (for tests of adoption):
    /// no schema check, no counters; a username that exists refuses the whole seed.
    func insert(_ users: [[String: JSONValue]], sourceId: String) -> Result<[String], AccountSeedRefusal> {
        state.withLockedValue { state in
            var draft = state
            var result = ImportResult(users: [], created: 0, updated: 0)
            for (index, user) in users.enumerated() {
                guard let username = user["username"]?.stringValue, !username.isEmpty else {
                    return .failure(AccountSeedRefusal("users[\(index)].username is required."))
                }
                if let holder = draft.idByUsername[username.lowercased()] {
                    return .failure(AccountSeedRefusal("users[\(index)]: username '\(username)' exists (id \(holder))."))
                }
                Self.store(user, id: nil, sourceId: sourceId, in: &draft, into: &result)
            }
            state = draft
            return .success(result.users.compactMap { $0["id"]?.stringValue })
        }
    }

    func users(usernames: [String], ids: [String]) -> [[String: JSONValue]] {
        state.withLockedValue { state in
            var found: [String] = []
            if usernames.isEmpty && ids.isEmpty {
                found = state.users.keys.sorted()
            } else {
                found += usernames.compactMap { state.idByUsername[$0.lowercased()] }
                found += ids.filter { state.users[$0] != nil }
            }
            return found.compactMap { state.users[$0].map(Self.publicView) }
        }
    }

    enum ModifyRefusal: Error, Equatable {
        case unknownId(String)
        case usernameTaken(username: String, byId: String)
    }

    /// Applies the given properties to the user with `id` (`enabled: false` disables it).
    func modify(id: String, changes: [String: JSONValue]) -> Result<[String: JSONValue], ModifyRefusal> {
        state.withLockedValue { state in
            guard var user = state.users[id] else { return .failure(.unknownId(id)) }
            if let newName = changes["username"]?.stringValue,
                let holder = state.idByUsername[newName.lowercased()], holder != id
            {
                return .failure(.usernameTaken(username: newName, byId: holder))
            }
            if let oldName = user["username"]?.stringValue { state.idByUsername[oldName.lowercased()] = nil }
            for (key, value) in changes where key != "id" { user[key] = value }
            state.idByUsername[(user["username"]?.stringValue ?? "").lowercased()] = id
            state.users[id] = user
            return .success(Self.publicView(user))
        }
    }

    func delete(id: String) -> Bool {
        state.withLockedValue { state in
            guard let user = state.users.removeValue(forKey: id) else { return false }
            if let name = user["username"]?.stringValue { state.idByUsername[name.lowercased()] = nil }
            return true
        }
    }

    func reset() {
        state.withLockedValue { $0 = State() }
    }

    var json: JSONValue {
        let users = state.withLockedValue { $0.users }
        return .array(users.keys.sorted().map { .object(redactingPasswords(users[$0]!)) })
    }

    /// What the API returns for a user: never the password, nor the simulator's own bookkeeping
    /// (a client may send the echoed user back, and unknown properties are refused).
    private static func publicView(_ user: [String: JSONValue]) -> [String: JSONValue] {
        var user = user
        user["password"] = nil
        user["sourceId"] = nil
        return user
    }
}
