import DirBridgeCore
import Foundation
import HTTPTransport
import Logging

/// Sertica Sync: `POST {base}/api/users/ImportUser`, one user each, Basic auth.
///
/// Import is keyed by UserNo, so re-sending is idempotent: every request is retried freely and
/// a pending record needs no lookup (there is none), the next run simply sends it again.
/// 200 only means "queued for the next Sertica Sync routing run".
final class SerticaConnector: CoreBackedConnector {
    let core: ConnectorCore
    private let options: SerticaSettings
    private let now: @Sendable () -> Date
    /// Basic credentials, encoded once: every user is a request of his own.
    private let authorization: HTTPHeaders

    init(core: ConnectorCore, options: SerticaSettings, now: @escaping @Sendable () -> Date = Date.init) {
        self.core = core
        self.options = options
        self.now = now
        let pair = Data("\(options.username):\(options.password.revealed)".utf8).base64EncodedString()
        authorization = ["Authorization": "Basic \(pair)"]
    }

    var maxBatchSize: Int { core.settings.batchSize ?? 50 }
    /// A batch's users are sent side by side, as many at once as the window may hold.
    var requestsPerBatch: Int { min(maxBatchSize, concurrency) }
    var matchField: String? { nil }
    /// `Access: false` is an import by UserNo: sent again, it applies whether or not Sertica still holds him.
    var repeatsDeprovisionBlind: Bool { true }

    func open() async throws(ConnectorError) {}

    func close() async {}

    func apply(_ batch: [SyncAction]) async -> [ActionOutcome] {
        await concurrentMap(batch, limit: concurrency) { action in await self.send(action) }
    }

    func lookup(naturalKeyOf payload: TargetPayload) async throws(ConnectorError) -> LookupResult {
        .unsupported
    }

    func checkAccess() async throws(ConnectorError) -> AccessCheck {
        // The only endpoint imports; a GET reaches it (proving URL, TLS and routing) and writes nothing.
        let response = try await channel.send(channel.request(.get, options.importPath, headers: authorization),
                                              safety: .idempotent).orThrow(channel, "check")
        if response.status == 401 || response.status == 403 {
            throw channel.error(.authentication, "check", "credentials refused: \(channel.summary(response))",
                                status: response.status)
        }
        return .reachable(note: "Sertica has no read-only endpoint; the credentials are proven by the first import")
    }

    private func send(_ action: SyncAction) async -> ActionOutcome {
        guard let userNo = action.payload.text(options.userNoField) else {
            return action.rejected(field: options.userNoField, "required, missing from the payload")
        }
        if action.kind != .create && action.kind != .disable, let old = action.vendorId, old != userNo {
            // Sertica upserts by UserNo: the new number would be a second account, and the old
            // one would keep its access with nobody owning it. Take it away first.
            let retired = await importUser(action, userNo: old, disabling: true)
            guard case .applied = retired.result else {
                return action.failed("the user's UserNo changed from \(old) to \(userNo); disabling \(old) first failed: "
                    + (retired.result.reason ?? "no answer"))
            }
            channel.logger.notice("Sertica UserNo changed: old account disabled", metadata: [
                "dn": "\(action.dn)", "old": "\(old)", "new": "\(userNo)",
            ])
        }
        return await importUser(action, userNo: userNo, disabling: action.kind == .disable)
    }

    /// One import of `action`'s payload under `userNo`, with access taken away when `disabling`.
    private func importUser(_ action: SyncAction, userNo: String, disabling: Bool) async -> ActionOutcome {
        var overrides: [String: FieldValue?] = [options.userNoField: .string(userNo)]
        if disabling {
            overrides[options.accessField] = .bool(false)
            if let signOffField = options.signOffField { overrides[signOffField] = .string(timestamp(now())) }
        }
        let request = channel.request(.post, options.importPath, body: action.payload.object(overriding: overrides),
                                      headers: authorization)
        switch await channel.send(request, safety: .idempotent) {
        case .failure(let failure):
            return action.outcome(of: failure)
        case .success(let response) where (200..<300).contains(response.status) && channel.isWebPage(response):
            // The import is idempotent by UserNo: not proven, so simply sent again.
            return action.failed("HTTP \(response.status) with a web page instead of the vendor's answer")
        case .success(let response) where (200..<300).contains(response.status):
            guard let embedded = SerticaAnswer.embeddedStatus(in: response.body), !(200..<300).contains(embedded) else {
                return action.applied(vendorId: userNo)
            }
            // The documented answer is a response message: 200 outside, its refusal inside.
            let answer = "HTTP \(response.status) carrying StatusCode \(embedded): \(channel.summary(response))"
            switch embedded {
            case 401, 403: return action.targetRefused("the vendor refused dirbridge's credentials (\(answer))")
            case 400..<500: return action.rejected(answer)
            default: return action.failed("not imported: \(answer)")
            }
        case .success(let response) where response.status == 404:
            return core.routeMissing(response, for: action)
        case .success(let response):
            return core.outcome(ofRefusal: response, for: action)
        }
    }

    /// ISO-8601 with a numeric offset (`2026-01-11T09:34:47+02:00`), as Sertica's sample shows.
    func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = options.timeZone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
        return formatter.string(from: date)
    }
}
