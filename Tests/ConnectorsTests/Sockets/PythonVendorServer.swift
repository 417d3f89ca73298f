import Foundation
import HTTPTransport

/// A vendor stand-in script from `Resources/`, run as a real HTTP server on 127.0.0.1.
final class PythonVendorServer: @unchecked Sendable {
    // @unchecked: `process` is only started in init and stopped in `stop()`, both from the test's task.
    private let process = Process()
    /// The script exits when this closes: no server outlives the test process.
    private let input = Pipe()
    let baseURL: String

    init(script: String) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources").appendingPathComponent(script).path
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path]
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let port = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard Int(port) != nil else {
            process.terminate()
            throw ServerError(message: "\(script) did not print its port (got '\(port)')")
        }
        baseURL = "http://127.0.0.1:\(port)"
    }

    /// Closes the script's stdin (its signal to exit) and waits for it.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// The script's `/_stats` document, fetched with `client`.
    func stats(using client: any HTTPClient) async throws -> [String: Any] {
        let response = try await client.execute(HTTPRequest(url: baseURL + "/_stats"))
        return try JSONSerialization.jsonObject(with: response.body) as? [String: Any] ?? [:]
    }

    struct ServerError: Error {
        var message: String
    }
}
