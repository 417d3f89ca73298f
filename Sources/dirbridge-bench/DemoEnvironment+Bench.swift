import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LocalServers

/// What the end-to-end benchmarks need around a ``DemoEnvironment``: the shipped mappings, the
/// `dirbridge` binary built beside this one, and the simulator's counters.
extension DemoEnvironment {
    static let shippedMappings = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("mappings").path

    static var dirbridgeExecutable: String {
        URL(fileURLWithPath: VendorSimulatorProcess.defaultExecutable()).deletingLastPathComponent().appendingPathComponent("dirbridge").path
    }

    /// Requests per route (`POST /sertica/…`) and injected faults by kind, from `/_sim/state`.
    func simulatorCounters() async throws -> (requests: [String: Int], faults: [String: Int]) {
        let url = URL(string: "http://127.0.0.1:\(simulator.port)/_sim/counters")!
        let (data, _) = try await URLSession.shared.data(from: url)
        let counters = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (counters?["requests"] as? [String: Int] ?? [:], counters?["faults"] as? [String: Int] ?? [:])
    }
}
