import Foundation
import LocalServers
import Testing

/// `dirbridge history` reads the run journal the real syncs wrote into the store.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct HistoryCommandTests {
    @Test(.demoEnvironment(users: 20))
    func twoSyncsAreListedNewestFirstWithTheirCounts() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica, .requestor],
            safety: "max_disable_percent: 50")

        let empty = try await DirBridgeCommand.run(["history", "--config", config])
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdout == "no runs recorded in \(environment.storePath)\n")
        #expect(!FileManager.default.fileExists(atPath: environment.storePath), "history must not create the store")

        let first = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let (promoted, leaver) = (organisation.people[1], organisation.people[4])
        try await environment.slapd.modify(ldif: organisation.titleChange(promoted, to: "Chief Engineer"))
        try await environment.slapd.modify(ldif: organisation.disable(leaver))
        let second = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")

        let json = try await DirBridgeCommand.run(["history", "--config", config, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let document = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
        #expect(document["store"] as? String == environment.storePath)
        let runs = try #require(document["runs"] as? [[String: Any]])
        #expect(runs.count == 2)
        #expect(runs.map { $0["id"] as? Int } == [2, 1], "newest first")
        for run in runs {
            #expect(run["command"] as? String == "sync")
            #expect(run["outcome"] as? String == "succeeded")
            #expect((run["duration_seconds"] as? Double).map { $0 >= 0 } == true)
            #expect(run["started_at"] is String && run["finished_at"] is String)
        }
        let latest = try counts(runs[0])
        let earliest = try counts(runs[1])
        // 20 people, one disabled from the start: 19 created everywhere.
        #expect(earliest["sertica"] == Counts(created: 19), "\(runs[1])")
        #expect(earliest["requestor"] == Counts(created: 19), "\(runs[1])")
        #expect(latest["sertica"] == Counts(updated: 1, disabled: 1), "\(runs[0])")
        #expect(latest["requestor"]?.disabled == 1, "\(runs[0])")

        let text = try await DirBridgeCommand.run(["history", "--config", config, "--limit", "1"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("#2  "), "\(text.stdout)")
        #expect(text.stdout.contains("  sync  ") && text.stdout.contains("  succeeded\n"))
        #expect(text.stdout.contains("    sertica: created 0, adopted 0, updated 1, reimported 0, disabled 1, rejected 0, failed 0\n"), "\(text.stdout)")
        #expect(!text.stdout.contains("#1  "), "--limit 1 shows only the latest run")

        let invalid = try await DirBridgeCommand.run(["history", "--config", config, "--limit", "0"])
        #expect(invalid.status != 0 && invalid.stderr.contains("--limit must be at least 1"))
    }

    struct Counts: Equatable {
        var created = 0, updated = 0, reimported = 0, disabled = 0, rejected = 0, failed = 0
    }

    private func counts(_ run: [String: Any]) throws -> [String: Counts] {
        let targets = try #require(run["targets"] as? [[String: Any]])
        var result: [String: Counts] = [:]
        for target in targets {
            let name = try #require(target["target"] as? String)
            result[name] = Counts(
                created: target["created"] as? Int ?? -1, updated: target["updated"] as? Int ?? -1,
                reimported: target["reimported"] as? Int ?? -1, disabled: target["disabled"] as? Int ?? -1,
                rejected: target["rejected"] as? Int ?? -1, failed: target["failed"] as? Int ?? -1)
        }
        return result
    }
}
