import DirBridgeSync
import ArgumentParser

extension DirBridge {
    /// Proves a configuration can run before it is scheduled: nothing is written anywhere.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the configuration, directory, targets and store (nothing is sent or imported).",
            discussion: """
                Loads the configuration and every mapping, binds to the directory and reads its users, \
                proves each target accepts its credentials without importing anything, and opens the store \
                (schema, run lock, pending records). One line per check: ok, info, warning or failed. Every \
                check runs even when another failed; only a configuration that cannot be loaded stops the rest. \
                Exit status: 0 no check failed (warnings allowed, e.g. a run holds the lock); 1 at least one \
                check failed.
                """)

        @OptionGroup var options: ConfigOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let logger = global.logger("dirbridge.check")
            let lines = await SetupChecks.run(configPath: options.config, logger: logger)
            let stdout = BufferedOutput.standardOutput()
            for line in lines {
                stdout.write(line.text + "\n")
            }
            let failures = lines.count { $0.status == .failed }
            let warnings = lines.count { $0.status == .warning }
            let warningNote = warnings == 0 ? "" : " (\(warnings) warning\(warnings == 1 ? "" : "s"))"
            stdout.write(
                failures == 0
                    ? "check passed\(warningNote)\n" : "check failed: \(failures) problem\(failures == 1 ? "" : "s")\(warningNote)\n")
            try stdout.close()
            if failures > 0 {
                throw ExitCode(1)
            }
        }
    }
}
