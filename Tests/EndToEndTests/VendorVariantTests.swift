import Foundation
import LocalServers
import TestSupport
import Testing

/// The sync against vendors that answer the questions their documents leave open differently
/// from dirbridge's own simulator defaults (batch atomicity, duplicate status, result order,
/// DELETE parameters, lookup shapes, proxy pages), with a fifth of the requests failing. In every
/// variant a first sync killed with SIGKILL mid-flight is completed by the next run, and a round
/// of changes (a leaver, a deleted person, a returner, a rename) completes within one run: nobody
/// lost, nobody created twice, every leaver deprovisioned, nobody else touched.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct VendorVariantTests {
    struct Variant: CustomTestStringConvertible, Sendable {
        var name: String
        var simulator: [String]
        var applyThenFailMode = "unavailable"
        var htmlShare = 0.0
        var testDescription: String { name }
    }

    static let variants: [Variant] = [
        Variant(name: "documented defaults", simulator: []),
        Variant(
            name: "Aria and Expoints store a batch up to the user they refuse; Aria duplicates 400, lookups page through everyone; Expoints duplicates 409, lookups ignore the name",
            simulator: [
                "--aria-batch", "in-order", "--expoints-batch", "in-order", "--aria-duplicate-status", "400", "--expoints-duplicate-status", "409",
                "--aria-lookup", "paged-unfiltered",
                "--expoints-lookup-shape", "unfiltered",
            ],
            applyThenFailMode: "drop"),
        Variant(
            name: "Aria before 8.17 (vRealizeOpsToken only), duplicates 500; Requestor results reversed, two per user, ExternalId null, strict JSON Patch replace, whole batch refused for one bad item",
            simulator: [
                "--aria-token-schemes", "vrealize-ops-token", "--aria-duplicate-status", "500", "--requestor-result-order", "reversed",
                "--requestor-results-per-user", "two", "--requestor-result-external-id", "null", "--requestor-patch-replace", "strict",
                "--requestor-invalid-item", "whole-batch",
            ]),
        Variant(
            name: "camelCase answers; Aria lookups page through everyone without a total; Requestor results shuffled; Forms On Fire DELETE reads the query only, other duplicate code, bare lookup lists",
            simulator: [
                "--json-keys", "camel", "--aria-lookup", "paged-unfiltered-without-total",
                "--requestor-result-order", "shuffled", "--formsonfire-delete-parameters", "query",
                "--formsonfire-duplicate-code", "AlreadyExists", "--formsonfire-lookup-shape", "array",
                "--expoints-lookup-shape", "array",
            ],
            applyThenFailMode: "html"),
        Variant(
            name: "Forms On Fire DELETE reads the body only and answers with an empty 200, a create of a held Email updates that account; Sertica answers with response messages; a proxy answers 200 with a web page",
            simulator: [
                "--formsonfire-delete-parameters", "body", "--formsonfire-delete-answer", "empty", "--formsonfire-duplicate-create", "upsert",
                "--sertica-answer", "response-message",
            ],
            applyThenFailMode: "empty", htmlShare: 0.02),
    ]

    /// Every switch drawn at random from a seeded generator: combinations nobody picked by hand.
    /// Two run by default; `DIRBRIDGE_VARIANT_SWEEP=N` runs N, `DIRBRIDGE_VARIANT_SEED` draws
    /// others (README).
    static let sweep: [Variant] = {
        let environment = ProcessInfo.processInfo.environment
        let count = Int(environment["DIRBRIDGE_VARIANT_SWEEP"] ?? "") ?? 2
        var random = SplitMix64(seed: UInt64(environment["DIRBRIDGE_VARIANT_SEED"] ?? "") ?? 20_261_206)
        let switches: [(flag: String, values: [String])] = [
            ("--aria-batch", ["atomic", "in-order"]),
            ("--aria-token-schemes", ["both", "vrealize-ops-token", "ops-token"]),
            ("--aria-duplicate-status", ["409", "400", "422", "500"]),
            ("--aria-unknown-id-status", ["404", "400", "500"]),
            ("--expoints-duplicate-status", ["400", "409", "500"]),
            ("--expoints-lookup-shape", ["object", "array", "unfiltered"]),
            ("--requestor-result-order", ["in-order", "reversed", "shuffled"]),
            ("--requestor-invalid-item", ["per-item", "whole-batch"]),
            ("--formsonfire-delete-parameters", ["both", "query", "body"]),
            ("--formsonfire-duplicate-code", ["DuplicateEmail", "AlreadyExists", "ValidationError"]),
            ("--formsonfire-lookup-shape", ["list", "array"]),
            ("--sertica-answer", ["status", "response-message"]),
            ("--json-keys", ["pascal", "camel"]),
            ("--requestor-results-per-user", ["one", "two"]),
            ("--aria-lookup", ["filtered", "paged-unfiltered", "paged-unfiltered-without-total"]),
            ("--formsonfire-delete-answer", ["user", "empty"]),
            ("--requestor-result-external-id", ["echo", "null"]),
            ("--expoints-batch", ["atomic", "in-order"]),
            ("--requestor-patch-replace", ["lenient", "strict"]),
            ("--formsonfire-duplicate-create", ["refuse", "upsert"]),
        ]
        return (0..<count).map { index in
            let simulator = switches.flatMap { [$0.flag, $0.values.randomElement(using: &random)!] }
            let mode = ["unavailable", "drop", "html", "empty"].randomElement(using: &random)!
            let html = Bool.random(using: &random) ? 0.02 : 0
            return Variant(
                name: "sweep \(index): \(simulator.joined(separator: " ")), apply then fail: \(mode), html share \(html)",
                simulator: simulator, applyThenFailMode: mode, htmlShare: html)
        }
    }()

    /// Small backoff so that retries and follow-up rounds fit in a test; the policy is the product's own.
    /// Six attempts: about one request in five meets a fault here, so with four, one token request
    /// in a thousand failed every attempt and left its target unopened for the run (seen once in a
    /// full suite); a run that cannot open a target is the next run's to finish, not this test's.
    static let fastRetry = "retry: { max_attempts: 6, base_delay_ms: 10, max_delay_seconds: 0.2 }"

    @Test(arguments: variants + sweep)
    func everyVariantConvergesWithinOneRunPerChange(variant: Variant) async throws {
        // The simulator's behaviour depends on the variant, so the environment is made here, not by a trait.
        let organisation = DemoOrganisation(userCount: 60)
        try await DemoEnvironment.with(organisation: organisation, simulatorArguments: variant.simulator) { environment in
            let config = try environment.writeConfiguration(
                mappingsDirectory: DirBridgeCommand.mappingsDirectory, extraTargetSettings: Self.fastRetry)
            var faults: [String: Any] = [
                "rateLimitedShare": 0.04, "retryAfterSeconds": 0, "unavailableShare": 0.04, "droppedShare": 0.04,
                "applyThenFailShare": 0.06, "applyThenFailMode": variant.applyThenFailMode, "seed": 20261205,
            ]
            if variant.htmlShare > 0 { faults["htmlShare"] = variant.htmlShare }
            try await SimulatorState.setFaults(environment.simulator, faults)
            // Accounts made by hand before dirbridge ran: one is a directory user's (adopted, never
            // duplicated; its create conflicts mid-batch), one nobody's (never touched).
            let people = organisation.people
            let existing = people[10]
            let existingMail = "\(existing.uid)@example.org"
            let stranger = "stranger@example.org"
            let employee = "3f1c2b9e-6a47-4d1e-8f2a-0b5c7d9e1a01"
            var seeded: [String: String] = [:]
            for (vendor, users) in [
                ("aria-operations", [["username": existingMail, "enabled": true], ["username": stranger, "enabled": true]]),
                ("expoints", [existingMail, stranger].map { ["Username": $0, "Email": $0, "Type": "Internal", "Roles": [["Id": employee]]] }),
                ("forms-on-fire", [["Email": existingMail, "FirstName": "Old"], ["Email": stranger, "FirstName": "Stranger"]]),
            ] as [(String, [[String: Any]])] {
                seeded[vendor] = try await SimulatorState.seedAccounts(environment.simulator, vendor: vendor, users).first
            }

            // A first sync killed mid-flight (SIGKILL: no cleanup), then the next run, which must finish it.
            var slowed = faults
            slowed["latencyMilliseconds"] = 15
            try await SimulatorState.setFaults(environment.simulator, slowed)
            let doomed = try DirBridgeCommand.start(["sync", "--config", config])
            let deadline = ContinuousClock.now + .seconds(30)
            while doomed.process.isRunning, ContinuousClock.now < deadline,
                  try await SimulatorState.fetch(from: environment.simulator).requestCount < 40 {
                try await Task.sleep(for: .milliseconds(10))
            }
            if doomed.process.isRunning { kill(doomed.process.processIdentifier, SIGKILL) }
            doomed.process.waitUntilExit()
            _ = doomed.result()
            try await Task.sleep(for: .milliseconds(100))  // requests in flight at the kill still land
            try await SimulatorState.setFaults(environment.simulator, faults)

            let first = try await DirBridgeCommand.run(["sync", "--config", config])
            #expect(first.status == 0, "the killed first sync must be completed in one run:\n\(first.stdout)\n\(first.stderr.suffix(3000))")
            let (leaver, deleted, renamed) = (people[4], people[6], people[2])
            let returner = people[organisation.disabledIndex]
            try await environment.slapd.modify(ldif: organisation.disable(leaver))
            try await environment.slapd.modify(ldif: "dn: \(organisation.dn(of: deleted))\nchangetype: delete\n")
            try await environment.slapd.modify(ldif: organisation.enable(returner))
            try await environment.slapd.rename(organisation.dn(of: renamed), to: "uid=\(renamed.uid)-renamed")

            let second = try await DirBridgeCommand.run(["sync", "--config", config])
            #expect(second.status == 0, "the changes must complete in one run:\n\(second.stdout)\n\(second.stderr.suffix(3000))")

            try await SimulatorState.setFaults(environment.simulator, [:])
            let state = try await SimulatorState.fetch(from: environment.simulator)
            let leavers = ["\(leaver.uid)@example.org", "\(deleted.uid)@example.org"]
            let active = people.filter { $0.index != leaver.index && $0.index != deleted.index }
            try VendorAccess.expectOnlyLeaversLostAccess(
                state, leavers: leavers, active: active.map { "\($0.uid)@example.org" })
            for vendor in ["aria-operations", "expoints", "forms-on-fire"] {
                let held = VendorAccess.accounts(of: existingMail, at: vendor, in: state)
                let idField = ["aria-operations": "id", "expoints": "Username", "forms-on-fire": "Id"][vendor] ?? "id"
                let id = held.first?[idField] as? String
                #expect(id?.lowercased() == seeded[vendor]?.lowercased(), "\(vendor): the pre-existing account is the one kept")
                let untouched = VendorAccess.accounts(of: stranger, at: vendor, in: state)
                #expect(untouched.count == 1 && (untouched.first?["FirstName"] as? String ?? "Stranger") == "Stranger")
            }
            try await ConvergenceChecks.expectConverged(
                environment, config: config, enabledUsers: active.count,
                context: "\(first.stdout)\n---\n\(second.stdout)", deprovisioned: leavers, unmanaged: 1, adoptedPerVendor: 1)
        }
    }
}
