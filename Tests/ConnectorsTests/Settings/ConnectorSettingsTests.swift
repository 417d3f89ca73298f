@testable import Connectors
import DirBridgeCore
import Testing

@Suite struct ConnectorSettingsTests {
    @Test func refusesADeprovisionPolicyTheVendorCannotCarryOut() {
        let settings = Fixtures.settings(.expoints(ExpointsSettings(token: Secret("t"))), deprovision: .disable)
        #expect {
            try settings.validate()
        } throws: { error in
            let error = error as! ConnectorError
            return error.code == .invalidSettings && error.message.contains("'disable'") && error.message.contains("ignore")
                && error.target == "test-expoints"
        }
        #expect(throws: Never.self) {
            try Fixtures.settings(.expoints(ExpointsSettings(token: Secret("t"))), deprovision: .ignore).validate()
        }
        #expect(throws: ConnectorError.self) {
            try Fixtures.settings(.sertica(SerticaSettings(username: "u", password: Secret("p"))), deprovision: .delete).validate()
        }
    }

    @Test func refusesEmptyCredentialsAndBadURLs() {
        #expect(throws: ConnectorError.self) {
            try Fixtures.settings(.sertica(SerticaSettings(username: "u", password: Secret("")))).validate()
        }
        #expect(throws: ConnectorError.self) {
            try Fixtures.settings(.sertica(SerticaSettings(username: "u", password: Secret("p"))), baseURL: "vendor.test").validate()
        }
    }

    @Test func secretsNeverPrint() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "********")
        #expect(String(reflecting: secret) == "Secret(********)")
        var dumped = ""
        dump(SerticaSettings(username: "u", password: secret), to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(secret.revealed == "hunter2")
    }

    @Test func requestorBatchesAreCappedAtTheDocumentedHundred() throws {
        let settings = Fixtures.settings(.requestor(RequestorSettings(auth: .bearer(token: Secret("t")))), batchSize: 500)
        let connector = try Fixtures.connector(settings, ScriptedHTTPClient { _, _ in .success(.json(200)) })
        #expect(connector.maxBatchSize == 100)
    }
}
