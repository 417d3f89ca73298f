import Foundation
import Logging
@testable import VendorSimulator

/// A simulator running in-process on a free 127.0.0.1 port for the duration of `body`.
func withSimulator(
    _ configuration: SimulatorConfiguration = SimulatorConfiguration(),
    _ body: (SimulatorClient) async throws -> Void
) async throws {
    var logger = Logger(label: "vendorsim-test")
    logger.logLevel = .critical
    let simulator = try VendorSimulator(configuration: configuration, logger: logger)
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let app = simulator.makeApplication { port in
        continuation.yield(port)
        continuation.finish()
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw HarnessFailure.serverDidNotStart }
        try await body(SimulatorClient(port: port))
        group.cancelAll()
    }
}

enum HarnessFailure: Error {
    case serverDidNotStart
    case noResponse(String)
}

/// Sends requests to the running simulator, building them byte by byte.
struct SimulatorClient {
    let port: Int

    /// `nil` when the server closed the connection without answering.
    func sendAllowingDrop(
        _ method: String, _ path: String, headers: [String: String] = [:], json: JSONValue? = nil,
        rawBody: String? = nil, contentType: String? = "application/json"
    ) async throws -> HTTPTestResponse? {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        let body = json.map { $0.encoded } ?? rawBody.map { Data($0.utf8) }
        if let body {
            head += "Content-Length: \(body.count)\r\n"
            if let contentType { head += "Content-Type: \(contentType)\r\n" }
        }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        var request = Data((head + "\r\n").utf8)
        if let body { request.append(body) }
        return try await RawHTTPClient.send(port: port, request: request)
    }

    func send(
        _ method: String, _ path: String, headers: [String: String] = [:], json: JSONValue? = nil,
        rawBody: String? = nil, contentType: String? = "application/json"
    ) async throws -> HTTPTestResponse {
        guard
            let response = try await sendAllowingDrop(
                method, path, headers: headers, json: json, rawBody: rawBody, contentType: contentType
            )
        else { throw HarnessFailure.noResponse("\(method) \(path)") }
        return response
    }

    func state() async throws -> JSONValue {
        try await send("GET", "/_sim/state").json
    }

    /// A vendor's stored users from the state dump.
    func users(_ vendor: String) async throws -> [JSONValue] {
        try await state()["vendors"][vendor]["users"].arrayValue ?? []
    }

    func counter(_ name: String, _ vendor: String) async throws -> Int {
        try await state()["counters"][name][vendor].intValue
    }
}

extension HTTPTestResponse {
    var json: JSONValue { JSONValue.parse(body) ?? .null }
}

func basicAuthorization(_ username: String, _ password: String) -> String {
    "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
}

extension JSONValue {
    subscript(key: String) -> JSONValue {
        objectValue?[key] ?? .null
    }

    subscript(index: Int) -> JSONValue {
        guard let array = arrayValue, array.indices.contains(index) else { return .null }
        return array[index]
    }

    var intValue: Int { integerValue ?? -1 }
}
