import Foundation
import Testing
@testable import VendorSimulator

@Suite("dirbridge-vendorsim executable")
struct ExecutableTests {
    /// The executable SwiftPM built next to the test bundle.
    var executable: URL {
        let directory = Bundle.main.executableURL?.deletingLastPathComponent()
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return directory.appendingPathComponent("dirbridge-vendorsim")
    }

    @Test("prints its port first, takes credentials from a file, never echoes them, stops on SIGTERM")
    func launch() async throws {
        let credentialsFile = FileManager.default.temporaryDirectory.appendingPathComponent("vendorsim-\(UUID()).json")
        try Data(#"{"sertica": {"username": "svc", "password": "file-secret-91"}}"#.utf8).write(to: credentialsFile)
        defer { try? FileManager.default.removeItem(at: credentialsFile) }

        let process = Process()
        process.executableURL = executable
        process.arguments = ["--port", "0", "--credentials-file", credentialsFile.path, "--log-level", "info"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let firstLine = try await readLine(from: output.fileHandleForReading)
        let port = try #require(firstLine.split(separator: ":").last.flatMap { Int($0) })
        #expect(firstLine == "listening on 127.0.0.1:\(port)")

        let client = SimulatorClient(port: port)
        let user: JSONValue = ["UserNo": "1", "Login": "ann", "Language": "en", "Access": true, "ExternalGroupNo": "G"]
        let fromFile = try await client.send(
            "POST", "/sertica/api/users/ImportUser", headers: ["Authorization": basicAuthorization("svc", "file-secret-91")], json: user
        )
        let defaults = try await client.send(
            "POST", "/sertica/api/users/ImportUser",
            headers: ["Authorization": basicAuthorization("sertica-sync", "sertica-test-password")], json: user
        )
        #expect(fromFile.status == 200)
        #expect(defaults.status == 401)

        process.terminate()
        process.waitUntilExit()
        let logged = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            + String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!logged.contains("file-secret-91"))
    }

    /// Reads up to the first newline on a separate thread (the read blocks).
    private func readLine(from handle: FileHandle) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                var data = Data()
                while !data.contains(UInt8(ascii: "\n")) {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    data.append(chunk)
                }
                let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
                continuation.resume(returning: line)
            }.start()
        }
    }

    @Test("behaviour and proxy flags reach the running simulator, as /_sim/behaviour and /_sim/faults show")
    func behaviourFlags() async throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "--port", "0", "--aria-batch", "in-order", "--aria-token-schemes", "vrealize-ops-token", "--aria-duplicate-status", "400", "--aria-unknown-id-status", "500", "--expoints-duplicate-status", "409",
            "--requestor-result-order", "shuffled", "--requestor-invalid-item", "whole-batch",
            "--formsonfire-delete-parameters", "query", "--formsonfire-duplicate-code", "AlreadyExists",
            "--formsonfire-lookup-shape", "array", "--expoints-lookup-shape", "unfiltered", "--expoints-updates", "absent",
            "--sertica-answer", "response-message", "--json-keys", "camel", "--requestor-results-per-user", "two", "--aria-lookup", "paged-unfiltered", "--requestor-delete-force", "required", "--formsonfire-delete-answer", "empty", "--requestor-result-external-id", "null", "--expoints-batch", "in-order", "--requestor-patch-replace", "strict", "--formsonfire-duplicate-create", "upsert", "--html-share", "0.25", "--not-found-page-share", "0.125", "--apply-then-fail-mode", "empty",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let firstLine = try await readLine(from: output.fileHandleForReading)
        let client = SimulatorClient(port: try #require(firstLine.split(separator: ":").last.flatMap { Int($0) }))
        let behaviour = try await client.send("GET", "/_sim/behaviour").json
        #expect(
            behaviour == [
                "ariaBatch": "inOrder", "ariaTokenSchemes": "vrealizeOpsToken", "ariaDuplicateStatus": 400, "ariaUnknownIdStatus": 500, "expointsDuplicateStatus": 409,
                "requestorResultOrder": "shuffled", "requestorInvalidItem": "wholeBatch", "formsOnFireDeleteParameters": "query",
                "formsOnFireDuplicateCode": "AlreadyExists", "formsOnFireLookupShape": "array", "expointsLookupShape": "unfiltered",
                "expointsUpdates": "absent", "serticaAnswer": "responseMessage", "jsonKeys": "camel", "requestorResultsPerUser": "two", "ariaLookup": "pagedUnfiltered",
                "requestorDeleteForce": "required", "formsOnFireDeleteAnswer": "empty", "requestorResultExternalId": "null", "expointsBatch": "inOrder", "requestorPatchReplace": "strict",
                "formsOnFireDuplicateCreate": "upsert",
            ]
        )
        let faults = try await client.send("GET", "/_sim/faults").json
        #expect(faults["htmlShare"] == 0.25)
        #expect(faults["notFoundPageShare"] == 0.125)
        #expect(faults["applyThenFailMode"] == "empty")
    }

    @Test("an invalid switch value stops the executable before it listens", arguments: [
        ["--aria-duplicate-status", "200"], ["--aria-batch", "inOrder"], ["--formsonfire-lookup-shape", "object"],
    ])
    func invalidBehaviourFlag(arguments: [String]) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--port", "0"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
    }

    @Test("credentials can come from an environment variable named by --credentials-env")
    func credentialsFromEnvironment() async throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--port", "0", "--credentials-env", "VENDORSIM_TEST_CREDENTIALS"]
        process.environment = ["VENDORSIM_TEST_CREDENTIALS": #"{"expoints": {"bearerToken": "env-token-77"}}"#]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let firstLine = try await readLine(from: output.fileHandleForReading)
        let port = try #require(firstLine.split(separator: ":").last.flatMap { Int($0) })
        let client = SimulatorClient(port: port)
        let withEnvToken = try await client.send("GET", "/expoints/external/api/v3/role", headers: ["Authorization": "Bearer env-token-77"])
        let withDefault = try await client.send("GET", "/expoints/external/api/v3/role", headers: ["Authorization": "Bearer expoints-test-token"])
        #expect(withEnvToken.status == 200)
        #expect(withDefault.status == 401)
    }
}
