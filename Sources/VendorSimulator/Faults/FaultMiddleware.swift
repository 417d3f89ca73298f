import Hummingbird
import NIOCore

/// Applies the configured faults to vendor routes. 429/503/drop happen before the handler
/// runs, so a retry is always safe; "apply then fail" runs the handler and then hides its
/// answer, which only a client that resolves through the vendor's lookup survives.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = SimulatorRequestContext

    let injector: FaultInjector
    let counters: SimulatorCounters

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let (decision, latency) = injector.nextDecision()
        if latency > 0 {
            try await Task.sleep(for: .milliseconds(latency))
        }
        switch decision {
        case .none:
            return try await next(request, context)
        case .rateLimited(let retryAfter):
            counters.record(.rateLimited)
            var headers = HTTPFields()
            headers[.retryAfter] = String(retryAfter)
            return SimulatorResponse.json(.tooManyRequests, ["Message": "Too many requests."], headers: headers)
        case .unavailable:
            counters.record(.unavailable)
            return SimulatorResponse.json(.serviceUnavailable, ["Message": "Service unavailable."])
        case .dropped:
            counters.record(.dropped)
            return try await dropConnection(context)
        case .applyThenFail(let mode):
            _ = try await next(request, context)
            counters.record(.appliedThenFailed)
            switch mode {
            case .unavailable:
                return SimulatorResponse.json(.serviceUnavailable, ["Message": "Service unavailable."])
            case .drop:
                return try await dropConnection(context)
            }
        }
    }

    /// Closes the TCP connection before any response byte is written, so the client sees a
    /// transport error. The response returned afterwards is never sent.
    private func dropConnection(_ context: Context) async throws -> Response {
        try? await context.channel.close(mode: .all).get()
        return SimulatorResponse.empty(.serviceUnavailable)
    }
}
