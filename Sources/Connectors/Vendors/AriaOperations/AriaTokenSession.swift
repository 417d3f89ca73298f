import DirBridgeCore
import HTTPTransport

/// The Aria Operations token: acquired once, shared by concurrent requests, renewed once when
/// the server answers 401 (the generation stops several 401s from each acquiring a token).
///
/// Also the `Authorization` scheme it travels under: releases before 8.17 know only
/// `vRealizeOpsToken`, later ones both, and the documents name `OpsToken`. Unless the target
/// configures one, `OpsToken` is used until a fresh token is refused under it; then the other
/// scheme is tried, once, and kept for the rest of the run.
actor AriaTokenSession {
    static let schemes = ["OpsToken", "vRealizeOpsToken"]

    private struct Token {
        var value: Secret
        var generation: Int
    }

    private let channel: VendorChannel
    private let options: AriaOperationsSettings
    private var token: Token?
    private var generation = 0
    /// The scheme requests are sent under now.
    private(set) var scheme: String
    private var schemeSwitched = false

    init(channel: VendorChannel, options: AriaOperationsSettings) {
        self.channel = channel
        self.options = options
        scheme = options.tokenScheme ?? Self.schemes[0]
    }

    /// The current token, acquiring one if there is none.
    func current() async throws(ConnectorError) -> (token: Secret, generation: Int) {
        if let token { return (token.value, token.generation) }
        return try await acquire()
    }

    /// Replaces the token a 401 was answered to, unless another request already did.
    func renew(after staleGeneration: Int) async throws(ConnectorError) -> (token: Secret, generation: Int) {
        if let token, token.generation != staleGeneration { return (token.value, token.generation) }
        token = nil
        return try await acquire()
    }

    /// The scheme to try after a fresh token was refused under `refused`: the other one, once,
    /// when none is configured (or the one another request already switched to); nil when there
    /// is nothing left to try and the 401 stands.
    func scheme(after refused: String) -> String? {
        if scheme != refused { return scheme }
        guard options.tokenScheme == nil, !schemeSwitched, let other = Self.schemes.first(where: { $0 != refused }) else {
            return nil
        }
        schemeSwitched = true
        scheme = other
        channel.logger.notice(
            "Aria Operations refused a fresh token under \(refused): trying \(other) (set options.token_scheme to choose)")
        return other
    }

    /// Releases the token at the server; a failure only matters to the log (it expires anyway).
    func release() async {
        guard let token else { return }
        self.token = nil
        let request = channel.request(.post, options.apiPrefix + "/auth/token/release",
                                      headers: Self.authorization(token.value, scheme: scheme))
        switch await channel.send(request, safety: .idempotent) {
        case .success(let response) where (200..<300).contains(response.status):
            break
        case .success(let response):
            channel.logger.warning("Aria Operations token release refused", metadata: ["answer": "\(channel.summary(response))"])
        case .failure(let failure):
            channel.logger.warning("Aria Operations token release failed", metadata: ["reason": "\(failure.reason)"])
        }
    }

    static func authorization(_ token: Secret, scheme: String) -> HTTPHeaders {
        ["Authorization": "\(scheme) \(token.revealed)"]
    }

    private func acquire() async throws(ConnectorError) -> (token: Secret, generation: Int) {
        var body: [String: FieldValue] = [
            "username": .string(options.username), "password": .string(options.password.revealed),
        ]
        if let source = options.loginAuthSource { body["authSource"] = .string(source) }
        let request = channel.request(.post, options.apiPrefix + "/auth/token/acquire", body: .object(body))
        struct Answer: Decodable { var token: String? }
        // A 2xx without a token (an empty answer, a proxy's page) is retried: acquiring is harmless to repeat.
        let response = try await channel.send(request, safety: .idempotent) { response in
            JSON.decode(Answer.self, from: response.body, keys: .camelCase)?.token?.isEmpty == false
        }.orThrow(channel, "token acquire")
        guard (200..<300).contains(response.status) else {
            let code: ConnectorError.Code = [401, 403].contains(response.status) ? .authentication : .unexpectedResponse
            throw channel.error(code, "token acquire", channel.summary(response), status: response.status)
        }
        guard let value = JSON.decode(Answer.self, from: response.body, keys: .camelCase)?.token, !value.isEmpty else {
            throw channel.error(.unexpectedResponse, "token acquire", "the answer has no token", status: response.status)
        }
        generation += 1
        token = Token(value: Secret(value), generation: generation)
        return (Secret(value), generation)
    }
}
