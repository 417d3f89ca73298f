import Connectors
import DirBridgeCore
import HTTPTransport
import SnapshotStore
import Synchronization

/// One person, one account: which directory user holds each vendor id of a target, so that an
/// answer linking a user to an account someone else holds is caught before it is recorded.
///
/// A vendor that upserts (answers a create with an account it already has: a leaver's, whose
/// address was given to a new hire; a merge by a key dirbridge does not check) would otherwise
/// make two people share one account, the second reaching the first one's data and access.
/// The ids are read from the store once, the first time an answer carries an id its user did not
/// hold; the batches of the run claim theirs as they complete.
final class VendorAccountClaims: Sendable {
    private let store: any SnapshotStore
    private let target: String
    /// Not an actor: a first sync claims an id per created user, and two executor hops per
    /// request cost more than the claim. The holders stored are read once, on the first claim.
    private let state = Mutex<State>(State())

    private struct State {
        var claimed: [FoldedID: Anchor] = [:]
        var loading: Task<[FoldedID: Anchor], any Error>?
    }

    init(store: any SnapshotStore, target: String) {
        self.store = store
        self.target = target
    }

    /// `outcomes` with every applied one whose new vendor id another directory user holds turned
    /// into a rejection naming him. When the holders cannot be read, such outcomes stay unknown:
    /// the pending mark is kept and the lookup with its ownership check settles them. A batch
    /// whose answers carry no new id (updates, disables) never reads the holders.
    func settle(_ outcomes: [ActionOutcome], of batch: [SyncAction]) async -> [ActionOutcome] {
        guard outcomes.contains(where: { if case .applied(_?) = $0.result { true } else { false } }) else { return outcomes }
        // A one-user batch (most vendors that take one user per request) needs no index.
        let actions = batch.count > 1 ? Dictionary(batch.map { ($0.anchor, $0) }, uniquingKeysWith: { first, _ in first }) : nil
        var settled = outcomes
        for (index, outcome) in outcomes.enumerated() {
            guard case .applied(let id?) = outcome.result,
                  let action = actions.map({ $0[outcome.anchor] }) ?? batch.first(where: { $0.anchor == outcome.anchor }),
                  action.vendorId.map({ FoldedID($0) != FoldedID(id) }) ?? true else { continue }
            do {
                guard let holder = try await claim(id, for: action.anchor) else { continue }
                let owner = (try? await store.holders(ofVendorIds: [id], target: target))?[id]?.dn ?? holder.value
                settled[index].result = .rejected(field: nil, reason: "\(action.kind) of \(action.dn): the vendor answered with"
                    + " account \(id), which belongs to \(owner); not linked, so that two people never share one account."
                    + " The vendor may have merged them: check that account")
            } catch {
                settled[index].result = .unknown(reason: "\(action.kind) of \(action.dn): applied as \(id), but who holds that"
                    + " account could not be read (\(error)); left pending")
            }
        }
        return settled
    }

    /// Claims `id` for `anchor`; the other anchor holding it, if any.
    private func claim(_ id: String, for anchor: Anchor) async throws -> Anchor? {
        let (store, target) = (store, target)
        let loading = state.withLock { state in
            if let loading = state.loading { return loading }
            let loading = Task {
                var holders: [FoldedID: Anchor] = [:]
                for record in try await store.records(target: target) {
                    if let id = record.vendorId { holders[FoldedID(id)] = record.anchor }
                }
                return holders
            }
            state.loading = loading
            return loading
        }
        let stored = try await loading.value
        let key = FoldedID(id)
        return state.withLock { state in
            if let holder = state.claimed[key] ?? stored[key], holder != anchor { return holder }
            state.claimed[key] = anchor
            return nil
        }
    }
}

/// A vendor id compared regardless of ASCII case (the same GUID may come back in either): its
/// ASCII-lowercased text, which is the id itself, shared, when it has no uppercase letter.
private struct FoldedID: Hashable {
    let key: String

    init(_ text: String) {
        key = text.utf8.contains(where: { (0x41...0x5A).contains($0) })
            ? String(decoding: text.utf8.map(ASCIIBytes.lowered), as: UTF8.self) : text
    }
}
