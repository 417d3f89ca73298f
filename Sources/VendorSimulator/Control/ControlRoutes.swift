import Foundation
import Hummingbird

/// The simulator's own endpoints under `/_sim`: state dump, reset and runtime fault settings.
/// They bypass faults and vendor auth; the server listens on 127.0.0.1 only.
struct ControlRoutes {
    let simulator: SimulatorState
    let injector: FaultInjector

    func register(on router: Router<SimulatorRequestContext>) {
        let group = router.group("_sim")
        group.get("state") { _, _ in SimulatorResponse.json(.ok, simulator.json) }
        group.post("reset") { _, _ in
            simulator.reset()
            return SimulatorResponse.empty(.noContent)
        }
        group.get("faults") { _, _ in faultsResponse() }
        group.post("faults") { request, _ in try await updateFaults(request) }
    }

    private func faultsResponse() -> Response {
        let data = (try? JSONEncoder().encode(injector.settings)) ?? Data()
        return SimulatorResponse.json(.ok, JSONValue.parse(data) ?? .null)
    }

    /// Body: a `FaultSettings` JSON (missing keys take defaults) plus an optional `"seed"`.
    private func updateFaults(_ request: Request) async throws -> Response {
        let body = try await request.collectData()
        let settings: FaultSettings
        do {
            settings = try JSONDecoder().decode(FaultSettings.self, from: body).validated()
        } catch {
            return SimulatorResponse.json(.badRequest, ["message": .string("Invalid fault settings: \(error)")])
        }
        let seed = (JSONValue.parse(body)?.objectValue?["seed"]).flatMap { value -> UInt64? in
            if case .number(let number) = value { return UInt64(exactly: number) }
            return nil
        }
        injector.update(settings, seed: seed)
        return faultsResponse()
    }
}
