import DirBridgeCore
import Foundation
import Hummingbird

/// The simulator's own endpoints under `/_sim`: state dump, counters, reset, runtime fault settings and
/// behaviour switches, hand-made accounts. They bypass faults and vendor auth; the server
/// listens on 127.0.0.1 only.
struct ControlRoutes {
    let simulator: SimulatorState
    let injector: FaultInjector
    let behaviour: LiveBehaviour
    /// Auth source the accounts seeded into Aria belong to.
    let ariaSourceId: String

    func register(on router: Router<SimulatorRequestContext>) {
        let group = router.group("_sim")
        group.get("state") { _, _ in SimulatorResponse.json(.ok, simulator.json) }
        // The counters alone: polling them must not cost a dump of every stored user.
        group.get("counters") { _, _ in SimulatorResponse.json(.ok, simulator.counters.json) }
        group.post("reset") { _, _ in
            simulator.reset()
            return SimulatorResponse.empty(.noContent)
        }
        group.get("faults") { _, _ in faultsResponse() }
        group.post("faults") { request, _ in try await updateFaults(request) }
        group.get("behaviour") { _, _ in SimulatorResponse.json(.ok, behaviour.current.json) }
        group.post("behaviour") { request, _ in try await updateBehaviour(request) }
        group.post("accounts") { request, _ in try await seedAccounts(request) }
    }

    /// Accounts that exist at a vendor before dirbridge runs (made by hand, or by another tool),
    /// for tests of adoption: `{"vendor": "<VendorKind raw value>", "users": [...]}` in the shape
    /// the vendor's store keeps. They bypass validation and counters; the answer lists their ids.
    private func seedAccounts(_ request: Request) async throws -> Response {
        guard let body = JSONValue.parse(try await request.collectData())?.objectValue,
            let vendorName = body["vendor"]?.stringValue, let list = body["users"]?.arrayValue
        else {
            return SimulatorResponse.json(.badRequest, ["message": "Body: {\"vendor\": …, \"users\": [ … ]}."])
        }
        guard let vendor = VendorKind(rawValue: vendorName) else {
            let known = VendorKind.allCases.map(\.rawValue).joined(separator: ", ")
            return SimulatorResponse.json(.badRequest, ["message": .string("Unknown vendor '\(vendorName)' (one of \(known)).")])
        }
        let users = list.compactMap(\.objectValue)
        guard users.count == list.count else {
            return SimulatorResponse.json(.badRequest, ["message": "Every element of users must be an object."])
        }
        let seeded: Result<[String], AccountSeedRefusal>
        switch vendor {
        case .sertica: seeded = simulator.sertica.insert(users)
        case .ariaOperations: seeded = simulator.ariaUsers.insert(users, sourceId: ariaSourceId)
        case .requestor: seeded = simulator.requestor.insert(users)
        case .expoints: seeded = simulator.expoints.insert(users)
        case .formsOnFire: seeded = simulator.formsOnFire.insert(users)
        }
        switch seeded {
        case .success(let ids): return SimulatorResponse.json(.ok, ["ids": .array(ids.map(JSONValue.string))])
        case .failure(let refusal): return SimulatorResponse.json(.badRequest, ["message": .string(refusal.message)])
        }
    }

    /// Body: a `SimulatorBehaviour` JSON; missing keys take defaults, so `{}` restores them all.
    private func updateBehaviour(_ request: Request) async throws -> Response {
        guard let body = JSONValue.parse(try await request.collectData())?.objectValue else {
            return SimulatorResponse.json(.badRequest, ["message": "Body: a JSON object of behaviour switches."])
        }
        do throws(SimulatorBehaviour.InvalidSwitch) {
            behaviour.update(try SimulatorBehaviour(json: body))
        } catch {
            return SimulatorResponse.json(.badRequest, ["message": .string("Invalid \(error)"), "field": .string(error.field)])
        }
        return SimulatorResponse.json(.ok, behaviour.current.json)
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
