import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LocalServers

/// What the vendor simulator holds, read from its `/_sim/state` dump.
struct SimulatorState {
    let json: [String: Any]

    static func fetch(from simulator: VendorSimulatorProcess) async throws -> SimulatorState {
        let url = URL(string: "http://127.0.0.1:\(simulator.port)/_sim/state")!
        let (data, _) = try await URLSession.shared.data(from: url)
        return SimulatorState(json: try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
    }

    static func reset(_ simulator: VendorSimulatorProcess) async throws {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(simulator.port)/_sim/reset")!)
        request.httpMethod = "POST"
        _ = try await URLSession.shared.data(for: request)
    }
}

extension SimulatorState {
    /// Replaces the simulator's fault settings (`POST /_sim/faults`); `[:]` clears them.
    static func setFaults(_ simulator: VendorSimulatorProcess, _ settings: [String: Any]) async throws {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(simulator.port)/_sim/faults")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: settings)
        let (body, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw FaultSettingsRefused(status: status, body: String(decoding: body, as: UTF8.self))
        }
    }

    /// Creates accounts at `vendor` as if made by hand before dirbridge ran (`POST /_sim/accounts`);
    /// returns their vendor ids.
    @discardableResult
    static func seedAccounts(_ simulator: VendorSimulatorProcess, vendor: String, _ users: [[String: Any]]) async throws -> [String] {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(simulator.port)/_sim/accounts")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["vendor": vendor, "users": users])
        let (body, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200,
              let ids = (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["ids"] as? [String]
        else { throw FaultSettingsRefused(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: String(decoding: body, as: UTF8.self)) }
        return ids
    }

    struct FaultSettingsRefused: Error, CustomStringConvertible {
        var status: Int
        var body: String
        var description: String { "POST /_sim/faults answered \(status): \(body)" }
    }
}
