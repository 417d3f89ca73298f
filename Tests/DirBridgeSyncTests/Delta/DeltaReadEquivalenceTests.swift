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
        let storePath = configuration.storeLocation
        #expect(try await SQLiteSnapshotStore(path: storePath, logger: logger).directoryCursor(source: session.directory.deltaSource!) != nil)

        var people = People(dns: organisation.people.map(organisation.dn(of:)))
        var random = SplitMix64(seed: 0xD17A_5EED)
        var deltas = 0
        for round in 1...10 {
            for _ in 0..<(2 + Int(random.next() % 4)) {
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
            #expect(!Self.lines(full).isEmpty)
            _ = try await session.run()
        }
        #expect(deltas >= 8, "group changes and key collisions are read as deltas too")
        for vendor in vendors.values {
            #expect(vendor.snapshot.creates.values.allSatisfy { $0 == 1 }, "nobody created twice at \(vendor.target)")
        }
    }

    /// One random change: a title, a leaver, a returner, a joiner, a deletion, a rename, a mail
    /// taken from a colleague (a unique-key collision), or a group membership.
    static func change(
        _ people: inout People, server: SlapdServer, organisation: DemoOrganisation, random: inout SplitMix64
    ) async throws {
        let index = Int(random.next() % UInt64(people.dns.count))
        let dn = people.dns[index]
        switch random.next() % 8 {
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
        default:
            try await unlessAlreadySo {
                try await server.modify(ldif: "dn: \(organisation.groupDN("sales"))\nchangetype: modify\nadd: member\nmember: \(dn)\n")
            }
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
                  mapping: \(repository.path)/mappings/sertica.yaml, credentials: { username: u, password_env: UNUSED } }
            """.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Runs an ldapmodify that may find the directory already as asked: removing a value that is
/// not there (16) or adding one that is (20) changes nothing, and the round goes on.
func unlessAlreadySo(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch where "\(error)".contains("status 16") || "\(error)".contains("status 20") {}
}
