import Testing
@testable import DirBridgeConfig

@Suite struct YAMLFileDecoderTests {
    struct Target: Decodable { var name: String; var batchSize: Int }
    struct Document: Decodable { var title: String; var targets: [Target] }

    @Test func decodesAValidDocument() throws {
        let document = try YAMLFileDecoder().decode(
            Document.self, from: "title: t\ntargets:\n  - name: a\n    batchSize: 10\n", file: "c.yaml")
        #expect(document.targets.map(\.batchSize) == [10])
    }

    @Test func wrongTypeNamesLineAndKey() {
        let yaml = "title: t\ntargets:\n  - name: a\n    batchSize: 10\n  - name: b\n    batchSize: many\n"
        let error = #expect(throws: ConfigurationError.self) {
            try YAMLFileDecoder().decode(Document.self, from: yaml, file: "c.yaml")
        }
        #expect(error?.code == .wrongType)
        #expect(error?.line == 6)
        #expect(error?.keyPath == "targets[1].batchSize")
        #expect(error?.description.hasPrefix("c.yaml:6 (targets[1].batchSize)") == true)
    }

    @Test func missingKeyPointsAtTheMappingThatLacksIt() {
        let yaml = "title: t\ntargets:\n  - name: a\n    batchSize: 1\n  - name: b\n"
        let error = #expect(throws: ConfigurationError.self) {
            try YAMLFileDecoder().decode(Document.self, from: yaml, file: "c.yaml")
        }
        #expect(error?.code == .missingKey)
        #expect(error?.line == 5)
        #expect(error?.keyPath == "targets[1].batchSize")
    }

    @Test func syntaxErrorCarriesTheLine() {
        let error = #expect(throws: ConfigurationError.self) {
            try YAMLFileDecoder().decode(Document.self, from: "title: t\ntargets: [a, b\nother: 1\n", file: "c.yaml")
        }
        #expect(error?.code == .invalidYAML)
        #expect(error?.line != nil)
    }

    @Test func unreadableFileIsReported() {
        let error = #expect(throws: ConfigurationError.self) {
            try YAMLFileDecoder().decode(Document.self, fromFile: "/nonexistent/dirbridge.yaml")
        }
        #expect(error?.code == .unreadable)
        #expect(error?.file == "/nonexistent/dirbridge.yaml")
    }
}
