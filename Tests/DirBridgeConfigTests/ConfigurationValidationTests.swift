import DirBridgeCore
import Foundation
import Testing
@testable import DirBridgeConfig

/// The security review's load-time checks: unknown keys in every section (with a suggestion),
/// numbers in range, and no credential in clear text without an explicit opt-in. Each failure
/// names the file, the line and the key.
@Suite struct ConfigurationValidationTests {
    static let mappings = ConfigurationFileTests.repository.appendingPathComponent("mappings").path

    /// A loadable configuration (one Sertica target) with extra lines in `source`, in the target
    /// and at the top level; block style, so each extra key is on a line of its own.
    static func configuration(
        url: String = "ldaps://dc.example.org", baseURL: String = "https://sertica.example.org",
        source: [String] = [], target: [String] = [], top: [String] = []
    ) -> String {
        let lines =
            ["source:", "  url: \"\(url)\"", "  bind_dn: \"cn=svc,dc=x\"", "  password_env: LDAP_PASSWORD", "  base_dn: \"dc=x\""]
            + source.map { "  " + $0 }
            + [
                "targets:", "  - name: sertica", "    vendor: sertica", "    base_url: \"\(baseURL)\"",
                "    mapping: \(mappings)/sertica.yaml", "    credentials: { username: u, password_env: P }",
            ]
            + target.map { "    " + $0 }
            + top
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `text` as `dirbridge.yaml` in a fresh folder and loads it.
    static func load(_ text: String) throws(ConfigurationError) -> LoadedConfiguration {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-validation-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("dirbridge.yaml").path
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return try ConfigurationFile.load(path: path)
    }

    static func loadError(_ text: String) -> ConfigurationError? {
        do {
            _ = try load(text)
            return nil
        } catch {
            return error
        }
    }

    /// The 1-based line of the first line of `text` containing `marker`.
    static func line(of marker: String, in text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(marker) }.map { $0 + 1 }
    }

    @Test func theBaseConfigurationLoads() throws {
        let loaded = try Self.load(Self.configuration())
        #expect(loaded.configuration.source.allowInsecureBind == false)
        #expect(loaded.configuration.targets[0].allowInsecureHTTP == false)
        #expect(loaded.insecureTransports.isEmpty)
    }

    // MARK: - Unknown keys

    struct UnknownKeyCase: Sendable, CustomTestStringConvertible {
        var source: [String] = []
        var target: [String] = []
        var top: [String] = []
        /// The line holding the unknown key contains this.
        var marker: String
        var keyPath: String
        var suggestion: String?
        var testDescription: String { keyPath }
    }

    static let unknownKeyCases: [UnknownKeyCase] = [
        // Sections that used to drop unknown keys silently.
        .init(source: ["user_filer: \"(uid=*)\""], marker: "user_filer", keyPath: "source.user_filer", suggestion: "user_filter"),
        .init(source: ["userFilter: \"(uid=*)\""], marker: "userFilter", keyPath: "source.userFilter", suggestion: "user_filter"),
        .init(source: ["tls: {starttls: true}"], marker: "starttls", keyPath: "source.tls.starttls", suggestion: "start_tls"),
        .init(source: ["timeouts:", "  conect_seconds: 5"], marker: "conect_seconds", keyPath: "source.timeouts.conect_seconds",
              suggestion: "connect_seconds"),
        .init(source: ["enabled: {rule: absent, atribute: nsAccountLock, attribute: pwdAccountLockedTime}"], marker: "atribute",
              keyPath: "source.enabled.atribute", suggestion: "attribute"),
        .init(target: ["tls: {ca_flie: /etc/ca.pem}"], marker: "ca_flie", keyPath: "targets[0].tls.ca_flie", suggestion: "ca_file"),
        .init(target: ["retry:", "  max_attempt: 3"], marker: "max_attempt", keyPath: "targets[0].retry.max_attempt",
              suggestion: "max_attempts"),
        .init(target: ["rate_limit: {requests_per_second: 5, brust: 2}"], marker: "brust", keyPath: "targets[0].rate_limit.brust",
              suggestion: "burst"),
        // Sections that already refused them now suggest as well.
        .init(top: ["safety:", "  max_disable_precent: 5"], marker: "max_disable_precent", keyPath: "safety.max_disable_precent",
              suggestion: "max_disable_percent"),
        .init(target: ["concurency: 2"], marker: "concurency", keyPath: "targets[0].concurency", suggestion: "concurrency"),
        .init(target: ["allow_insecure_https: true"], marker: "allow_insecure_https", keyPath: "targets[0].allow_insecure_https",
              suggestion: "allow_insecure_http"),
        // Nothing close: no guess, only the list.
        .init(source: ["colour: blue"], marker: "colour", keyPath: "source.colour", suggestion: nil),
    ]

    @Test(arguments: unknownKeyCases)
    func anUnknownKeyIsAnErrorAtItsLineWithTheClosestKnownOne(_ example: UnknownKeyCase) throws {
        let text = Self.configuration(source: example.source, target: example.target, top: example.top)
        let error = try #require(Self.loadError(text))
        #expect(error.line == Self.line(of: example.marker, in: text))
        #expect(error.keyPath == example.keyPath)
        let key = example.keyPath.split(separator: ".").last.map(String.init) ?? ""
        #expect(error.message.hasPrefix("unknown key '\(key)';"), "\(error)")
        #expect(error.message.contains("expected one of"), "\(error)")
        if let suggestion = example.suggestion {
            #expect(error.message.contains("did you mean '\(suggestion)'?"), "\(error)")
        } else {
            #expect(!error.message.contains("did you mean"), "\(error)")
        }
    }

    @Test func suggestionsAreOfferedOnlyForLikelyTypos() {
        let keys = ["url", "bind_dn", "base_dn", "user_filter", "max_disable_percent", "auth"]
        #expect(UnknownKey.closest(to: "BASE-DN", among: keys) == "base_dn", "case and separators")
        #expect(UnknownKey.closest(to: "max_disable_precent", among: keys) == "max_disable_percent", "a transposition")
        #expect(UnknownKey.closest(to: "uri", among: keys) == "url")
        #expect(UnknownKey.closest(to: "auht", among: keys) == "auth")
        #expect(UnknownKey.closest(to: "ab", among: keys) == nil, "a short key is not a different short word")
        #expect(UnknownKey.closest(to: "filter", among: keys) == nil)
    }

    // MARK: - Mapping files

    struct MappingCase: Sendable, CustomTestStringConvertible {
        /// Replaces the `Title` rule of a valid Sertica mapping.
        var titleRule: String
        var marker: String
        var keyPath: String
        var message: String
        var testDescription: String { keyPath }
    }

    static let mappingCases: [MappingCase] = [
        .init(titleRule: "{ template: \"{title}\", tranforms: [trim] }", marker: "tranforms", keyPath: "fields.Title.tranforms",
              message: "unknown key 'tranforms'; did you mean 'transforms'?"),
        .init(titleRule: "{ template: \"{title}\", transforms: [{ date: { format: \"yyyy\", timezone: UTC } }] }", marker: "timezone",
              keyPath: "fields.Title.transforms[0].date.timezone", message: "unknown key 'timezone'; did you mean 'timeZone'?"),
        .init(titleRule: "{ template: \"{title}\", transforms: [{ replace: { pattern: \"a\", with: \"b\", flags: i } }] }",
              marker: "flags", keyPath: "fields.Title.transforms[0].replace.flags", message: "unknown key 'flags';"),
        .init(titleRule: "{ template: \"{title}\", transforms: [{ lookup: { map: { a: b }, defualt: x } }] }", marker: "defualt",
              keyPath: "fields.Title.transforms[0].lookup.defualt", message: "unknown lookup key 'defualt'; did you mean 'default'?"),
        .init(titleRule: "{ template: \"{title}\", transforms: [{ truncat: 80 }] }", marker: "truncat",
              keyPath: "fields.Title.transforms[0].truncat", message: "unknown transform 'truncat'; did you mean 'truncate'?"),
    ]

    @Test(arguments: mappingCases)
    func aMappingFileRefusesUnknownKeysWithASuggestion(_ example: MappingCase) throws {
        let text = MappingFileTests.validSertica.replacingOccurrences(
            of: "{ template: \"{title}\", transforms: [{truncate: 80}] }", with: example.titleRule)
        #expect(text != MappingFileTests.validSertica)
        let error = try #require(MappingFileTests.loadError(text))
        #expect(error.line == Self.line(of: example.marker, in: text))
        #expect(error.keyPath == example.keyPath)
        #expect(error.message.contains(example.message), "\(error)")
    }

    @Test func aMappingFileSuggestsForItsRootKeysAndTheVendorsFields() throws {
        let root = try #require(MappingFileTests.loadError("vendor: sertica\nfeilds: {}\n"))
        #expect(root.line == 2)
        #expect(root.message.contains("unknown key 'feilds'; did you mean 'fields'?"), "\(root)")

        let field = try #require(MappingFileTests.loadError(MappingFileTests.validSertica + "  Titel: { template: \"{title}\" }\n"))
        #expect(field.line == 9)
        #expect(field.keyPath == "fields.Titel")
        #expect(field.message.contains("not a sertica field") && field.message.contains("did you mean 'Title'?"), "\(field)")
    }

    // MARK: - Numbers in range

    struct RangeCase: Sendable, CustomTestStringConvertible {
        var keyPath: String
        /// The line for the value `$0`, in the section the key belongs to.
        var source: (@Sendable (String) -> [String])?
        var target: (@Sendable (String) -> [String])?
        var top: (@Sendable (String) -> [String])?
        var range: String
        var refused: [String]
        var accepted: [String]
        var testDescription: String { keyPath }
    }

    static let badValues = [".inf", "-.inf", ".nan", "1e300", "0", "-1"]

    static let rangeCases: [RangeCase] = [
        .init(keyPath: "source.timeouts.connect_seconds", source: { ["timeouts: { connect_seconds: \($0) }"] },
              range: "more than 0 and at most 600", refused: badValues + ["601"], accepted: ["0.5", "600"]),
        .init(keyPath: "source.timeouts.operation_seconds", source: { ["timeouts: { operation_seconds: \($0) }"] },
              range: "more than 0 and at most 3600", refused: badValues + ["3601"], accepted: ["3600"]),
        .init(keyPath: "source.page_size", source: { ["page_size: \($0)"] },
              range: "from 1 to 100000", refused: badValues + ["100001", "2.5"], accepted: ["1", "100000"]),
        .init(keyPath: "targets[0].timeout_seconds", target: { ["timeout_seconds: \($0)"] },
              range: "more than 0 and at most 3600", refused: badValues + ["3601"], accepted: ["0.25", "3600"]),
        .init(keyPath: "targets[0].connect_timeout_seconds", target: { ["connect_timeout_seconds: \($0)"] },
              range: "more than 0 and at most 600", refused: badValues + ["601"], accepted: ["600"]),
        .init(keyPath: "targets[0].retry.max_attempts", target: { ["retry: { max_attempts: \($0) }"] },
              range: "from 1 to 20", refused: badValues + ["21", "1.5"], accepted: ["1", "20"]),
        .init(keyPath: "targets[0].retry.base_delay_ms", target: { ["retry: { base_delay_ms: \($0) }"] },
              range: "from 1 to 600000", refused: badValues + ["600001"], accepted: ["1", "600000"]),
        .init(keyPath: "targets[0].retry.max_delay_seconds", target: { ["retry: { max_delay_seconds: \($0) }"] },
              range: "more than 0 and at most 3600", refused: badValues + ["3601"], accepted: ["0.2", "3600"]),
        .init(keyPath: "targets[0].batch_size", target: { ["batch_size: \($0)"] },
              range: "from 1 to 10000", refused: badValues + ["10001"], accepted: ["1", "10000"]),
        .init(keyPath: "targets[0].concurrency", target: { ["concurrency: \($0)"] },
              range: "from 1 to 256", refused: badValues + ["257"], accepted: ["1", "256"]),
        .init(keyPath: "targets[0].rate_limit.requests_per_second", target: { ["rate_limit: { requests_per_second: \($0) }"] },
              range: "more than 0 and at most 100000", refused: badValues + ["100001"], accepted: ["0.5", "100000"]),
        .init(keyPath: "targets[0].rate_limit.burst", target: { ["rate_limit: { requests_per_second: 5, burst: \($0) }"] },
              range: "from 1 to 100000", refused: badValues + ["100001"], accepted: ["1", "100000"]),
        .init(keyPath: "safety.max_disable_percent", top: { ["safety:", "  max_disable_percent: \($0)"] },
              range: "from 0 to 100", refused: [".inf", "-.inf", ".nan", "1e300", "-1", "101"], accepted: ["0", "100", "12.5"]),
        .init(keyPath: "safety.max_disable_count", top: { ["safety:", "  max_disable_count: \($0)"] },
              range: "from 0 to 10000000", refused: [".inf", ".nan", "1e300", "-1", "0.5"], accepted: ["0", "500"]),
    ]

    @Test(arguments: rangeCases)
    func aNumberOutOfRangeIsAnErrorNamingTheRange(_ example: RangeCase) throws {
        func text(_ value: String) -> String {
            Self.configuration(
                source: example.source?(value) ?? [], target: example.target?(value) ?? [], top: example.top?(value) ?? [])
        }
        let key = try #require(example.keyPath.split(separator: ".").last.map(String.init))
        for value in example.refused {
            let error = try #require(Self.loadError(text(value)), "\(example.keyPath): \(value) must be refused")
            #expect(error.code == .invalidValue, "\(value): \(error)")
            #expect(error.line == Self.line(of: key, in: text(value)), "\(value): \(error)")
            #expect(error.keyPath == example.keyPath, "\(value): \(error)")
            #expect(error.message.contains(example.range), "\(value): \(error)")
        }
        for value in example.accepted {
            #expect(throws: Never.self, "\(example.keyPath): \(value)") { try Self.load(text(value)) }
        }
    }

    @Test func acceptedTimeoutsReachTheHTTPClientWithoutTrapping() throws {
        let loaded = try Self.load(Self.configuration(target: ["timeout_seconds: 3600", "connect_timeout_seconds: 0.5"]))
        let settings = loaded.configuration.targets[0].httpClientSettings
        #expect(settings.timeout == .seconds(3600))
        #expect(settings.connectTimeout == .milliseconds(500))
    }

    // MARK: - No credentials in clear text by accident

    @Test func aBindOverPlainLDAPIsRefusedUnlessOptedIn() throws {
        let text = Self.configuration(url: "ldap://dc.example.org")
        let error = try #require(Self.loadError(text))
        #expect(error.line == 2)
        #expect(error.keyPath == "source.url")
        for advice in ["ldaps://", "start_tls: true", "allow_insecure_bind: true"] {
            #expect(error.message.contains(advice), "\(error)")
        }

        let optedIn = try Self.load(Self.configuration(url: "ldap://dc.example.org", source: ["allow_insecure_bind: true"]))
        #expect(optedIn.configuration.source.allowInsecureBind)
        #expect(optedIn.insecureTransports.map(\.key) == ["source.allow_insecure_bind"])
        let transport = try #require(optedIn.insecureTransports.first)
        #expect(transport.kind == .directoryBind && transport.subject == "directory" && !transport.isLoopback)
        #expect(transport.description.contains("bind password is sent to ldap://dc.example.org in clear text over the network"))
    }

    @Test func aBindIsAllowedWithTLSAndAnAnonymousReadNeedsNoOptIn() throws {
        let startTLS = try Self.load(Self.configuration(url: "ldap://dc.example.org", source: ["tls: { start_tls: true }"]))
        #expect(startTLS.insecureTransports.isEmpty)
        #expect(try Self.load(Self.configuration(url: "LDAPS://dc.example.org")).insecureTransports.isEmpty)
        let anonymous = Self.configuration(url: "ldap://dc.example.org")
            .replacingOccurrences(of: "  bind_dn: \"cn=svc,dc=x\"\n  password_env: LDAP_PASSWORD\n", with: "")
        #expect(try Self.load(anonymous).insecureTransports.isEmpty)
        // An opt-in that TLS makes unnecessary is in effect nowhere.
        let unneeded = try Self.load(Self.configuration(source: ["allow_insecure_bind: true"]))
        #expect(unneeded.insecureTransports.isEmpty)
    }

    @Test func credentialsOverPlainHTTPAreRefusedUnlessTheTargetOptsIn() throws {
        let text = Self.configuration(baseURL: "http://sertica.example.org")
        let error = try #require(Self.loadError(text))
        #expect(error.line == Self.line(of: "base_url", in: text))
        #expect(error.keyPath == "targets[0].base_url")
        for advice in ["https://", "allow_insecure_http: true"] {
            #expect(error.message.contains(advice), "\(error)")
        }

        let optedIn = try Self.load(Self.configuration(baseURL: "http://127.0.0.1:8080/sertica", target: ["allow_insecure_http: true"]))
        #expect(optedIn.configuration.targets[0].allowInsecureHTTP)
        let transport = try #require(optedIn.insecureTransports.first)
        #expect(optedIn.insecureTransports.count == 1)
        #expect(transport.kind == .targetHTTP(target: "sertica") && transport.key == "targets[0].allow_insecure_http")
        #expect(transport.subject == "target sertica")
        #expect(transport.isLoopback, "127.0.0.1 never reaches a network")
        #expect(transport.description.contains("in clear text (to this host only)"))
    }

    @Test(arguments: [
        ("ldap://127.0.0.1:3890", true), ("ldap://127.4.5.6", true), ("ldap://localhost:389", true), ("ldap://[::1]:389", true),
        ("ldap://127.example.org", false), ("ldap://127.0.0.evil.example.org", false), ("ldap://10.0.0.1", false), ("ldap://dc1.corp.example.org", false),
    ])
    func onlyLoopbackAddressesCountAsThisHost(url: String, loopback: Bool) throws {
        let loaded = try Self.load(Self.configuration(url: url, source: ["allow_insecure_bind: true"]))
        #expect(loaded.insecureTransports.map(\.isLoopback) == [loopback])
    }
}
