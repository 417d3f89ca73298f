import Hummingbird

/// Answers a .NET vendor's requests with camelCased JSON property names while the `jsonKeys`
/// switch says so (see ``SimulatorBehaviour/JSONKeys``).
struct JSONKeyStyleMiddleware: RouterMiddleware {
    typealias Context = SimulatorRequestContext

    let behaviour: LiveBehaviour

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        try await SimulatorResponse.$camelCasesKeys.withValue(behaviour.current.jsonKeys == .camel) {
            try await next(request, context)
        }
    }
}
