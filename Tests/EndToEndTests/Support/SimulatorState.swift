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
