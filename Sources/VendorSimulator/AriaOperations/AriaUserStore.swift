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

    /// Imports all users or none: every user is checked before any is stored.
    func importUsers(_ users: [[String: JSONValue]], sourceId: String) -> Result<ImportResult, ImportRefusal> {
        state.withLockedValue { state in
            var plannedIds: [String?] = []
            var seen: Set<String> = []
            for (index, user) in users.enumerated() {
                guard let username = user["username"]?.stringValue, !username.isEmpty else {
                    return .failure(.missingUsername(index: index))
                }
                let key = username.lowercased()
                guard seen.insert(key).inserted else { return .failure(.duplicateInRequest(username: username)) }
                let holder = state.idByUsername[key]
                if let id = user["id"]?.stringValue {
                    guard state.users[id] != nil else { return .failure(.unknownId(id)) }
                    if let holder, holder != id { return .failure(.usernameTaken(username: username, byId: holder)) }
                    plannedIds.append(id)
                } else {
                    if let holder { return .failure(.reimportWithoutId(username: username, existingId: holder)) }
                    plannedIds.append(nil)
                }
            }
            var result = ImportResult(users: [], created: 0, updated: 0)
            for (user, plannedId) in zip(users, plannedIds) {
                let id = plannedId ?? UUID().uuidString.lowercased()
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
                result.users.append(Self.publicView(stored))
            }
            return .success(result)
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
