import ArgumentParser
import Connectors
import DirBridgeConfig
import DirBridgeCore
import Foundation
import HTTPTransport
import LocalServers
import Logging

extension DirBridgeBench {
    /// Creates N users per vendor through the real connectors and libcurl against the local
    /// vendor simulator (a release build beside this executable): users/s per vendor.
    struct Vendors: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vendors",
            abstract: "Creates per vendor through the connectors against dirbridge-vendorsim: users/s.")

        @Option(help: "Users created per vendor.")
        var users = 10_000

        @Option(help: "Requests (or batches) in flight per vendor.")
        var concurrency = 8

        @Option(help: "Folder of the shipped mapping files.")
        var mappings = "mappings"

        func run() async throws {
            var logger = Logger(label: "dirbridge-bench")
            logger.logLevel = .warning
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-vendors-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let simulator = try await VendorSimulatorProcess.start(
                arguments: ["--log-level", "error"], logFile: folder.appendingPathComponent("vendorsim.log").path)
            defer { Task { await simulator.stop() } }

            let organisation = DemoOrganisation(userCount: users + 1)
            let directoryUsers = organisation.people.filter { !$0.disabled }.prefix(users).map { person in
                DirectoryUser(
                    anchor: Anchor(UUID().uuidString.lowercased()), dn: organisation.dn(of: person), enabled: true,
                    attributes: [
                        "uid": [person.uid], "cn": ["\(person.givenName) \(person.sn)"], "givenName": [person.givenName],
                        "sn": [person.sn], "mail": ["\(person.uid)@example.org"], "title": [person.title],
                        "departmentNumber": [person.department], "employeeType": [person.employeeType],
                        "employeeNumber": ["\(1000 + person.index)"], "telephoneNumber": ["+45 3512 0000"],
                    ],
                    groups: person.groups.map(organisation.groupDN))
            }
            print("vendor          users   seconds   users/s   requests")
            for (vendor, prefix, vendorSettings) in Self.vendorSettings() {
                let mapping = try MappingFile.load(path: "\(mappings)/\(vendor.rawValue).yaml")
                let prepared = Mapper(mapping: mapping).prepare(directoryUsers, schema: .builtIn(vendor))
                guard prepared.rejections.isEmpty else {
                    throw ValidationError("\(vendor.rawValue): \(prepared.rejections.count) users rejected by the mapping")
                }
                let actions = (0..<prepared.count).map { index in
                    SyncAction(kind: .create, anchor: prepared.anchor(at: index), dn: prepared.dn(at: index), vendorId: nil,
                               payload: prepared.payload(at: index), payloadHash: prepared.payloadHashes[index], changes: [])
                }
                let client = try CurlHTTPClient(settings: HTTPClientSettings(maxConnections: concurrency), logger: logger)
                let settings = ConnectorSettings(
                    target: vendor.rawValue, baseURL: simulator.baseURL(prefix), concurrency: concurrency,
                    deprovision: vendor == .expoints ? .ignore : vendor == .formsOnFire ? .delete : .disable,
                    vendor: vendorSettings)
                let connector = try makeConnector(for: settings, httpClient: client, logger: logger)
                try await connector.open()
                let batches = stride(from: 0, to: actions.count, by: connector.maxBatchSize).map {
                    Array(actions[$0..<min($0 + connector.maxBatchSize, actions.count)])
                }
                let started = ContinuousClock.now
                let applied = await withTaskGroup(of: Int.self) { group in
                    var next = 0
                    var applied = 0
                    func submit() {
                        guard next < batches.count else { return }
                        let batch = batches[next]
                        next += 1
                        group.addTask {
                            await connector.apply(batch).filter { if case .applied = $0.result { true } else { false } }.count
                        }
                    }
                    for _ in 0..<concurrency { submit() }
                    while let count = await group.next() {
                        applied += count
                        submit()
                    }
                    return applied
                }
                let elapsed = ContinuousClock.now - started
                await connector.close()
                await client.shutdown()
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                guard applied == actions.count else {
                    throw ValidationError("\(vendor.rawValue): only \(applied) of \(actions.count) applied")
                }
                print(vendor.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
                    + String(format: " %6d %9.2f %9.0f %10d", applied, seconds, Double(applied) / seconds, connector.statistics.sent))
            }
        }

        /// The simulator's built-in test credentials (docs/vendorsim.md).
        private static func vendorSettings() -> [(VendorKind, String, VendorSettings)] {
            [
                (.sertica, "sertica", .sertica(SerticaSettings(username: "sertica-sync", password: Secret("sertica-test-password")))),
                (.ariaOperations, "aria", .ariaOperations(AriaOperationsSettings(
                    username: "admin", password: Secret("aria-test-password"), importSourceId: DemoEnvironment.ariaAuthSourceId))),
                (.requestor, "requestor", .requestor(RequestorSettings(auth: .bearer(token: Secret("requestor-test-token"))))),
                (.expoints, "expoints", .expoints(ExpointsSettings(token: Secret("expoints-test-token")))),
                (.formsOnFire, "formsonfire", .formsOnFire(FormsOnFireSettings(
                    providerId: Secret("1001"), integrationKey: Secret("forms-on-fire-test-key")))),
            ]
        }
    }
}
