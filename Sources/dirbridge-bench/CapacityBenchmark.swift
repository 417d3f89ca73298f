import ArgumentParser
import Foundation
import LocalServers

/// A first sync against a vendor with real latency and a capacity (requests a second, 429
/// beyond it): how close the target's adaptive window gets to the vendor's limit, and how many
/// requests it has refused on the way. Sertica imports one user per request, so N users are N
/// requests at least.
struct CapacityBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "First sync of N Sertica users against a simulator with latency and a capacity; wall time vs N / capacity, 429 share."
    )

    @Option(help: "Users to create.") var users = 20_000
    @Option(help: "Latency the simulator adds to every request, in milliseconds.") var latencyMs = 50
    @Option(help: "The simulator's capacity, requests a second.") var capacity = 500
    @Option(help: "The target's max_concurrency (default: the product's).") var maxConcurrency: Int?

    func run() async throws {
        try await DemoEnvironment.with(
            organisation: DemoOrganisation(userCount: users),
            simulatorArguments: ["--latency-ms", "\(latencyMs)", "--max-requests-per-second", "\(capacity)"], directoryTLS: false,
            measure)
    }

    private func measure(_ environment: DemoEnvironment) async throws {
        let config = try environment.writeConfiguration(
            mappingsDirectory: DemoEnvironment.shippedMappings, targets: [.sertica], extraTargetSettings: maxConcurrency.map { "max_concurrency: \($0)" } ?? "",
            pageSize: 1_000)
        let started = ContinuousClock.now
        let exit = try ChildProcess.spawn(DemoEnvironment.dirbridgeExecutable, ["sync", "--config", config, "--quiet"], outputFile: "/dev/null").wait()
        let wall = ContinuousClock.now - started
        let counters = try await environment.simulatorCounters()
        let requests = counters.requests.filter { $0.key.contains("/sertica/") }.values.reduce(0, +)
        let refused = counters.faults["rateLimited"] ?? 0
        let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        let ideal = Double(users) / Double(capacity)
        print(String(
            format: "%d users at %d ms latency, capacity %d req/s: %.1f s (ideal %.1f s, %.2f×, goal ≤ 1.25×), exit %d; "
                + "%d requests, %d answered 429 (%.2f %%, goal < 2 %%)",
            users, latencyMs, capacity, seconds, ideal, seconds / ideal, exit.status, requests, refused,
            100 * Double(refused) / Double(max(1, requests))))
    }
}
