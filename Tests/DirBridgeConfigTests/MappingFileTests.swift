import DirBridgeCore
import Foundation
import Testing
@testable import DirBridgeConfig

/// Broken mapping files: each error names the file, the line of the offending node and the key.
@Suite struct MappingFileTests {
    /// A valid Sertica mapping (lines 1–8); cases append or replace lines.
    static let validSertica = """
        vendor: sertica
        fields:
          UserNo: { template: "{employeeNumber|employeeID}", required: true }
          Login: { template: "{sAMAccountName|uid}", transforms: [lower], required: true }
          Language: { constant: "en" }
          Access: { source: enabled }
          ExternalGroupNo: { source: groups, lookup: { "cn=ops,ou=groups,dc=example,dc=org": "OPS" }, default: "STAFF", multiple: first }
          Title: { template: "{title}", transforms: [{truncate: 80}] }

        """

    /// Writes `text` to a fresh temporary file and loads it.
    static func load(_ text: String) throws(ConfigurationError) -> (path: String, mapping: Mapping) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-mapping-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("mapping.yaml").path
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: directory) }
        return (path, try MappingFile.load(path: path))
    }

    /// The error of loading `text`, with the temporary path it was loaded from.
    static func loadError(_ text: String) -> ConfigurationError? {
        do {
            _ = try load(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func loadsAValidMapping() throws {
        let mapping = try Self.load(Self.validSertica).mapping
        #expect(mapping.vendor == .sertica)
        #expect(mapping.fields["Title"]?.transforms == [.truncate(80)])
        guard case .template(let login)? = mapping.fields["Login"]?.source else {
            Issue.record("Login is a template")
            return
        }
        #expect(login.segments == [.firstOf(["samaccountname", "uid"])])
    }

    @Test func unknownTransformNamesFileLineAndKey() throws {
        let text = Self.validSertica + """
              Name:
                template: "{cn}"
                transforms:
                  - trim
                  - titlecase

            """
        let error = try #require(Self.loadError(text))
        #expect(error.file.hasSuffix("mapping.yaml"))
        #expect(error.line == 13)
        #expect(error.keyPath == "fields.Name.transforms[1]")
        #expect(error.message.contains("field Name"))
        #expect(error.message.contains("unknown transform 'titlecase'"))
        #expect(error.description.hasPrefix("\(error.file):13 (fields.Name.transforms[1]): field Name: unknown transform"))
    }

    @Test func badTemplateNamesFileLineKeyAndPosition() throws {
        let text = Self.validSertica + """
              Name:
                transforms: [trim]
                template: "{givenName} {sn"

            """
        let error = try #require(Self.loadError(text))
        #expect(error.line == 11)
        #expect(error.keyPath == "fields.Name.template")
        #expect(error.message.contains("field Name"))
        #expect(error.message.contains("'{' is never closed"))
    }

    @Test func badAlternativeNamesFileLineAndKey() throws {
        let text = Self.validSertica.replacingOccurrences(of: "{sAMAccountName|uid}", with: "{sAMAccountName||uid}")
        let error = try #require(Self.loadError(text))
        #expect(error.line == 4)
        #expect(error.keyPath == "fields.Login.template")
        #expect(error.message.contains("empty alternative"))
    }

    @Test func unknownVendorNamesFileLineAndKey() throws {
        let text = "# a comment first\n" + Self.validSertica.replacingOccurrences(of: "vendor: sertica", with: "vendor: sap")
        let error = try #require(Self.loadError(text))
        #expect(error.line == 2)
        #expect(error.keyPath == "vendor")
        #expect(error.message.contains("unknown vendor 'sap'"))
    }

    @Test func requiredFieldUnmappedNamesFileLineAndField() throws {
        let text = Self.validSertica.split(separator: "\n").filter { !$0.contains("ExternalGroupNo") }.joined(separator: "\n")
        let error = try #require(Self.loadError(text))
        #expect(error.file.hasSuffix("mapping.yaml"))
        #expect(error.line == 2)
        #expect(error.keyPath == "fields")
        #expect(error.message == "field ExternalGroupNo: required by sertica but not mapped")
    }

    @Test func unknownAndForbiddenFieldsAreLoadErrorsAtTheirLine() throws {
        let text = """
            vendor: aria-operations
            fields:
              username: { template: "{userPrincipalName|mail}", required: true }
              enabled: { source: enabled }
              id: { source: anchor }
              emailAdress: { template: "{mail}" }

            """
        let error = try #require(Self.loadError(text))
        #expect(error.line == 5)
        #expect(error.keyPath == "fields.id")
        #expect(error.message.contains("field id: must never be sent"))
        // The second problem is reported in the same error, so both are fixed in one go.
        #expect(error.message.contains("line 6 (fields.emailAdress): field emailAdress: not a aria-operations field"))
    }

    @Test func wrongValueTypeInsideARuleNamesTheField() throws {
        let text = Self.validSertica.replacingOccurrences(of: "{truncate: 80}", with: "{truncate: eighty}")
        let error = try #require(Self.loadError(text))
        #expect(error.line == 8)
        #expect(error.keyPath.hasPrefix("fields.Title.transforms[0]"))
        #expect(error.message.hasPrefix("field Title:"))
    }

    @Test func missingFileIsUnreadable() {
        do {
            _ = try MappingFile.load(path: "/nonexistent/mappings/sertica.yaml")
            Issue.record("a missing file must not load")
        } catch {
            #expect(error.code == .unreadable)
            #expect(error.file == "/nonexistent/mappings/sertica.yaml")
        }
    }
}
