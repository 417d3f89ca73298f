import Foundation
import NIOConcurrencyHelpers

/// Forms On Fire users keyed by Id, unique by Email (case-insensitive) and ExternalId.
final class FormsOnFireStore: Sendable {
    enum Refusal: Error, Equatable {
        case duplicateEmail(String, existingId: String)
        case duplicateExternalId(String, existingId: String)
        case notFound(String)
    }

    /// Users by Id, plus the two unique keys indexed so a create stays O(1) at 10,000s of users.
    private struct State {
        var users: [String: [String: JSONValue]] = [:]
        var idByEmail: [String: String] = [:]
        var idByExternalId: [String: String] = [:]

        mutating func store(_ user: [String: JSONValue], id: String) {
            if let previous = users[id] { unindex(previous) }
            users[id] = user
            if let email = user["Email"]?.stringValue?.lowercased() { idByEmail[email] = id }
            if let externalId = user["ExternalId"]?.stringValue, !externalId.isEmpty { idByExternalId[externalId] = id }
        }

        mutating func remove(id: String) -> Bool {
            guard let user = users.removeValue(forKey: id) else { return false }
            unindex(user)
            return true
        }

        private mutating func unindex(_ user: [String: JSONValue]) {
            if let email = user["Email"]?.stringValue?.lowercased() { idByEmail[email] = nil }
            if let externalId = user["ExternalId"]?.stringValue { idByExternalId[externalId] = nil }
        }
    }

    private let state = NIOLockedValueBox(State())

    /// Stores a new user with status "Invited" and returns its Id.
    func create(_ user: [String: JSONValue]) -> Result<String, Refusal> {
        state.withLockedValue { state in
            if let refusal = Self.uniquenessRefusal(user, excluding: nil, in: state) { return .failure(refusal) }
            return .success(Self.add(user, to: &state))
        }
    }

    /// Stores hand-made accounts (for tests of adoption) in the SUser shape, without validation;
    /// a `Status` sent is kept (an account made by hand may be Active). Email and ExternalId
    /// stay unique, so a seed that collides is refused whole.
    func insert(_ users: [[String: JSONValue]]) -> Result<[String], AccountSeedRefusal> {
        state.withLockedValue { state in
            var draft = state
            var ids: [String] = []
            for (index, user) in users.enumerated() {
                if let refusal = Self.uniquenessRefusal(user, excluding: nil, in: draft) {
                    return .failure(AccountSeedRefusal("users[\(index)]: \(refusal)"))
                }
                ids.append(Self.add(user, to: &draft))
            }
            state = draft
            return .success(ids)
        }
    }

    /// Gives `user` a new Id (and status Invited unless it has one) and stores it.
    private static func add(_ user: [String: JSONValue], to state: inout State) -> String {
        let id = UUIDText.random()
        var stored = user
        stored["Id"] = .string(id)
        if stored["Status"]?.stringValue == nil { stored["Status"] = "Invited" }
        state.store(stored, id: id)
        return id
    }

    /// Replaces the user's fields with the ones sent; Id and Status stay. Returns the status.
    func update(id: String, with user: [String: JSONValue]) -> Result<String, Refusal> {
        state.withLockedValue { state in
            guard let previous = state.users[id] else { return .failure(.notFound(id)) }
            if let refusal = Self.uniquenessRefusal(user, excluding: id, in: state) { return .failure(refusal) }
            var stored = user
            stored["Id"] = .string(id)
            stored["Status"] = previous["Status"] ?? "Invited"
            state.store(stored, id: id)
            return .success(stored["Status"]?.stringValue ?? "Invited")
        }
    }

    private static func uniquenessRefusal(_ user: [String: JSONValue], excluding id: String?, in state: State) -> Refusal? {
        if let email = user["Email"]?.stringValue?.lowercased(), let otherId = state.idByEmail[email], otherId != id {
            return .duplicateEmail(user["Email"]?.stringValue ?? email, existingId: otherId)
        }
        if let externalId = user["ExternalId"]?.stringValue, !externalId.isEmpty,
           let otherId = state.idByExternalId[externalId], otherId != id {
            return .duplicateExternalId(externalId, existingId: otherId)
        }
        return nil
    }

    func delete(id: String) -> Bool {
        state.withLockedValue { $0.remove(id: id) }
    }

    func find(email: String?, externalId: String?) -> [[String: JSONValue]] {
        state.withLockedValue { state in
            // Through the unique keys' indexes when one is asked: a lookup per user of a first
            // sync against a filled tenant must not read every user.
            let candidates: [String] =
                if let email { state.idByEmail[email.lowercased()].map { [$0] } ?? [] }
                else if let externalId { state.idByExternalId[externalId].map { [$0] } ?? [] }
                else { state.users.keys.sorted() }
            return candidates.compactMap { id in
                guard let user = state.users[id] else { return nil }
                if let email, user["Email"]?.stringValue?.lowercased() != email.lowercased() { return nil }
                if let externalId, user["ExternalId"]?.stringValue != externalId { return nil }
                var visible = user
                visible["Password"] = nil
                return visible
            }
        }
    }

    func reset() {
        state.withLockedValue { $0 = State() }
    }

    var json: JSONValue {
        let users = state.withLockedValue { $0.users }
        return .array(users.keys.sorted().map { .object(redactingPasswords(users[$0]!)) })
    }
}
