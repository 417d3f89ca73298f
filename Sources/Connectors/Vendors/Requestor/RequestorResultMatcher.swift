import DirBridgeCore

/// Pairs SyncRequestorUsers results with the users sent, by identity: the seed promises one result
/// per user, not their order. A result names its user by `UserProviderKey` (updates carry it),
/// `ExternalId` or `Username`, compared case-folded. A user is paired only with a result that
/// names it and no other user, so its outcome is never guessed from a neighbour's. The seed's
/// "all records for each user" may mean several results for one user: they are all his.
struct RequestorResultMatcher {
    struct Result {
        var key: String?
        var externalId: String?
        var username: String?
    }

    private var byKey: [String: [Int]] = [:]
    private var byExternalId: [String: [Int]] = [:]
    private var byUsername: [String: [Int]] = [:]
    private let count: Int

    init(actions: [SyncAction], externalIdField: String, usernameField: String) {
        count = actions.count
        for (index, action) in actions.enumerated() {
            if action.kind != .create, let key = action.vendorId { byKey[key.lowercased(), default: []].append(index) }
            if let id = action.payload.text(externalIdField) { byExternalId[id.lowercased(), default: []].append(index) }
            if let name = action.payload.text(usernameField) { byUsername[name.lowercased(), default: []].append(index) }
        }
    }

    /// For each action (by index), the indices of the results that name it (none: unpaired).
    func match(_ results: [Result]) -> [[Int]] {
        var claims = [[Int]](repeating: [], count: count)
        for (resultIndex, result) in results.enumerated() {
            guard let action = owner(of: result) else { continue }
            claims[action].append(resultIndex)
        }
        return claims
    }

    /// The one action a result names, trying the strongest identity first.
    private func owner(of result: Result) -> Int? {
        for (value, index) in [(result.key, byKey), (result.externalId, byExternalId), (result.username, byUsername)] {
            guard let value, !value.isEmpty, let candidates = index[value.lowercased()] else { continue }
            return candidates.count == 1 ? candidates[0] : nil
        }
        return nil
    }
}
