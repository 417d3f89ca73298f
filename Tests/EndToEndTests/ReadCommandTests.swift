import Foundation
import LocalServers
import Testing

/// `dirbridge read` is the first thing an administrator runs: it needs the directory settings
/// only, not targets or mapping files that do not exist yet.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ReadCommandTests {
    @Test(.demoEnvironment(users: 10))
    func aConfigurationWithOnlyASourceIsEnoughToRead() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let full = try String(contentsOfFile: try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory),
                              encoding: .utf8)
        let sourceOnly = full.components(separatedBy: "\nstore:").first ?? ""
        let path = environment.directory.appendingPathComponent("source-only.yaml").path
        try Data(sourceOnly.utf8).write(to: URL(fileURLWithPath: path))

        let read = try await DirBridgeCommand.run(["read", "--config", path, "--format", "table"])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("\(organisation.userCount) users"), "\(read.stdout)")
        let sync = try await DirBridgeCommand.run(["sync", "--config", path])
        #expect(sync.status != 0, "a sync still needs its targets")
    }

    /// `shadowExpire` counts days, AD's `accountExpires` 100 ns ticks, a GeneralizedTime is a
    /// date: whichever the attribute holds, an account past its end date reads as disabled.
    @Test(.demoEnvironment(users: 10))
    func anEndDateInDaysTicksOrGeneralizedTimeDisablesOnceItHasPassed() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, enabled: "{ rule: always }", extraSourceSettings: ["account_expiry: shadowExpire"])
        let enabled = organisation.people.filter { !$0.disabled }
        // 99999 days is in 2243; 20000 days was 2024-10-04; shadowExpire -1 means never.
        let endDays = [(enabled[0], "99999", true), (enabled[1], "20000", false), (enabled[2], "-1", true)]
        try await environment.slapd.modify(ldif: endDays.map { person, days, _ in
            "dn: \(organisation.dn(of: person))\nchangetype: modify\nadd: shadowExpire\nshadowExpire: \(days)\n"
        }.joined(separator: "\n"))

        let read = try await DirBridgeCommand.run(["read", "--config", config])
        #expect(read.status == 0, "\(read.stderr)")
        var enabledByDN: [String: Bool] = [:]
        for line in read.stdout.split(separator: "\n") {
            let user = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            enabledByDN[try #require(user["dn"] as? String)] = user["enabled"] as? Bool
        }
        for (person, days, expected) in endDays {
            #expect(enabledByDN[organisation.dn(of: person)] == expected, "shadowExpire \(days)")
        }
        for person in organisation.people where person.disabled {
            #expect(enabledByDN[organisation.dn(of: person)] == false, "shadowExpire 1 (1970-01-02) has passed")
        }
        #expect(enabledByDN.count == organisation.userCount)
    }
}
