import Hummingbird

/// Counts requests per matched route, e.g. `POST /aria/suite-api/api/auth/sources/{sourceId}/users`.
struct RequestCounterMiddleware: RouterMiddleware {
    typealias Context = SimulatorRequestContext

    let counters: SimulatorCounters

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        counters.recordRequest(endpoint: "\(request.method) \(context.endpointPath ?? request.uri.path)")
        return try await next(request, context)
    }
}
