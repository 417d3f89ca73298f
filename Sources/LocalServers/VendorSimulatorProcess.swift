import Foundation

/// `dirbridge-vendorsim` run as a child process on a free 127.0.0.1 port: the five vendor
/// endpoints for the demo and the end-to-end tests, reached over real sockets.
package final class VendorSimulatorProcess: @unchecked Sendable {
    package let port: Int
    package let logFile: String
    private let process: ChildProcess

    /// The server's process id (benchmarks read its CPU time).
    package var pid: pid_t { process.pid }

    private init(port: Int, logFile: String, process: ChildProcess) {
        self.port = port
        self.logFile = logFile
        self.process = process
    }

    /// Where `dirbridge-vendorsim` is: beside the running executable (`swift build` puts every
    /// product of the package in one folder).
    package static func defaultExecutable() -> String {
        let running = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = running.deletingLastPathComponent()
        // A test bundle runs from `<bin>/dirbridgePackageTests.xctest` (a folder on some platforms).
        if folder.pathExtension == "xctest" { folder = folder.deletingLastPathComponent() }
        return folder.appendingPathComponent("dirbridge-vendorsim").path
    }

    /// Starts the simulator and waits for its `listening on 127.0.0.1:PORT` line.
    package static func start(
        executable: String = defaultExecutable(), arguments: [String] = [], logFile: String,
        startTimeout: Duration = .seconds(30)
    ) async throws -> VendorSimulatorProcess {
        FileManager.default.createFile(atPath: logFile, contents: nil)
        let process = try ChildProcess.spawn(executable, ["--port", "0"] + arguments, outputFile: logFile)
        let deadline = ContinuousClock.now + startTimeout
        while ContinuousClock.now < deadline {
            let output = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("listening on 127.0.0.1:") }),
               let port = Int(line.split(separator: ":").last ?? "")
            {
                return VendorSimulatorProcess(port: port, logFile: logFile, process: process)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.signal(SIGKILL)
        process.wait()
        let output = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
        throw ProcessRunner.Failure(command: executable, status: -1, output: "vendor simulator did not start: \(output)")
    }

    /// The base URL of one vendor's endpoints (`sertica`, `aria`, `requestor`, `expoints`, `formsonfire`).
    package func baseURL(_ prefix: String) -> String {
        "http://127.0.0.1:\(port)/\(prefix)"
    }

    package func stop() async {
        await process.terminate(grace: .seconds(10))
    }
}
