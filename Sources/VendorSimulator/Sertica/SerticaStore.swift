import NIOConcurrencyHelpers

/// Sertica's import queue: users keyed by `UserNo`; importing again replaces the user.
final class SerticaStore: Sendable {
    enum Outcome: Equatable {
        case created
        case updated
        /// A new UserNo whose Login another UserNo already has: Sertica accepts it, but it is
        /// the same person twice, so the simulator counts it.
        case createdDuplicateLogin(existingUserNo: String)
    }

    private struct State {
        var users: [String: [String: JSONValue]] = [:]
        var userNoByLogin: [String: String] = [:]
    }

    private let state = NIOLockedValueBox(State())

    func upsert(_ user: [String: JSONValue]) -> Outcome {
        state.withLockedValue { Self.upsert(user, in: &$0) }
    }

    private static func upsert(_ user: [String: JSONValue], in state: inout State) -> Outcome {
        let userNo = user["UserNo"]?.stringValue ?? ""
        let login = (user["Login"]?.stringValue ?? "").lowercased()
        let previous = state.users.updateValue(user, forKey: userNo)
        if let previous, let oldLogin = previous["Login"]?.stringValue?.lowercased(),
            state.userNoByLogin[oldLogin] == userNo
        {
            state.userNoByLogin[oldLogin] = nil
        }
        let holder = state.userNoByLogin[login]
        if holder == nil { state.userNoByLogin[login] = userNo }
        if previous != nil { return .updated }
        if let holder, holder != userNo { return .createdDuplicateLogin(existingUserNo: holder) }
        return .created
    }

    /// Stores hand-made accounts (for tests of adoption) in the ImportUser shape, without
    /// validation. A UserNo that exists refuses the whole seed: an import would replace it, and
    /// a seed means "this account was already there".
    func insert(_ users: [[String: JSONValue]]) -> Result<[String], AccountSeedRefusal> {
        state.withLockedValue { state in
            var draft = state
            var userNos: [String] = []
            for (index, user) in users.enumerated() {
                guard let userNo = user["UserNo"]?.stringValue, !userNo.isEmpty else {
                    return .failure(AccountSeedRefusal("users[\(index)].UserNo is required."))
                }
                guard draft.users[userNo] == nil else {
                    return .failure(AccountSeedRefusal("users[\(index)]: UserNo '\(userNo)' exists."))
                }
                _ = Self.upsert(user, in: &draft)
                userNos.append(userNo)
            }
            state = draft
            return .success(userNos)
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

/// State dumps show that a password was sent, never its value.
func redactingPasswords(_ user: [String: JSONValue]) -> [String: JSONValue] {
    var user = user
    for key in ["Password", "password"] where user[key] != nil && user[key] != .null {
        user[key] = "<redacted>"
    }
    return user
}
