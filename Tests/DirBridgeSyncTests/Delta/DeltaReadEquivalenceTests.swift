import DirBridgeConfig
import DirBridgeCore
import DirectoryReader
import Foundation
import LocalServers
import Logging
import SnapshotStore
import TestSupport
import Testing

@testable import DirBridgeSync

/// Whatever mode read the directory, the plan is the one a full read makes: after every round of
/// random directory changes, the plan from a delta read (or from the full read it fell back to)
/// is compared action by action with the plan from a full read of the same directory and store,
/// then applied. Real slapd with syncprov, real SQLite file, scripted vendors.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct DeltaReadEquivalenceTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct ScriptedVendors: ConnectorProvider {
        let vendors: [String: FakeConnector]
        func connect(_ target: TargetConfiguration, logger: Logger) async throws -> TargetConnection {
            TargetConnection(connector: vendors[target.name]!)
        }
    }

    /// The directory as the test changed it: the DN of every person still there.
    struct People {
        var dns: [String]
        var next = 0
    }

    /// Rounds and seed can be raised for a longer soak (`DIRBRIDGE_DELTA_ROUNDS`, `DIRBRIDGE_DELTA_SEED`).
    static let environment = ProcessInfo.processInfo.environment
    static let rounds = environment["DIRBRIDGE_DELTA_ROUNDS"].flatMap { Int($0) } ?? 10
    static let seed = environment["DIRBRIDGE_DELTA_SEED"].flatMap { UInt64($0) } ?? 0xD17A_5EED

    @Test func aDeltaPlansExactlyWhatAFullReadPlansAfterRandomChanges() async throws {
        let organisation = DemoOrganisation(userCount: 40)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-delta-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ldif = folder.appendingPathComponent("people.ldif")
        try Data(organisation.ldif().utf8).write(to: ldif)
        let server = try await SlapdServer.start(ldifFile: ldif.path)
        defer { Task { await server.stop() } }

        let configuration = try ConfigurationFile.load(path: try Self.writeConfiguration(server, organisation, in: folder))
        let logger = Logger(label: "test")
        var session = SyncSession(configuration: configuration, targets: configuration.configuration.targets, logger: logger)
        let vendors = [
            "desk": FakeConnector(target: "desk", vendor: .requestor, keyField: "Username"),
            "crew": FakeConnector(target: "crew", vendor: .sertica, keyField: "Login"),
        ]
        session.connectors = ScriptedVendors(vendors: vendors)
        _ = try await session.run()
        let roles = Set(vendors["crew"]!.snapshot.users.values.compactMap { user -> String? in
            if case .string(let role) = user.payload.fields["ExternalGroupNo"] { role } else { nil }
        })
        #expect(roles == ["MASTER", "ENGINE", "OFFICE", "STAFF"], "the crew's roles follow (nested) groups")
        let storePath = configuration.storeLocation
        #expect(try await SQLiteSnapshotStore(path: storePath, logger: logger).directoryCursor(source: session.directory.deltaSource!) != nil)

        var people = People(dns: organisation.people.map(organisation.dn(of:)))
        var random = SplitMix64(seed: Self.seed)
        var deltas = 0
        var roundsWithActions = 0
        for round in 1...Self.rounds {
            try await Self.toggleNesting(server: server, organisation: organisation, random: &random)
            for _ in 0..<(1 + Int(random.next() % 4)) {
                try await Self.change(&people, server: server, organisation: organisation, random: &random)
            }
            let store = try SQLiteSnapshotStore(path: storePath, logger: logger)
            let everyone = try await session.directory.users(onPage: { _ in }).users
            let full = try await PlanBuilder(configuration: configuration, store: store, users: everyone, logger: logger)
                .plan(targets: configuration.configuration.targets)
            let read = try await SessionRead.read(for: session, store: store)
            if read.delta != nil { deltas += 1 }
            let planned = try await PlanBuilder(
                configuration: configuration, store: store, users: read.users, delta: read.delta, logger: logger
            ).plan(targets: configuration.configuration.targets)
            #expect(Self.lines(planned) == Self.lines(full), "round \(round), \(read.delta == nil ? "full" : "delta") read")
            if !Self.lines(full).isEmpty { roundsWithActions += 1 }
            _ = try await session.run()
        }
        #expect(deltas >= Self.rounds * 8 / 10, "group changes and key collisions are read as deltas too")
        // A round of changes that change nothing (a member added where it already was) plans nothing.
        #expect(roundsWithActions >= Self.rounds * 8 / 10, "most rounds compare plans that do something")
        for vendor in vendors.values {
            #expect(vendor.snapshot.creates.values.allSatisfy { $0 == 1 }, "nobody created twice at \(vendor.target)")
        }
    }

    /// Groups whose (nested) members the crew mapping turns into a role: a membership change
    /// there changes payloads, so a delta that missed it would plan differently.
    static let roleGroups = ["managers", "administrators", "engineering", "platform", "sales", "contractors"]

    /// One random change: a title, a leaver, a returner, a joiner, a deletion, a rename, a mail
    /// taken from a colleague (a unique-key collision), or a membership added or removed.
    static func change(
        _ people: inout People, server: SlapdServer, organisation: DemoOrganisation, random: inout SplitMix64
    ) async throws {
        let index = Int(random.next() % UInt64(people.dns.count))
        let dn = people.dns[index]
        let group = organisation.groupDN(roleGroups[Int(random.next() % UInt64(roleGroups.count))])
        switch random.next() % 9 {
        case 0:
            try await server.modify(ldif: "dn: \(dn)\nchangetype: modify\nreplace: title\ntitle: Title \(random.next() % 1000)\n")
        case 1:
            try await server.modify(ldif: "dn: \(dn)\nchangetype: modify\nreplace: shadowExpire\nshadowExpire: 1\n")
        case 2:
            try await unlessAlreadySo { try await server.modify(ldif: "dn: \(dn)\nchangetype: modify\ndelete: shadowExpire\n") }
        case 3:
            people.next += 1
            let uid = "joiner\(people.next)"
            let joiner = "uid=\(uid),\(organisation.peopleDN)"
            try await server.add(ldif: """
                dn: \(joiner)
                objectClass: inetOrgPerson
                objectClass: shadowAccount
                uid: \(uid)
                cn: Joiner \(people.next)
                givenName: Joiner
                sn: Number\(people.next)
                mail: \(uid)@example.org
                title: Engineer
                departmentNumber: Sales


                """)
            people.dns.append(joiner)
        case 4:
            guard people.dns.count > 10 else { return }
            try await server.modify(ldif: "dn: \(dn)\nchangetype: delete\n")
            people.dns.remove(at: index)
        case 5:
            guard dn.hasPrefix("uid=") else { return }
            people.next += 1
            try await server.rename(dn, to: "uid=renamed\(people.next)")
            people.dns[index] = "uid=renamed\(people.next),\(organisation.peopleDN)"
        case 6:
            let other = people.dns[Int(random.next() % UInt64(people.dns.count))]
            let uid = other.split(separator: ",")[0].split(separator: "=")[1]
            try await server.modify(ldif: "dn: \(dn)\nchangetype: modify\nreplace: mail\nmail: \(uid)@example.org\n")
        case 7:
            try await unlessAlreadySo {
                try await server.modify(ldif: "dn: \(group)\nchangetype: modify\nadd: member\nmember: \(dn)\n")
            }
        default:
            try await unlessAlreadySo {
                try await server.modify(ldif: "dn: \(group)\nchangetype: modify\ndelete: member\nmember: \(dn)\n")
            }
        }
    }

    /// A group nested under another or taken out of it, every round: contractors under managers
    /// (their members become masters), platform out of engineering (its members lose their role
    /// unless another group gives one). No user entry changes: a delta finds the users only by
    /// walking down from the changed group.
    static func toggleNesting(server: SlapdServer, organisation: DemoOrganisation, random: inout SplitMix64) async throws {
        let (child, parent) = random.next() % 2 == 0 ? ("contractors", "managers") : ("platform", "engineering")
        let change = random.next() % 2 == 0 ? "add" : "delete"
        try await unlessAlreadySo {
            try await server.modify(
                ldif: "dn: \(organisation.groupDN(parent))\nchangetype: modify\n\(change): member\nmember: \(organisation.groupDN(child))\n")
        }
    }

    /// A plan as comparable lines: every action with its payload hash and vendor id, every
    /// rejection, and whether the plan is blocked.
    static func lines(_ plan: SyncPlan) -> [String] {
        plan.targets.flatMap { target in
            target.actions.map { "\(target.target) \($0.kind) \($0.anchor.value) \($0.dn) \($0.payloadHash) \($0.vendorId ?? "-")" }
                + target.rejected.map { "\(target.target) rejected \($0.anchor.value) \($0.field)" }
                + (target.blockedReason.map { ["\(target.target) blocked \($0)"] } ?? [])
        }.sorted()
    }

    static func writeConfiguration(_ server: SlapdServer, _ organisation: DemoOrganisation, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("dirbridge.yaml").path
        // The shipped Sertica mapping with its example role groups replaced by the demo's: the
        // crew's ExternalGroupNo then follows nested memberships (platform ⊂ engineering).
        let crewMapping = folder.appendingPathComponent("crew.yaml")
        try Data(try String(contentsOfFile: "\(repository.path)/mappings/sertica.yaml", encoding: .utf8)
            .replacingOccurrences(of: "cn=sertica-masters,ou=groups,dc=example,dc=org", with: organisation.groupDN("managers"))
            .replacingOccurrences(of: "cn=sertica-engineers,ou=groups,dc=example,dc=org", with: organisation.groupDN("engineering"))
            .replacingOccurrences(of: "cn=sertica-office,ou=groups,dc=example,dc=org", with: organisation.groupDN("sales"))
            .utf8).write(to: crewMapping)
        try Data("""
            source:
              url: \(server.url)
              bind_dn: \(server.configuration.readerDN)
              password_file: \(server.readerPasswordFile)
              allow_insecure_bind: true
              base_dn: \(organisation.peopleDN)
              user_filter: "(objectClass=inetOrgPerson)"
              group_base_dn: \(organisation.groupsDN)
              dialect: openldap
              attributes: [uid, cn, givenName, sn, mail, title, departmentNumber, employeeType, employeeNumber, telephoneNumber, preferredLanguage]
              enabled: { rule: absent, attribute: shadowExpire }
            store: { path: \(folder.path)/snapshot.sqlite }
            safety: { max_disable_percent: 100 }
            targets:
              - { name: desk, vendor: requestor, base_url: "https://requestor.invalid",
                  mapping: \(repository.path)/mappings/requestor.yaml, credentials: { token_env: UNUSED } }
              - { name: crew, vendor: sertica, base_url: "https://sertica.invalid",
                  mapping: \(crewMapping.path), credentials: { username: u, password_env: UNUSED } }
            """.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Runs an ldapmodify that may find the directory already as asked, or refuse to empty a group:
/// removing a value that is not there (16), adding one that is (20) or removing a group's last
/// member (65: groupOfNames needs one) changes nothing, and the round goes on.
func unlessAlreadySo(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch where ["status 16", "status 20", "status 65"].contains(where: "\(error)".contains) {}
}
