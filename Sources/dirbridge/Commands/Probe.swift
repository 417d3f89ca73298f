import ArgumentParser
import DirBridgeSync
import Foundation

extension DirBridge {
    /// A canary lifecycle against one target's live vendor, reporting which of dirbridge's
    /// assumptions about it hold.
    struct Probe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a test user through one target's live vendor and check dirbridge's assumptions about it.",
            discussion: """
                Creates one clearly named test user (the canary) through the target's own mapping, looks it up, \
                creates it again, updates and re-imports it, probes the vendor's batch behaviour where that can be \
                done with the canary alone (Requestor), deprovisions it as the target's `deprovision` says and \
                looks it up again. Each step reports what the vendor answered and whether it confirms or \
                contradicts dirbridge's assumption (docs/vendor-behaviour.md), with the option to set. Every \
                request carries the canary's identity only; the canary is removed at the end (disabled where the \
                vendor cannot delete), whatever failed before. Nothing is written to the store. \
                Exit status: 0 every step as assumed; 1 a step failed or the canary could not be removed (its \
                name and id are printed); 2 refused (deprovision `ignore` without --leave-canary, or the mapping \
                rejects the canary; nothing sent); 3 an assumption was contradicted (the option to set is named).
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @OptionGroup var options: ConfigOptions
        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The target to probe.", valueName: "name"))
        var target: String

        @Option(help: ArgumentHelp("The canary's login name (default dirbridge-probe-<8 random hex>).", valueName: "name"))
        var name: String?

        @Option(help: ArgumentHelp(
            "The canary's e-mail address (default <name>@probe.invalid, which delivers nowhere).", valueName: "address"))
        var mail: String?

        @Flag(help: "Leave the canary at the vendor (required where the target's deprovision is 'ignore').")
        var leaveCanary = false

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        func run() async throws {
            let logger = global.logger("dirbridge.probe")
            let configuration = try options.load()
            guard let target = try configuration.targets(named: target).first else { return }
            let canary = ProbeCanary(name: name, mail: mail, baseDN: configuration.configuration.source.baseDN)
            let probe: TargetProbe
            do {
                probe = try TargetProbe(
                    configuration: configuration, target: target, canary: canary, leavesCanary: leaveCanary, logger: logger)
            } catch {
                FileHandle.standardError.write(Data("dirbridge probe: \(error)\n".utf8))
                throw ExitCode(2)
            }
            let report = await probe.run()
            let stdout = BufferedOutput.standardOutput()
            switch format {
            case .text:
                stdout.write(report.text)
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                stdout.write(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
            }
            try stdout.close()
            if report.exitStatus != 0 {
                throw ExitCode(report.exitStatus)
            }
        }
    }
}
