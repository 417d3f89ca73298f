import ArgumentParser
import DirBridgeOps
import Foundation
import Logging
import VendorSimulator

@main
struct VendorSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dirbridge-vendorsim",
        abstract: "Local simulator of the five vendors' user-import APIs, for dirbridge's tests, benchmarks and demo.",
        discussion: """
            Listens on 127.0.0.1 only and prints `listening on 127.0.0.1:PORT` as its first stdout line.
            Vendor base URLs: http://127.0.0.1:PORT/sertica, /aria, /requestor, /expoints, /formsonfire.
            Control: GET /_sim/state, GET /_sim/counters, POST /_sim/reset, GET|POST /_sim/faults, GET|POST /_sim/behaviour,
            POST /_sim/accounts.

            Test credentials unless --credentials-file or --credentials-env overrides them (JSON with these keys):
              sertica         Basic sertica-sync / sertica-test-password
              ariaOperations  admin / aria-test-password (token acquire)
              requestor       Bearer requestor-test-token (requestorBasic: optional Basic login)
              expoints        Bearer expoints-test-token
              formsOnFire     ProviderId 1001, IntegrationKey forms-on-fire-test-key
            Aria auth source id: \(SimulatorConfiguration.defaultAriaAuthSourceId)
            """
    )

    @Option(help: "TCP port on 127.0.0.1; 0 picks a free one.")
    var port: Int = 0

    @Option(help: "JSON file overriding the test credentials (see above). Secrets never go on the command line.")
    var credentialsFile: String?

    @Option(help: "Name of an environment variable holding the credentials JSON (instead of a file).")
    var credentialsEnv: String?

    @Option(help: "Seed of the fault dice: the same seed and request order give the same faults.")
    var seed: UInt64 = 1

    @OptionGroup(title: "Fault injection (adjustable at runtime with POST /_sim/faults)")
    var faults: FaultOptions

    @OptionGroup(title: "Vendor behaviour where the documents are silent (adjustable at runtime with POST /_sim/behaviour)")
    var behaviour: BehaviourOptions

    @Option(name: .customLong("aria-source-id"), help: "An Aria Operations auth source id that exists (repeatable).")
    var ariaSourceIds: [String] = []

    @Option(help: "Requestor's bulk limit.")
    var requestorMaxBatch = 100

    @Option(help: "Expoints' batch limit (undocumented by the vendor).")
    var expointsMaxBatch = 500

    @Option(name: .customLong("expoints-role"), help: "An Expoints role as Name=GUID (repeatable; replaces the defaults).")
    var expointsRoles: [String] = []

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard requestorMaxBatch > 0, expointsMaxBatch > 0 else { throw ValidationError("Batch limits must be positive.") }
        _ = try parsedRoles()
        if credentialsFile != nil && credentialsEnv != nil {
            throw ValidationError("Use either --credentials-file or --credentials-env, not both.")
        }
        do {
            _ = try faults.settings.validated()
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() async throws {
        // Not swift-log's StreamLogHandler: it formats its metadata again whenever a key is set,
        // and Hummingbird sets one on every request's logger (2 % of the simulator's CPU).
        LoggingBootstrap.bootstrap(format: .text, level: logLevel)
        var configuration = SimulatorConfiguration(port: port, faults: faults.settings, seed: seed)
        configuration.behaviour = behaviour.behaviour
        if let credentialsFile {
            configuration.credentials = try SimulatorCredentials.load(contentsOf: URL(fileURLWithPath: credentialsFile))
        }
        if let credentialsEnv {
            guard let json = ProcessInfo.processInfo.environment[credentialsEnv] else {
                throw ValidationError("Environment variable \(credentialsEnv) (--credentials-env) is not set.")
            }
            configuration.credentials = try JSONDecoder().decode(SimulatorCredentials.self, from: Data(json.utf8))
        }
        if !ariaSourceIds.isEmpty { configuration.ariaAuthSourceIds = ariaSourceIds }
        if !expointsRoles.isEmpty { configuration.expointsRoles = try parsedRoles() }
        configuration.requestorMaxBatch = requestorMaxBatch
        configuration.expointsMaxBatch = expointsMaxBatch

        let simulator = try VendorSimulator(configuration: configuration, logger: Logger(label: "dirbridge-vendorsim"))
        let app = simulator.makeApplication { port in
            // Written unbuffered: a parent process waits for this line before sending requests.
            FileHandle.standardOutput.write(Data("listening on 127.0.0.1:\(port)\n".utf8))
        }
        try await app.runService()
    }

    private func parsedRoles() throws -> [ExpointsRole] {
        try expointsRoles.map { text in
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, UUID(uuidString: parts[1]) != nil else {
                throw ValidationError("--expoints-role '\(text)' must be Name=GUID.")
            }
            return ExpointsRole(name: parts[0], id: parts[1])
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
