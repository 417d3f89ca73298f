import DirBridgeOps
import Foundation
import Logging
import Synchronization
import Testing

/// Captures lines instead of writing to stderr.
final class CapturedLogOutput: LogOutput {
    private let captured = Mutex<[String]>([])
    var lines: [String] { captured.withLock { $0 } }
    func write(line: String) { captured.withLock { $0.append(line) } }
}

@Suite struct LogHandlerTests {
    func makeLogger(_ format: LogFormat, level: Logger.Level = .info) -> (Logger, CapturedLogOutput) {
        let output = CapturedLogOutput()
        let logger = Logger(label: "dirbridge.sync") { label in
            DirBridgeLogHandler(label: label, format: format, level: level, output: output)
        }
        return (logger, output)
    }

    @Test func jsonLineHasFixedFieldsAndFlattenedMetadata() throws {
        var (logger, output) = makeLogger(.json)
        logger[metadataKey: "run_id"] = "r-42"
        logger.warning("vendor rejected user", metadata: [
            "target": "sertica", "action": "create", "anchor": "5f1c\"quoted\"",
            "http": ["status": "422"],
        ])
        let line = try #require(output.lines.first)
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["level"] == "warning")
        #expect(object["label"] == "dirbridge.sync")
        #expect(object["message"] == "vendor rejected user")
        #expect(object["run_id"] == "r-42")
        #expect(object["target"] == "sertica")
        #expect(object["action"] == "create")
        #expect(object["anchor"] == "5f1c\"quoted\"")
        #expect(object["http.status"] == "422")
        let timestamp = try #require(object["timestamp"])
        #expect(try Date(timestamp, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)).timeIntervalSinceNow.magnitude < 60)
        #expect(line.hasPrefix(#"{"timestamp":"#))
        // UTC with milliseconds, e.g. 2026-11-23T13:04:05.123Z.
        #expect(timestamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "\(timestamp)")
    }

    @Test func jsonKeepsAMetadataKeyThatCollidesWithAFixedField() throws {
        let (logger, output) = makeLogger(.json)
        logger.info("hello", metadata: ["message": "shadow"])
        let object = try #require(JSONSerialization.jsonObject(with: Data(output.lines[0].utf8)) as? [String: String])
        #expect(object["message"] == "hello")
        #expect(object["metadata_message"] == "shadow")
    }

    @Test func jsonEscapesControlCharacters() throws {
        let (logger, output) = makeLogger(.json)
        logger.info("line one\nline two\u{01}")
        let object = try #require(JSONSerialization.jsonObject(with: Data(output.lines[0].utf8)) as? [String: String])
        #expect(object["message"] == "line one\nline two\u{01}")
        #expect(!output.lines[0].contains("\n"))
    }

    @Test func textLineShowsLevelTargetMessageAndSortedPairs() {
        let (logger, output) = makeLogger(.text)
        logger.error("request failed", metadata: ["target": "aria", "status": "503", "reason": "service unavailable"])
        #expect(output.lines == [#"ERROR [aria] request failed reason="service unavailable" status=503"#])
    }

    @Test func textLinesNeutraliseControlAndBidiCharactersFromDirectoryData() {
        let (logger, output) = makeLogger(.text)
        logger.warning("user \u{1B}[2Jrefused\nINFO forged", metadata: ["dn": "cn=\u{202E}nimda,dc=x", "target": "a\rb"])
        #expect(output.lines == [#"WARNING [a\u{D}b] user \u{1B}[2Jrefused\u{A}INFO forged dn="cn=\u{202E}nimda,dc=x""#])
    }

    @Test func textWithoutTargetHasNoBrackets() {
        let (logger, output) = makeLogger(.text)
        logger.info("run finished", metadata: ["users": "100000"])
        #expect(output.lines == ["INFO run finished users=100000"])
    }

    @Test func levelFiltersEvents() {
        let (logger, output) = makeLogger(.text, level: .warning)
        logger.info("hidden")
        logger.warning("shown")
        #expect(output.lines == ["WARNING shown"])
    }

    @Test(arguments: [LogFormat.text, .json])
    func secretsAreRedactedInBothFormats(format: LogFormat) {
        var (logger, output) = makeLogger(format)
        logger[metadataKey: "bind_password"] = "hunter2"
        logger.info("connecting", metadata: [
            "Authorization": "Bearer abc.def", "api_token": "t0k3n", "clientSecret": "s3cr3t",
            "integrationKey": "ik-123", "X-Api-Key": "key-9", "headers": ["authorization": "Basic Zm9v"],
            "target": "requestor",
        ])
        let line = output.lines.joined()
        for secret in ["hunter2", "abc.def", "t0k3n", "s3cr3t", "ik-123", "key-9", "Zm9v"] {
            #expect(!line.contains(secret), "\(secret) leaked in \(line)")
        }
        #expect(line.contains("[redacted]"))
        #expect(line.contains("requestor"))
    }

    @Test func redactionRuleIsAboutKeyNames() {
        #expect(LogRedaction.isSecret(key: "password"))
        #expect(LogRedaction.isSecret(key: "DB_PASSWORD"))
        #expect(LogRedaction.isSecret(key: "refresh-token"))
        #expect(LogRedaction.isSecret(key: "integration_key"))
        #expect(!LogRedaction.isSecret(key: "target"))
        #expect(!LogRedaction.isSecret(key: "anchor"))
        #expect(!LogRedaction.isSecret(key: "run_id"))
        // Lower-cased as Unicode does: the KELVIN SIGN becomes an ASCII k.
        #expect(LogRedaction.isSecret(key: "api\u{212A}ey"))
        #expect(!LogRedaction.isSecret(key: "d\u{E9}partement"))
    }

    @Test func textValuesAreQuotedWhenTheyWouldSplitTheField() {
        let line = LogFormat.text.line(
            timestamp: Date(), level: .notice, label: "x", message: "m",
            metadata: [
                "dn": "cn=Jane Doe,ou=people", "plain": "abc", "tricky": "a\"b\\c\nd", "empty": "",
                "nbsp": "a\u{A0}b", "equals": "k=v",
            ])
        #expect(line.contains(#"dn="cn=Jane Doe,ou=people""#))
        #expect(line.contains(" plain=abc"))
        #expect(line.contains(#"tricky="a\"b\\c\nd""#))
        #expect(line.contains(#"empty="""#))
        #expect(line.contains("nbsp=\"a\u{A0}b\""))
        #expect(line.contains(#"equals="k=v""#))
    }

    @Test func metadataProviderValuesAppearAndAreRedacted() {
        let output = CapturedLogOutput()
        let provider = Logger.MetadataProvider { ["run_id": "r-7", "session_token": "tok"] }
        let logger = Logger(label: "x") { label in
            DirBridgeLogHandler(label: label, format: .text, level: .info, output: output, metadataProvider: provider)
        }
        logger.info("tick")
        #expect(output.lines == [#"INFO tick run_id=r-7 session_token=[redacted]"#])
    }
}
