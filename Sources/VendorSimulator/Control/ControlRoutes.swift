import Foundation
import Hummingbird

/// The simulator's own endpoints under `/_sim`: state dump, reset and runtime fault settings.
/// They bypass faults and vendor auth; the server listens on 127.0.0.1 only.
struct ControlRoutes {
    let simulator: SimulatorState
    let injector: FaultInjector
    /// Auth source the accounts seeded into Aria belong to.
    let ariaSourceId: String

    func register(on router: Router<SimulatorRequestContext>) {
        let group = router.group("_sim")
        group.get("state") { _, _ in SimulatorResponse.json(.ok, simulator.json) }
        group.post("reset") { _, _ in
            simulator.reset()
            return SimulatorResponse.empty(.noContent)
        }
        group.get("faults") { _, _ in faultsResponse() }
        group.post("faults") { request, _ in try await updateFaults(request) }
        group.post("accounts") { request, _ in try await seedAccounts(request) }
    }

    /// Accounts that exist at a vendor before dirbridge runs (made by hand, or by another tool),
    /// for tests of adoption: `{"vendor": "aria-operations"|"expoints"|"forms-on-fire", "users": [...]}`
    /// in the vendor's own shape. They bypass validation and counters; the answer lists their ids.
    private func seedAccounts(_ request: Request) async throws -> Response {
        guard let body = JSONValue.parse(try await request.collectData())?.objectValue,
            let vendor = body["vendor"]?.stringValue, let users = body["users"]?.arrayValue?.compactMap(\.objectValue)
        else {
            return SimulatorResponse.json(.badRequest, ["message": "Body: {\"vendor\": …, \"users\": [ … ]}."])
        }
        var ids: [JSONValue] = []
        for user in users {
            switch vendor {
            case "aria-operations":
                ids.append(.string(simulator.ariaUsers.insert(user, sourceId: ariaSourceId)))
            case "forms-on-fire":
                switch simulator.formsOnFire.create(user.filter { $0.key != "Id" }) {
                case .success(let id): ids.append(.string(id))
                case .failure(let refusal): return SimulatorResponse.json(.badRequest, ["message": .string("\(refusal)")])
                }
            case "expoints":
                switch ExpointsUser.parse(.object(user), index: 0, knownRoleIds: simulator.expoints.roleIds) {
                case .failure(let errors):
                    return SimulatorResponse.json(.badRequest, ["message": .string("\(errors.errors)")])
                case .success(let parsed):
                    guard case .success = simulator.expoints.add([parsed]) else {
                        return SimulatorResponse.json(.badRequest, ["message": .string("\(parsed.username) exists")])
                    }
                    ids.append(.string(parsed.username))
                }
            default:
                return SimulatorResponse.json(.badRequest, ["message": .string("unknown vendor \(vendor)")])
            }
        }
        return SimulatorResponse.json(.ok, ["ids": .array(ids)])
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
