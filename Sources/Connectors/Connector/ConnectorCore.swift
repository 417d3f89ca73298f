import DirBridgeCore
import HTTPTransport
import Logging

/// What every connector holds: its settings and its ``VendorChannel``.
struct ConnectorCore: Sendable {
    let settings: ConnectorSettings
    let channel: VendorChannel

    init(settings: ConnectorSettings, client: any HTTPClient, logger: Logger, jitter: @escaping @Sendable () -> Double) {
        self.settings = settings
        channel = VendorChannel(settings: settings, client: client, logger: logger, jitter: jitter)
    }

    /// The generic reading of a response the vendor logic did not take as success.
    func outcome(ofRefusal response: HTTPResponse, for action: SyncAction) -> ActionOutcome {
        switch response.status {
        case 300..<400:
            // Every request goes the same way (a gateway's login page, http → https, a moved
            // API): one clear stop, not a user after user. Never followed: a POST would
            // arrive as a GET, or carry the credentials elsewhere.
            action.targetRefused(
                "the vendor redirects (\(channel.summary(response)), Location: \(channel.redact(response.headers["Location"] ?? "none"))); dirbridge"
                    + " does not follow redirects: set base_url to the address the API answers at")
        case 401, 403:
            action.targetRefused("the vendor refused dirbridge's credentials (\(channel.summary(response)))")
        case 400..<500:
            action.rejected(channel.summary(response))
        default:
            action.unproven("unexpected answer \(channel.summary(response))")
        }
    }

    /// A 404 that is not the vendor's own answer (``VendorChannel/isVendorNotFound(_:)``) to a
    /// request naming a user: it proves neither that the user is gone nor that he is not, so the
    /// action is sent again.
    func notFoundFromElsewhere(_ response: HTTPResponse, for action: SyncAction) -> ActionOutcome {
        action.failed("\(channel.summary(response)) is no answer about this user (something in front of the vendor, or a"
            + " route the API lacks): nothing is proven")
    }

    /// A route that answers 404 to a request naming no user: the base URL, path prefix or
    /// auth source is wrong for every user alike.
    func routeMissing(_ response: HTTPResponse, for action: SyncAction) -> ActionOutcome {
        action.targetRefused("the vendor has no such endpoint (\(channel.summary(response))): check base_url and the path options")
    }
}

/// Shared members of every connector, read from its ``ConnectorCore``.
protocol CoreBackedConnector: ImportConnector {
    var core: ConnectorCore { get }
}

extension CoreBackedConnector {
    package var target: String { core.settings.target }
    package var vendor: VendorKind { core.settings.vendor.kind }
    package var deprovision: DeprovisionPolicy { core.settings.deprovision }
    package var statistics: ConnectorStatistics { core.channel.counters.snapshot }
    var channel: VendorChannel { core.channel }
    /// Fan-out inside one batch: as wide as the target's window can ever be; the window alone
    /// decides how many of those requests are in flight.
    var concurrency: Int { core.settings.maxConcurrency }

    func listAccounts() async throws(ConnectorError) -> [UnmanagedAccount]? { nil }

    /// A deprovision whose answer proves nothing (a 404, a refusal, an answer without the user)
    /// may have removed the user, or gone astray: only a lookup that no longer finds the account
    /// proves the leaver has no access. `answer` says what the vendor answered; a user still
    /// there gets `stillThere`.
    func confirmGone(_ action: SyncAction, id: String, answer: String, stillThere: ActionOutcome) async -> ActionOutcome {
        let found: LookupResult
        do {
            found = try await lookup(naturalKeyOf: action.payload)
        } catch {
            return action.failed("\(answer); checking that the user is gone failed: \(error.message)")
        }
        switch found {
        case .notFound, .unsupported:
            return action.applied(vendorId: id)
        case .found(let current) where current.lowercased() == id.lowercased():
            return stillThere
        case .found(let current):
            return action.failed("user \(id) is gone, but an account with the same key exists as \(current);"
                + " it is not touched: check who owns it")
        }
    }

    /// Auth-only check shared by vendors with a read endpoint: 2xx (or `accepted`) proves access.
    func verifyAccess(_ request: HTTPRequest, accepting accepted: Set<Int> = []) async throws(ConnectorError) -> AccessCheck {
        let response = try await channel.send(request, safety: .idempotent).orThrow(channel, "check")
        if (200..<300).contains(response.status) || accepted.contains(response.status) { return .verified }
        switch response.status {
        case 401, 403:
            throw channel.error(.authentication, "check", "credentials refused: \(channel.summary(response))",
                                status: response.status)
        default:
            throw channel.error(.unexpectedResponse, "check", channel.summary(response), status: response.status)
        }
    }
}
