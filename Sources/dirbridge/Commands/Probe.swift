import ArgumentParser
import DirBridgeConfig
import DirBridgeSync
import Foundation

extension DirBridge {
    /// A canary lifecycle against one live vendor, before trusting it with the directory.
    struct Probe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create, look up, update, re-import and deprovision one test user at a target, and report what the vendor answered.",
            discussion: """
                Every step sends only the canary (default name dirbridge-probe-<random>) and is compared with what \
                dirbridge assumes where the vendor's documents are silent: how a create is answered, whether a lookup \
                finds it, how a duplicate is answered, whether updates and re-imports reach the account. The canary is \
                deprovisioned at the end as the target's deprovision says; a target whose deprovision is ignore is \
                refused unless --leave-canary is given. Nothing is written to the snapshot store. Exit status: 0 every \
                step as assumed; 1 a step failed or the canary could not be removed; 2 refused; 3 the vendor \
                contradicts an assumption (the line says which).
                """)

        @OptionGroup var options: ConfigOptions
        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The target to probe.", valueName: "name"))
        var target: String

        @Option(help: "The canary's user name (default dirbridge-probe-<8 hex digits>).")
        var name: String?

        @Option(help: "The canary's e-mail (default <name>@probe.invalid).")
        var mail: String?

        @Flag(help: "Probe a target whose deprovision is ignore, and leave the canary there.")
        var leaveCanary = false

        func run() async throws {
            let logger = global.logger("dirbridge.probe")
            let configuration = try options.load()
            guard let target = try configuration.targets(named: target).first, let mapping = configuration.mappings[target.name] else {
                throw ValidationError("no target named \(self.target)")
            }
            if target.effectiveDeprovision == .ignore, !leaveCanary {
                print("probe refused: \(target.name)'s deprovision is ignore, so the canary could not be removed; pass --leave-canary to probe it anyway and remove the canary by hand")
                throw ExitCode(2)
            }
            let name = name ?? "dirbridge-probe-" + String(UUID().uuidString.lowercased().prefix(8))
            let report = try await TargetProbe(
                target: target, mapping: mapping, canaryName: name, canaryMail: mail ?? "\(name)@probe.invalid", logger: logger
            ).run()
            let stdout = BufferedOutput.standardOutput()
            for line in report.lines { stdout.write(line + "\n") }
            if let left = report.leftBehind { stdout.write("the canary is still at \(target.name): \(left)\n") }
            try stdout.close()
            if report.exitCode != 0 { throw ExitCode(report.exitCode) }
        }
    }
}
