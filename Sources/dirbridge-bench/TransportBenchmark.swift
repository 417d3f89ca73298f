import ArgumentParser
import Foundation
import HTTPTransport
import Logging

extension DirBridgeBench {
    /// POSTs of single JSON users to a local keep-alive server through `CurlHTTPClient`, next to
    /// a Python `requests.Session` loop (the usual script) and `wrk` (the ceiling) on the same endpoint.
    struct Transport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure HTTPTransport's request rate against a Python loop and wrk, same server, same run."
        )

        @Option(help: "POSTs sent by the Swift client.")
        var requests = 10_000

        @Option(help: "Requests in flight at once (also the client's connection limit).")
        var concurrency = 8

        @Option(help: "POSTs sent by the Python requests loop (it is slow; fewer keeps the run short).")
        var pythonRequests = 2_000

        @Option(help: "Seconds wrk runs, if installed.")
        var wrkSeconds = 5

        @Option(help: "Folder holding http_test_server.py and requests_post_loop.py.")
        var supportDirectory = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Support").path

        func validate() throws {
            guard requests > 0, concurrency > 0, pythonRequests > 0, wrkSeconds > 0 else {
                throw ValidationError("--requests, --concurrency, --python-requests and --wrk-seconds must be positive")
            }
            guard FileManager.default.fileExists(atPath: script("http_test_server.py")) else {
                throw ValidationError("no http_test_server.py in \(supportDirectory); pass --support-directory")
            }
        }

        func run() async throws {
            let server = try LocalServer(script: script("http_test_server.py"))
            defer { server.stop() }
            let url = "http://127.0.0.1:\(server.port)/users"
            print("server: Python ThreadingHTTPServer (HTTP/1.1 keep-alive) at \(url)")
            print("body: \(Self.userJSON.utf8.count) bytes of JSON per POST\n")

            let swift = try await measureSwiftClient(url: url)
            print(String(format: "HTTPTransport (libcurl multi, %d in flight): %8.0f requests/s  (%d requests, %d connections)",
                         concurrency, swift.rate, requests, swift.connections))

            let python = try measurePythonLoop(url: url)
            print(String(format: "Python requests.Session loop:             %8.0f requests/s  (%d requests, 1 connection)",
                         python, pythonRequests))

            let wrk = try measureWrk(url: url)
            if let wrk {
                print(String(format: "wrk (-t2 -c%d, %d s, ceiling):             %8.0f requests/s", concurrency, wrkSeconds, wrk))
            } else {
                print("wrk: not installed (apt-get install -y wrk), no ceiling figure")
            }

            print("")
            print(String(format: "HTTPTransport / Python loop: %.1fx  (target >= 5x)", swift.rate / python))
            if let wrk { print(String(format: "HTTPTransport / wrk:         %.0f%%", 100 * swift.rate / wrk)) }
            print("target >= 1,000 requests/s: \(swift.rate >= 1_000 ? "met" : "NOT met")")
        }

        static let userJSON = #"{"userName":"jdoe0001","givenName":"Jane","familyName":"Doe","email":"jane.doe0001@example.com","department":"Finance","active":true}"#

        private func script(_ name: String) -> String {
            URL(fileURLWithPath: supportDirectory).appendingPathComponent(name).path
        }

        private func measureSwiftClient(url: String) async throws -> (rate: Double, connections: Int) {
            let client = try CurlHTTPClient(settings: HTTPClientSettings(maxConnections: concurrency),
                                            logger: Logger(label: "dirbridge-bench"))
            let request = HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/json"],
                                      body: Data(Self.userJSON.utf8))
            try await post(request, times: 50 * concurrency, through: client)  // warm-up: connections open
            let started = ContinuousClock.now
            try await post(request, times: requests, through: client)
            let elapsed = ContinuousClock.now - started
            let counted = try await client.execute(HTTPRequest(url: url.replacingOccurrences(of: "/users", with: "/connections")))
            await client.shutdown()
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return (Double(requests) / seconds, Int(String(decoding: counted.body, as: UTF8.self)) ?? -1)
        }

        /// `times` requests from `concurrency` workers, each sending its share back to back.
        private func post(_ request: HTTPRequest, times: Int, through client: CurlHTTPClient) async throws {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<concurrency {
                    let share = times / concurrency + (worker < times % concurrency ? 1 : 0)
                    group.addTask {
                        for _ in 0..<share {
                            let response = try await client.execute(request)
                            guard response.status == 201 else {
                                throw ValidationError("\(request): unexpected status \(response.status)")
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }

        private func measurePythonLoop(url: String) throws -> Double {
            let output = try runTool(["python3", script("requests_post_loop.py"), url, "\(pythonRequests)", Self.userJSON])
            guard let rate = Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw ValidationError("requests_post_loop.py printed no rate: \(output)")
            }
            return rate
        }

        private func measureWrk(url: String) throws -> Double? {
            guard (try? runTool(["sh", "-c", "command -v wrk"])) != nil else { return nil }
            let lua = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-bench-post.lua")
            let escaped = Self.userJSON.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            try """
            wrk.method = "POST"
            wrk.body = "\(escaped)"
            wrk.headers["Content-Type"] = "application/json"
            """.write(to: lua, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: lua) }
            let output = try runTool(["wrk", "-t2", "-c\(concurrency)", "-d\(wrkSeconds)s", "-s", lua.path, url])
            guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("Requests/sec:") }),
                  let rate = Double(line.dropFirst("Requests/sec:".count).trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("could not read wrk's Requests/sec from:\n\(output)")
            }
            return rate
        }
    }
}

/// Runs a tool to completion and returns its standard output; a non-zero exit throws.
private func runTool(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw ValidationError("\(arguments[0]) exited with status \(process.terminationStatus)")
    }
    return String(decoding: data, as: UTF8.self)
}

/// The Python test server as a child process; it prints its port on its first line.
private struct LocalServer {
    let port: Int
    private let process: Process

    init(script: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != 0x0A {
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw ValidationError("\(script) printed no port")
        }
        self.port = port
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
