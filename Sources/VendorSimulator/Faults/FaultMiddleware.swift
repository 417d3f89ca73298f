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
        guard injector.admit() else {
            // Over capacity: refused at once, as a gateway in front of the vendor would.
            counters.record(.rateLimited)
            var headers = HTTPFields()
            headers[.retryAfter] = "1"
            return SimulatorResponse.json(.tooManyRequests, ["Message": "Capacity exceeded."], headers: headers)
        }
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
        case .maintenancePage:
            counters.record(.html)
            return Self.maintenancePage
        case .notFoundPage:
            counters.record(.notFoundPage)
            return Self.notFoundPage
        case .applyThenFail(let mode):
            let answer = try await next(request, context)
            // A bare 200 is some vendors' whole success answer (Expoints): after a refusal it
            // would fabricate proof no vendor gives. The other modes lose whatever was answered.
            if mode == .empty, !(200..<300).contains(answer.status.code) { return answer }
            counters.record(.appliedThenFailed)
            switch mode {
            case .unavailable:
                return SimulatorResponse.json(.serviceUnavailable, ["Message": "Service unavailable."])
            case .drop:
                return try await dropConnection(context)
            case .html:
                return Self.maintenancePage
            case .empty:
                return Response(status: .ok)
            }
        }
    }

    /// What a reverse proxy in front of a vendor answers during maintenance: 200, and a web page.
    static var maintenancePage: Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        let page = "<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>We'll be back soon</h1></body></html>"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }

    /// What a web server or gateway in front of a vendor answers for a route it does not serve.
    static var notFoundPage: Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html"
        let page = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n"
            + "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        return Response(status: .notFound, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }

    /// Closes the TCP connection before any response byte is written, so the client sees a
    /// transport error. The response returned afterwards is never sent.
    private func dropConnection(_ context: Context) async throws -> Response {
        try? await context.channel.close(mode: .all).get()
        return SimulatorResponse.empty(.serviceUnavailable)
    }
}
