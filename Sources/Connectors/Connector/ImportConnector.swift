import DirBridgeCore

/// One vendor's user-import API, as the dispatcher sees it.
///
/// Lifecycle: ``open()`` once (authenticates), ``apply(_:)`` any number of times with at most
/// ``maxBatchSize`` actions each, ``close()`` once. ``apply(_:)`` never throws: every action
/// gets exactly one ``ActionOutcome``, so one bad user never hides the others' results.
package protocol ImportConnector: Sendable {
    /// The configured target name (a config file may define several targets of one vendor).
    var target: String { get }
    var vendor: VendorKind { get }
    /// The most actions one ``apply(_:)`` call should carry.
    var maxBatchSize: Int { get }
    /// The requests one ``apply(_:)`` of a full batch has in flight at once: 1 where a batch is
    /// one request, more where each user is a request of his own. The dispatcher keeps just
    /// enough batches in flight to fill the target's window with them.
    var requestsPerBatch: Int { get }
    /// What a `disable` action does at this target.
    var deprovision: DeprovisionPolicy { get }
    /// Requests sent and retried so far, for the run summary and metrics.
    var statistics: ConnectorStatistics { get }

    /// Authenticates where the vendor has a session (Aria Operations acquires its token).
    func open() async throws(ConnectorError)

    /// Sends `batch` and returns one outcome per action, keyed by anchor, in any order.
    func apply(_ batch: [SyncAction]) async -> [ActionOutcome]

    /// The payload field ``lookup(naturalKeyOf:)`` searches by (the vendor's unique key for a
    /// user); nil when the vendor has no lookup. Adoptions are matched through it only.
    var matchField: String? { get }

    /// Finds the user a payload describes by its natural key (username, e-mail, external id),
    /// so a `pending` record left by a timeout or crash is resolved without creating the user twice.
    func lookup(naturalKeyOf payload: TargetPayload) async throws(ConnectorError) -> LookupResult

    /// Whether a deprovision can be sent again without a lookup, for a user the vendor may no
    /// longer hold, with no harm: true where it is an import keyed by the user (Sertica's
    /// `Access: false`), false where an unknown id is refused (the refusal would be recorded).
    var repeatsDeprovisionBlind: Bool { get }

    /// Every account the vendor holds, with the value of ``matchField``; nil when the vendor
    /// cannot list its users. Read by the match report only: nothing is ever done to them.
    func listAccounts() async throws(ConnectorError) -> [UnmanagedAccount]?

    /// Proves the endpoint is reachable and the credentials work, writing nothing (`dirbridge check`).
    func checkAccess() async throws(ConnectorError) -> AccessCheck

    /// Ends the session (Aria Operations releases its token). Never throws: a failure is logged.
    func close() async
}

extension ImportConnector {
    package var requestsPerBatch: Int { 1 }

    /// Refused unless a connector knows better: a deprovision sent again for a user the vendor
    /// no longer holds must not turn a settled leaver into a failure.
    package var repeatsDeprovisionBlind: Bool { false }
}

/// What a natural-key lookup found.
package enum LookupResult: Sendable, Hashable {
    case found(vendorId: String)
    case notFound
    /// The vendor has no lookup, and its import is safe to repeat: re-send the pending action.
    /// (Sertica imports by UserNo; Requestor answers a repeated create with
    /// `UserProviderKeyConflict`, which the connector adopts; an Expoints tenant without GET
    /// refuses a repeated add as existing.)
    case unsupported
}

/// How far ``ImportConnector/checkAccess()`` could prove access without writing anything.
package enum AccessCheck: Sendable, Hashable {
    /// The vendor accepted the credentials on a request that changes nothing.
    case verified
    /// The endpoint answered, but the vendor has no request that proves the credentials
    /// without importing a user; `note` says so for the operator.
    case reachable(note: String)
}
