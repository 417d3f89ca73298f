import Foundation
import LocalServers
import Testing

/// `dirbridge probe` against the real simulator: the canary is created and removed, nobody else
/// is touched, and the report names what a vendor variant contradicts or what dirbridge copes with.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ProbeCommandTests {
    static let fastRetry = "retry: { max_attempts: 2, base_delay_ms: 10, max_delay_seconds: 0.1 }"
    static let employeeRole = "3f1c2b9e-6a47-4d1e-8f2a-0b5c7d9e1a01"

    /// An account made by hand at each vendor before the probe, which it must never touch.
    static func bystander(at vendor: String) -> [String: Any] {
        switch vendor {
        case "sertica": ["UserNo": "BYSTANDER", "Login": "bystander", "Access": true, "Language": "en", "ExternalGroupNo": "STAFF"]
        case "aria-operations": ["username": "bystander@example.org", "enabled": true]
        case "requestor": ["Email": "bystander@example.org", "Properties": ["Username": "bystander"]]
        case "expoints": ["Username": "bystander@example.org", "Email": "bystander@example.org", "Type": "Internal", "Roles": [["Id": employeeRole]]]
        default: ["Email": "bystander@example.org", "FirstName": "Bystander"]
        }
    }

    struct Probed {
        var result: DirBridgeCommand.Result
        var canary: String
        /// The vendor's users other than the canary, before and after the probe, as canonical JSON.
        var othersBefore: [String]
        var othersAfter: [String]
        /// The canary as the vendor holds it after the probe, if it does.
        var canaryAfter: [[String: Any]]

        var report: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
        }

        func verdict(of step: String) -> [String: Any]? {
            let steps = report["steps"] as? [[String: Any]] ?? []
            return steps.first { $0["name"] as? String == step }?["verdict"] as? [String: Any]
        }

        var cleanup: String? { (report["cleanup"] as? [String: Any])?["status"] as? String }
        var context: String { "\(result.stdout)\n\(result.stderr.suffix(2000))" }
    }

    /// Seeds the bystander at `vendor`, runs `probe --target vendor` with a fixed canary name, and
    /// reads the vendor's users around it.
    static func probe(
        _ vendor: String, config: String, environment: DemoEnvironment, arguments: [String] = ["--format", "json"]
    ) async throws -> Probed {
        let canary = "dirbridge-probe-\(vendor.prefix(4))"
        if try await SimulatorState.fetch(from: environment.simulator).users(of: vendor).isEmpty {
            try await SimulatorState.seedAccounts(environment.simulator, vendor: vendor, [bystander(at: vendor)])
        }
        let before = try await SimulatorState.fetch(from: environment.simulator)
        let result = try await DirBridgeCommand.run(
            ["probe", "--config", config, "--target", vendor, "--name", canary] + arguments, timeout: .seconds(20))
        let after = try await SimulatorState.fetch(from: environment.simulator)
        func isCanary(_ user: [String: Any]) -> Bool {
            let key = after.naturalKey(of: user, at: vendor) ?? ""
            return key.hasPrefix(canary) || key.hasPrefix("probe-")  // Sertica keys the canary by its number
        }
        func canonical(_ users: [[String: Any]]) -> [String] {
            users.filter { !isCanary($0) }.compactMap {
                (try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) }
            }.sorted()
        }
        return Probed(
            result: result, canary: canary, othersBefore: canonical(before.users(of: vendor)),
            othersAfter: canonical(after.users(of: vendor)), canaryAfter: after.users(of: vendor).filter(isCanary))
    }

    @Test(.demoEnvironment(users: 10))
    func everyVendorConfirmsTheDocumentedDefaultsAndIsCleanedUp() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica, .ariaOperations, .requestor, .formsOnFire],
            extraTargetSettings: Self.fastRetry)
        for vendor in ["sertica", "aria-operations", "requestor", "forms-on-fire"] {
            let probed = try await Self.probe(vendor, config: config, environment: environment)
            #expect(probed.result.status == 0, "\(vendor): \(probed.context)")
            let steps = probed.report["steps"] as? [[String: Any]] ?? []
            #expect(steps.count >= 6, "\(vendor): \(probed.context)")
            for step in steps {
                let status = (step["verdict"] as? [String: Any])?["status"] as? String
                #expect(status == "confirmed" || status == "info", "\(vendor) \(step["name"] ?? ""): \(probed.context)")
            }
            #expect(probed.othersAfter == probed.othersBefore && probed.othersAfter.count == 1, "\(vendor): nobody else touched")
            if vendor == "sertica" {
                // No delete at Sertica: the canary stays, without access.
                #expect(probed.cleanup == "disabled")
                #expect(probed.canaryAfter.count == 1 && probed.canaryAfter.first?["Access"] as? Bool == false, "\(probed.canaryAfter)")
            } else {
                #expect(probed.cleanup == "removed", "\(vendor): \(probed.context)")
                #expect(probed.canaryAfter.isEmpty, "\(vendor): the canary is gone: \(probed.canaryAfter)")
            }
        }
    }

    @Test(.demoEnvironment(users: 10, simulator: ["--aria-duplicate-status", "500", "--requestor-result-order", "reversed"]))
    func answersDirbridgeCopesWithAreNamedWithoutFailing() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.ariaOperations, .requestor],
            extraTargetSettings: Self.fastRetry)
        let aria = try await Self.probe("aria-operations", config: config, environment: environment)
        #expect(aria.result.status == 0, "\(aria.context)")
        #expect(aria.verdict(of: "duplicate create")?["status"] as? String == "handled", "\(aria.context)")
        #expect((aria.verdict(of: "duplicate create")?["finding"] as? String ?? "").contains("HTTP 500"), "\(aria.context)")
        #expect(aria.canaryAfter.isEmpty && aria.othersAfter == aria.othersBefore)

        let requestor = try await Self.probe("requestor", config: config, environment: environment, arguments: [])
        #expect(requestor.result.status == 0, "\(requestor.context)")
        #expect(requestor.result.stdout.contains("result order [handled]"), "\(requestor.context)")
        #expect(requestor.result.stdout.contains("did not come in request order"), "\(requestor.context)")
        #expect(requestor.canaryAfter.isEmpty && requestor.othersAfter == requestor.othersBefore)
    }

    @Test(.demoEnvironment(users: 10, simulator: ["--requestor-invalid-item", "whole-batch"]))
    func aBatchRefusedWholeForOneBadItemIsNamed() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.requestor], extraTargetSettings: Self.fastRetry)
        let probed = try await Self.probe("requestor", config: config, environment: environment)
        #expect(probed.result.status == 0, "\(probed.context)")
        #expect(probed.verdict(of: "batch with an invalid item")?["status"] as? String == "handled", "\(probed.context)")
        #expect(probed.canaryAfter.isEmpty && probed.othersAfter == probed.othersBefore)
    }

    @Test(.demoEnvironment(users: 10, simulator: ["--formsonfire-delete-parameters", "query"]))
    func deleteParametersTheVendorDoesNotReadAreContradictedWithTheOption() async throws {
        try await expectDeleteContradicted(.formsOnFire, settings: "options: { delete_parameters: body }",
                                           option: "options.delete_parameters: query")
    }

    @Test(.demoEnvironment(users: 10, simulator: ["--requestor-delete-force", "required"]))
    func aRequestorThatKeepsUsersDeletedWithoutForceIsContradictedWithTheOption() async throws {
        try await expectDeleteContradicted(.requestor, settings: "deprovision: delete", option: "options.force_delete: true")
    }

    /// A delete that leaves the canary in place is tried with the option's other values; the one
    /// that deletes it is named, and the canary is gone.
    private func expectDeleteContradicted(_ target: DemoEnvironment.Target, settings: String, option: String) async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [target], extraTargetSettings: Self.fastRetry + "\n" + settings)
        let probed = try await Self.probe(target.rawValue, config: config, environment: environment, arguments: [])
        #expect(probed.result.status == 3, "\(probed.context)")
        #expect(probed.result.stdout.contains("set: \(option)"), "\(probed.context)")
        #expect(probed.canaryAfter.isEmpty, "the canary is deleted with the working option: \(probed.canaryAfter)")
        #expect(probed.othersAfter == probed.othersBefore)
    }

    @Test(.demoEnvironment(users: 10))
    func aDisableThePropertyOfWhichTheVendorRefusesIsContradictedAndTheCanaryDeleted() async throws {
        let environment = try DemoEnvironment.forTest
        let path = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.requestor], extraTargetSettings: Self.fastRetry)
        let yaml = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "options: { auth: bearer }", with: "options: { auth: bearer, disabled_property: IsDisabled }")
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        let probed = try await Self.probe("requestor", config: path, environment: environment)
        #expect(probed.result.status == 3, "\(probed.context)")
        let disable = probed.verdict(of: "disable")
        #expect(disable?["status"] as? String == "contradicted", "\(probed.context)")
        #expect((disable?["option"] as? String ?? "").contains("options.disabled_property"), "\(probed.context)")
        #expect(probed.cleanup == "removed" && probed.canaryAfter.isEmpty, "\(probed.context)")
        #expect(probed.othersAfter == probed.othersBefore)
    }

    @Test(.demoEnvironment(users: 10))
    func aTargetThatIgnoresLeaversIsRefusedUnlessTheCanaryMayStay() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.expoints], extraTargetSettings: Self.fastRetry)
        let refused = try await Self.probe("expoints", config: config, environment: environment, arguments: [])
        #expect(refused.result.status == 2, "\(refused.context)")
        #expect(refused.result.stderr.contains("--leave-canary"), "\(refused.context)")
        #expect(refused.canaryAfter.isEmpty, "nothing is sent when refused")

        let left = try await Self.probe("expoints", config: config, environment: environment, arguments: ["--leave-canary"])
        #expect(left.result.status == 0, "\(left.context)")
        #expect(left.result.stdout.contains("cleanup [left]") && left.result.stdout.contains(left.canary), "\(left.context)")
        #expect(left.canaryAfter.count == 1, "the canary stays, as asked")
        #expect(left.othersAfter == left.othersBefore)
    }
}
